/** What the tests that read the project's own source share: its files, found by walking a folder. */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** The files under `dir` whose names end with `ext`, node_modules and dist left out. */
export function sourceFiles(dir: string, ext = '.ts'): string[] {
  return readdirSync(dir).flatMap((f) => {
    if (f === 'node_modules' || f === 'dist') return [];
    const p = join(dir, f);
    return statSync(p).isDirectory() ? sourceFiles(p, ext) : p.endsWith(ext) ? [p] : [];
  });
}
