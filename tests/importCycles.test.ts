/**
 * No import circles in shared/, server/ or client/src: every module can be
 * read, tested and loaded below the ones that use it. Type-only imports
 * count too (a circle of types is still a circle of knowledge).
 */
import { readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sourceFiles } from './sourceFiles.js';

const ROOT = join(import.meta.dirname, '..');
const IMPORT = /(?:import|export)\s[^'"]*?from\s+['"](\.[^'"]+)['"]/g;

/** The graph of relative imports between the given files (paths relative to the repo). */
function importGraph(sources: Map<string, string>): Map<string, string[]> {
  const g = new Map<string, string[]>();
  for (const [file, src] of sources) {
    const deps: string[] = [];
    for (const m of src.matchAll(IMPORT)) {
      const target = normalize(join(dirname(file), m[1])).replace(/\.js$/, '.ts');
      if (sources.has(target)) deps.push(target);
    }
    g.set(file, deps);
  }
  return g;
}

/** Strongly connected components with more than one file (Tarjan). */
function circles(g: Map<string, string[]>): string[][] {
  let n = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const on = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, n);
    low.set(v, n++);
    stack.push(v);
    on.add(v);
    for (const w of g.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (on.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const comp: string[] = [];
      for (;;) {
        const w = stack.pop()!;
        on.delete(w);
        comp.push(w);
        if (w === v) break;
      }
      if (comp.length > 1) out.push(comp.sort());
    }
  };
  for (const v of g.keys()) if (!index.has(v)) visit(v);
  return out;
}

describe('import circles', () => {
  it('the checker finds a circle, type-only imports included', () => {
    const g = importGraph(
      new Map([
        ['a/x.ts', "import type { Y } from './y.js';"],
        ['a/y.ts', "import { z } from '../b/z.js';"],
        ['b/z.ts', "export { X } from '../a/x.js';"],
        ['b/w.ts', "import { z } from './z.js';"],
      ]),
    );
    expect(circles(g)).toEqual([['a/x.ts', 'a/y.ts', 'b/z.ts']]);
  });

  it('shared/, server/ and client/src have none', () => {
    const sources = new Map<string, string>();
    for (const dir of ['shared', 'server', 'client/src']) {
      for (const f of sourceFiles(join(ROOT, dir))) sources.set(relative(ROOT, f), readFileSync(f, 'utf8'));
    }
    expect(sources.size).toBeGreaterThan(100);
    expect(circles(importGraph(sources))).toEqual([]);
  });
});
