/**
 * The layers, enforced. The simulation, the maps and the bots (shared/sim,
 * shared/map, shared/bots) run the same in Node, in the browser and in a
 * replay, so they import no Colyseus, no Pixi, no Node built-in and nothing
 * of the server or the client, and they touch no clock, no timer, no global
 * randomness and no process. Nothing in shared/ imports the server or the
 * client, and the client never imports the server.
 *
 * Imports are read from the source with comments removed (`import … from`,
 * `export … from`, `import '…'`, `import('…')`, `require('…')`); globals
 * are looked for in the code with comments and string contents removed, so
 * a comment or a message that names `Date` is not a use of it.
 */

import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, posix, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sourceFiles } from './sourceFiles.js';

const ROOT = join(import.meta.dirname, '..');

/** Folders whose code must stay pure: deterministic, portable, no I/O. */
const PURE = ['shared/sim/', 'shared/map/', 'shared/bots/', 'shared/replay/'];

/** Globals the pure layers must not touch, each with the reason given when one does. */
const GLOBALS: readonly { re: RegExp; what: string }[] = [
  { re: /\bMath\s*\.\s*random\b/g, what: 'Math.random (use the seeded RNG in shared/sim/rng.ts)' },
  ...['Date', 'performance'].map((name) => ({ re: identifier(name), what: `${name} (a clock)` })),
  ...['setTimeout', 'setInterval', 'setImmediate', 'queueMicrotask', 'requestAnimationFrame'].map((name) => ({
    re: identifier(name),
    what: `${name} (a timer)`,
  })),
  { re: identifier('process'), what: 'process (the Node process)' },
  { re: identifier('globalThis'), what: 'globalThis' },
];

/** A global name used as such: not a property (`x.Date`, `x?.Date`; a spread `...Date` is a use) and not part of a longer name. */
function identifier(name: string): RegExp {
  return new RegExp(`(?<![\\w$])(?<!(?:^|[^.])\\.)${name}(?![\\w$])`, 'g');
}

/**
 * The source twice over, line breaks kept so lines still count: `code` with
 * comments blanked, `bare` with string and template text blanked too
 * (template `${…}` expressions stay code). A `/` starts a regular
 * expression where an operand is expected, as in JavaScript itself.
 */
function scan(src: string): { code: string; bare: string } {
  const code = src.split('');
  const bare = src.split('');
  const blank = (arr: string[], i: number) => {
    if (arr[i] !== '\n') arr[i] = ' ';
  };
  // Brace depth of each open template expression `${`, innermost last.
  const templates: number[] = [];
  let depth = 0;
  let i = 0;
  const n = src.length;
  let prev = ''; // last significant code character, to tell a regex from a division
  let prevWord = '';
  while (i < n) {
    const c = src[i];
    const d = src[i + 1];
    if (c === '/' && d === '/') {
      while (i < n && src[i] !== '\n') {
        blank(code, i);
        blank(bare, i++);
      }
    } else if (c === '/' && d === '*') {
      const end = src.indexOf('*/', i + 2);
      const stop = end < 0 ? n : end + 2;
      while (i < stop) {
        blank(code, i);
        blank(bare, i++);
      }
    } else if (c === "'" || c === '"') {
      i++;
      while (i < n && src[i] !== c && src[i] !== '\n') {
        if (src[i] === '\\') blank(bare, i++);
        blank(bare, i++);
      }
      i++;
      prev = c;
      prevWord = '';
    } else if (c === '`' || (c === '}' && depth === 0 && templates.length > 0)) {
      // Template text, from an opening backtick or the end of a `${…}`.
      if (c === '}') depth = templates.pop() as number;
      i++;
      while (i < n && src[i] !== '`' && !(src[i] === '$' && src[i + 1] === '{')) {
        if (src[i] === '\\') blank(bare, i++);
        blank(bare, i++);
      }
      prevWord = '';
      if (src[i] === '$') {
        templates.push(depth);
        depth = 0;
        i += 2;
        prev = '{';
      } else {
        i++;
        prev = '`';
      }
    } else if (
      c === '/' &&
      (prev === '' ||
        '(,=:[!&|?{};+-*%<>~^'.includes(prev) ||
        /^(return|typeof|case|do|else|in|of|void|yield|await)$/.test(prevWord))
    ) {
      // A regular expression literal: blank its body in `bare` only.
      i++;
      let inClass = false;
      while (i < n && src[i] !== '\n' && (inClass || src[i] !== '/')) {
        if (src[i] === '\\') blank(bare, i++);
        else if (src[i] === '[') inClass = true;
        else if (src[i] === ']') inClass = false;
        blank(bare, i++);
      }
      i++;
      prev = ')';
      prevWord = '';
    } else {
      if (c === '{') depth++;
      else if (c === '}') depth--;
      if (/\s/.test(c)) {
        i++;
        continue;
      }
      if (/[\w$]/.test(c)) {
        let j = i;
        while (j < n && /[\w$]/.test(src[j])) j++;
        prevWord = src.slice(i, j);
        prev = 'a';
        i = j;
        continue;
      }
      prevWord = '';
      prev = c;
      i++;
    }
  }
  return { code: code.join(''), bare: bare.join('') };
}

