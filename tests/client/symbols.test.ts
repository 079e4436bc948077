/**
 * Every character the client prints must be one a text font has (Latin and
 * general punctuation) or one the client ships in its symbol face
 * (client/src/ui/symbols.css): on a system without a symbol font, anything
 * else shows as nothing — the health pips, the host's star and the menu
 * button did, in the tests' packaged Chromium.
 */
import { readFileSync } from 'node:fs';
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

/** The unicode-range of every @font-face in symbols.css, as [first, last] pairs. */
function shippedRanges(css: string): [number, number][] {
  const out: [number, number][] = [];
  for (const m of css.matchAll(/unicode-range:\s*([^;]+);/g)) {
    for (const part of m[1].split(',')) {
      const [a, b] = part.trim().replace(/^U\+/i, '').split('-');
      out.push([Number.parseInt(a, 16), Number.parseInt(b ?? a, 16)]);
    }
  }
  return out;
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

/** Characters of the client's text that neither a text font nor the shipped face covers. */
function uncovered(shipped: [number, number][]): string[] {
  const sources = [
    ...[...sourceFiles(join(ROOT, 'client/src')), ...sourceFiles(join(ROOT, 'shared'))].map((f) => ({
      f,
      texts: literals(f),
    })),
    ...sourceFiles(join(ROOT, 'client/src'), '.css').map((f) => ({ f, texts: cssContent(f) })),
  ];
  const out: string[] = [];
  for (const { f, texts } of sources) {
    for (const { line, text } of texts) {
      for (const ch of text) {
        const code = ch.codePointAt(0) ?? 0;
        if (code < 0x20 || inRanges(code, TEXT_FONT) || inRanges(code, shipped)) continue;
        out.push(`${relative(ROOT, f)}:${line} ${ch} U+${code.toString(16).toUpperCase().padStart(4, '0')}`);
      }
    }
  }
  return out;
}

describe('the symbols the client prints', () => {
  const shipped = shippedRanges(readFileSync(SYMBOLS_CSS, 'utf8'));

  it('reads the shipped ranges from symbols.css', () => {
    expect(shipped.length).toBeGreaterThan(0);
    // ★ (the host), ■ (health), ☰ (the menu), ↑ (a key).
    for (const ch of '★■☰↑') expect(inRanges(ch.codePointAt(0) ?? 0, shipped), ch).toBe(true);
  });

  it('are all in a text font or in the shipped symbol face', () => {
    expect(uncovered(shipped)).toEqual([]);
  });

  it('would catch a symbol the face does not carry', () => {
    // Without the shipped face, the star, the pips and the menu button are caught.
    const missing = uncovered([]);
    expect(missing.some((m) => m.includes('lobbyScreen.ts') && m.includes('★'))).toBe(true);
    expect(missing.some((m) => m.includes('Hud.ts') && m.includes('■'))).toBe(true);
    expect(missing.some((m) => m.includes('matchMenu.ts') && m.includes('☰'))).toBe(true);
  });

  it('the face is first after the text fonts in the page font', () => {
    const style = readFileSync(join(ROOT, 'client/src/ui/style.css'), 'utf8');
    expect(style).toMatch(/--font:[^;]*"LM Symbols", sans-serif;/);
    expect(readFileSync(join(ROOT, 'client/src/main.ts'), 'utf8')).toContain("import './ui/symbols.css';");
  });
});
