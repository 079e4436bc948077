/**
 * Every character the client prints must be one a text font has (Latin and
 * general punctuation) or one the client ships in its symbol face
 * (client/src/ui/symbols.css): on a system without a symbol font, anything
 * else shows as nothing — the health pips, the host's star and the menu
 * button did, in the tests' packaged Chromium. And the shipped face must
 * really have a glyph for each (the font file is read, not just the
 * unicode-range that names it): the arrow keys once showed as empty boxes,
 * their code points in the range while the font had no arrows.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { sourceFiles } from '../sourceFiles.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
const SYMBOLS_CSS = join(ROOT, 'client/src/ui/symbols.css');

/** What any text font covers: Latin, general punctuation (— – … · ’), and ≤ ≥. */
const TEXT_FONT: [number, number][] = [
  [0x20, 0x24f],
  [0x2000, 0x206f],
  [0x2264, 0x2265],
];

/** A font file read for its character map (fontkit, a dev dependency without types). */
const fontkit = createRequire(import.meta.url)('fontkit') as {
  openSync(path: string): { hasGlyphForCodePoint(code: number): boolean };
};

/** One @font-face of symbols.css: its font file and its unicode-range as [first, last] pairs. */
interface Face {
  file: string;
  ranges: [number, number][];
}

function shippedFaces(css: string): Face[] {
  return [...css.matchAll(/@font-face\s*{([^}]*)}/g)].map(([, body]) => {
    const url = /url\("([^"]+)"\)/.exec(body)?.[1] ?? '';
    const ranges: [number, number][] = [];
    for (const part of (/unicode-range:\s*([^;]+);/.exec(body)?.[1] ?? '').split(',')) {
      const [a, b] = part.trim().replace(/^U\+/i, '').split('-');
      ranges.push([Number.parseInt(a, 16), Number.parseInt(b ?? a, 16)]);
    }
    return { file: join(ROOT, 'node_modules', url), ranges };
  });
}

/** The text of every string and template literal of a TypeScript file, with its line. */
function literals(file: string): { line: number; text: string }[] {
  const sf = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const out: { line: number; text: string }[] = [];
  const visit = (n: ts.Node): void => {
    if (
      ts.isStringLiteral(n) ||
      ts.isNoSubstitutionTemplateLiteral(n) ||
      ts.isTemplateHead(n) ||
      ts.isTemplateMiddle(n) ||
      ts.isTemplateTail(n)
    ) {
      out.push({ line: sf.getLineAndCharacterOfPosition(n.getStart()).line + 1, text: n.text });
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return out;
}

/** The printed text of a stylesheet: its `content:` values. */
function cssContent(file: string): { line: number; text: string }[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .flatMap((l, i) => [...l.matchAll(/content:\s*"([^"]*)"/g)].map((m) => ({ line: i + 1, text: m[1] })));
}

const inRanges = (code: number, ranges: [number, number][]) =>
  ranges.some(([a, b]) => code >= a && code <= b);

/** Every character of the client's text outside the text fonts, with where it is. */
function printedSymbols(): { code: number; where: string }[] {
  const sources = [
    ...[...sourceFiles(join(ROOT, 'client/src')), ...sourceFiles(join(ROOT, 'shared'))].map((f) => ({
      f,
      texts: literals(f),
    })),
    ...sourceFiles(join(ROOT, 'client/src'), '.css').map((f) => ({ f, texts: cssContent(f) })),
  ];
  const out: { code: number; where: string }[] = [];
  for (const { f, texts } of sources) {
    for (const { line, text } of texts) {
      for (const ch of text) {
        const code = ch.codePointAt(0) ?? 0;
        if (code < 0x20 || inRanges(code, TEXT_FONT)) continue;
        out.push({
          code,
          where: `${relative(ROOT, f)}:${line} ${ch} U+${code.toString(16).toUpperCase().padStart(4, '0')}`,
        });
      }
    }
  }
  return out;
}

/** The printed symbols that no shipped face both names in its range and has a glyph for. */
function uncovered(faces: readonly Face[], symbols = printedSymbols()): string[] {
  const fonts = new Map(faces.map((f) => [f.file, fontkit.openSync(f.file)]));
  return symbols
    .filter(({ code }) => {
      const face = faces.find((f) => inRanges(code, f.ranges));
      return !face || !fonts.get(face.file)?.hasGlyphForCodePoint(code);
    })
    .map((s) => s.where);
}

describe('the symbols the client prints', () => {
  const faces = shippedFaces(readFileSync(SYMBOLS_CSS, 'utf8'));

  it('reads the shipped faces from symbols.css', () => {
    expect(faces.length).toBeGreaterThan(0);
    const ranges = faces.flatMap((f) => f.ranges);
    // ★ (the host), ■ (health), ☰ (the menu), ⭡ (a key).
    for (const ch of '★■☰⭡') expect(inRanges(ch.codePointAt(0) ?? 0, ranges), ch).toBe(true);
  });

  it('are all in a text font or drawn by the shipped symbol face', () => {
    expect(uncovered(faces)).toEqual([]);
  });

  it('would catch a symbol the face does not carry, or one its range names but its font lacks', () => {
    // Without the shipped face, the star, the pips, the menu button and the keys' arrows are caught.
    const missing = uncovered([]);
    expect(missing.some((m) => m.includes('lobbyScreen.ts') && m.includes('★'))).toBe(true);
    expect(missing.some((m) => m.includes('Hud.ts') && m.includes('■'))).toBe(true);
    expect(missing.some((m) => m.includes('matchMenu.ts') && m.includes('☰'))).toBe(true);
    expect(missing.some((m) => m.includes('keymap.ts') && m.includes('⭡'))).toBe(true);
    // ← ↑ → ↓ are in the font file's unicode-range upstream, but not in its font: a face naming
    // them in its range is still caught (as the arrow keys' labels were, printed as empty boxes).
    const named = faces.map((f) => ({ ...f, ranges: [...f.ranges, [0x2190, 0x2193] as [number, number]] }));
    const arrow = { code: 0x2191, where: 'keymap.ts:1 ↑ U+2191' };
    const star = { code: 0x2605, where: 'lobbyScreen.ts:1 ★ U+2605' };
    expect(uncovered(named, [arrow, star])).toEqual([arrow.where]);
  });

  it('the face is first after the text fonts in the page font', () => {
    const style = readFileSync(join(ROOT, 'client/src/ui/style.css'), 'utf8');
    expect(style).toMatch(/--font:[^;]*"LM Symbols", sans-serif;/);
    expect(readFileSync(join(ROOT, 'client/src/main.ts'), 'utf8')).toContain("import './ui/symbols.css';");
  });
});