/** A quoted specifier; matched in the code with string contents blanked, then read from the code itself. */
const SPEC = `(['"])([^'"\\n]*)\\1`;
const IMPORT_PATTERNS: readonly RegExp[] = [
  // import x from '…', import * as x from '…', import { a, type B } from '…', import type …, import x, { a } from '…'
  new RegExp(
    `\\bimport\\s+(?:type\\s+)?(?:[\\w$]+|\\*\\s*as\\s+[\\w$]+|\\{[^}]*\\})(?:\\s*,\\s*(?:\\*\\s*as\\s+[\\w$]+|\\{[^}]*\\}))?\\s*from\\s*${SPEC}`,
    'dg',
  ),
  // export * from '…', export * as x from '…', export { a } from '…', export type { A } from '…'
  new RegExp(`\\bexport\\s+(?:type\\s+)?(?:\\*(?:\\s*as\\s+[\\w$]+)?|\\{[^}]*\\})\\s*from\\s*${SPEC}`, 'dg'),
  // import '…' (for its effects)
  new RegExp(`\\bimport\\s*${SPEC}`, 'dg'),
  // import('…'), require('…')
  new RegExp(`(?<![\\w$.])(?:import|require)\\s*\\(\\s*${SPEC}\\s*\\)`, 'dg'),
];

interface Import {
  spec: string;
  line: number;
}

/** Every module specifier the source imports or re-exports, with its line (comments and strings ignored). */
function importsOf(src: string): Import[] {
  const { code, bare } = scan(src);
  const out: Import[] = [];
  for (const re of IMPORT_PATTERNS) {
    for (const m of bare.matchAll(re)) {
      const [start, end] = m.indices?.[2] ?? [0, 0];
      out.push({ spec: code.slice(start, end), line: lineAt(code, start) });
    }
  }
  return out.sort((a, b) => a.line - b.line);
}

const lineAt = (text: string, index: number): number => {
  let line = 1;
  for (let k = 0; k < index; k++) if (text.charCodeAt(k) === 10) line++;
  return line;
};

const NODE_BUILTINS = new Set(builtinModules.filter((m) => !m.startsWith('_')));
const isNodeBuiltin = (spec: string): boolean =>
  spec.startsWith('node:') || NODE_BUILTINS.has(spec.split('/')[0]);

/** The repository path a specifier names, for relative ones (`shared/sim/x.js`); null for packages. */
function target(file: string, spec: string): string | null {
  if (!spec.startsWith('.')) return null;
  return posix.normalize(posix.join(posix.dirname(file), spec));
}

const under = (path: string | null, dir: string): boolean => path?.startsWith(dir) === true;

interface Violation {
  file: string;
  line: number;
  what: string;
}

/**
 * What a file (a repository path with forward slashes) breaks of the layer
 * rules, in line order.
 */
/** Client folders above the network layer: net/ and the contract it shares with them never import these. */
const CLIENT_ABOVE_NET = [
  'client/src/app/',
  'client/src/match/',
  'client/src/render/',
  'client/src/ui/',
  'client/src/hud/',
  'client/src/audio/',
  'client/src/settings/',
];

function layerViolations(file: string, src: string): Violation[] {
  const out: Violation[] = [];
  const pure = PURE.some((dir) => file.startsWith(dir));
  const add = (line: number, what: string) => out.push({ file, line, what });
  for (const { spec, line } of importsOf(src)) {
    const to = target(file, spec);
    if (file.startsWith('shared/') && (under(to, 'server/') || under(to, 'client/'))) {
      add(line, `imports ${spec}: shared code never imports the server or the client`);
    } else if (file.startsWith('client/') && under(to, 'server/')) {
      add(line, `imports ${spec}: the client never imports the server`);
    } else if (
      (file.startsWith('client/src/net/') || file.startsWith('client/src/contract/')) &&
      CLIENT_ABOVE_NET.some((dir) => under(to, dir))
    ) {
      add(line, `imports ${spec}: net/ and contract/ sit below the screens, the match view and the renderer`);
    } else if (pure && (spec.startsWith('@colyseus/') || spec === 'colyseus')) {
      add(line, `imports ${spec}: the simulation, maps and bots know nothing of Colyseus`);
    } else if (pure && (spec === 'pixi.js' || spec.startsWith('pixi.js/') || spec.startsWith('@pixi/'))) {
      add(line, `imports ${spec}: the simulation, maps and bots know nothing of Pixi`);
    } else if (pure && isNodeBuiltin(spec)) {
      add(line, `imports ${spec}: a Node built-in (the simulation, maps and bots run in the browser too)`);
    } else if (pure && under(to, 'shared/schema/')) {
      add(
        line,
        `imports ${spec}: the schema is Colyseus state (the simulation, maps and bots stay below it)`,
      );
    }
  }
  if (pure) {
    const { bare } = scan(src);
    for (const { re, what } of GLOBALS) {
      for (const m of bare.matchAll(re)) add(lineAt(bare, m.index ?? 0), `uses ${what}`);
    }
  }
  return out.sort((a, b) => a.line - b.line);
}

const show = (v: Violation) => `${v.file}:${v.line}: ${v.what}`;

const repoPath = (abs: string) => relative(ROOT, abs).split(sep).join('/');

describe('layers', () => {
  it('the checker finds each forbidden import and global, with its line, and nothing in comments or strings', () => {
    const bad = [
      "import { Room } from '@colyseus/core';", // 1
      "import type { Sprite } from 'pixi.js';", // 2
      "import { readFileSync } from 'fs';", // 3
      "import { randomInt } from 'node:crypto';", // 4
      "export { config } from '../../server/config.js';", // 5
      'import {', // 6
      '  a,', // 7
      "} from '../schema/MatchState.js';", // 8
      "// import x from 'node:fs'; Math.random() in a comment", // 9
      "/* new Date(), performance.now(), import('node:path') */", // 10
      "const msg = 'Date and process in a string';", // 11
      'const r = Math.random();', // 12
      'const t = Date.now() + performance.now();', // 13
      'setTimeout(() => queueMicrotask(() => {}), 1);', // 14
      'const env = process.env.X ?? globalThis.y;', // 15
      'const s = `at $' + '{Date.now()} // not a comment`;', // 16: a template with an expression
      "const m = await import('../../client/src/main.js');", // 17
      'const re = /\\/\\/ Date /g; const ok = x.Date + y?.process + updateDate + setImmediate2;', // 18
      'const all = { ...process.env };', // 19
      "import '../map/tiles.js';", // 20
    ].join('\n');
    expect(layerViolations('shared/sim/bad.ts', bad).map(show)).toEqual([
      'shared/sim/bad.ts:1: imports @colyseus/core: the simulation, maps and bots know nothing of Colyseus',
      'shared/sim/bad.ts:2: imports pixi.js: the simulation, maps and bots know nothing of Pixi',
      'shared/sim/bad.ts:3: imports fs: a Node built-in (the simulation, maps and bots run in the browser too)',
      'shared/sim/bad.ts:4: imports node:crypto: a Node built-in (the simulation, maps and bots run in the browser too)',
      'shared/sim/bad.ts:5: imports ../../server/config.js: shared code never imports the server or the client',
      'shared/sim/bad.ts:8: imports ../schema/MatchState.js: the schema is Colyseus state (the simulation, maps and bots stay below it)',
      'shared/sim/bad.ts:12: uses Math.random (use the seeded RNG in shared/sim/rng.ts)',
      'shared/sim/bad.ts:13: uses Date (a clock)',
      'shared/sim/bad.ts:13: uses performance (a clock)',
      'shared/sim/bad.ts:14: uses setTimeout (a timer)',
      'shared/sim/bad.ts:14: uses queueMicrotask (a timer)',
      'shared/sim/bad.ts:15: uses process (the Node process)',
      'shared/sim/bad.ts:15: uses globalThis',
      'shared/sim/bad.ts:16: uses Date (a clock)',
      'shared/sim/bad.ts:17: imports ../../client/src/main.js: shared code never imports the server or the client',
      'shared/sim/bad.ts:19: uses process (the Node process)',
    ]);
  });

  it('the checker reads every form of import, and only the code', () => {
    const src = [
      "import a from './a.js';",
      "import * as b from './b.js';",
      "import c, { d } from './c.js';",
      "import type { E } from './e.js';",
      "export * from './f.js';",
      "export type { G } from './g.js';",
      "import './h.js';",
      "const i = import('./i.js');",
      'const s = "import j from \'./j.js\'";',
      "// import k from './k.js';",
    ].join('\n');
    expect(importsOf(src)).toEqual([
      { spec: './a.js', line: 1 },
      { spec: './b.js', line: 2 },
      { spec: './c.js', line: 3 },
      { spec: './e.js', line: 4 },
      { spec: './f.js', line: 5 },
      { spec: './g.js', line: 6 },
      { spec: './h.js', line: 7 },
      { spec: './i.js', line: 8 },
    ]);
  });

  it('the checker holds the other layers to their own rules only', () => {
    const schema =
      "import { Schema } from '@colyseus/schema';\nimport { x } from '../../server/app.js';\nDate.now();";
    expect(layerViolations('shared/schema/X.ts', schema).map(show)).toEqual([
      'shared/schema/X.ts:2: imports ../../server/app.js: shared code never imports the server or the client',
    ]);
    const client =
      "import { Application } from 'pixi.js';\nimport type { Y } from '../../../server/rooms/MatchRoom.js';";
    expect(layerViolations('client/src/net/X.ts', client).map(show)).toEqual([
      'client/src/net/X.ts:2: imports ../../../server/rooms/MatchRoom.js: the client never imports the server',
    ]);
    expect(layerViolations('server/rooms/X.ts', schema)).toEqual([]);
    expect(
      layerViolations('client/src/net/Y.ts', "import type { Screen } from '../app/screens.js';").map(show),
    ).toEqual([
      'client/src/net/Y.ts:1: imports ../app/screens.js: net/ and contract/ sit below the screens, the match view and the renderer',
    ]);
  });

  it('shared/ and client/ keep their layers', () => {
    const files = [...sourceFiles(join(ROOT, 'shared')), ...sourceFiles(join(ROOT, 'client'))];
    const paths = files.map(repoPath);
    for (const dir of PURE) expect(paths.some((p) => p.startsWith(dir))).toBe(true);
    const violations = files.flatMap((f) => layerViolations(repoPath(f), readFileSync(f, 'utf8')));
    expect(violations.map(show)).toEqual([]);
  });
});
