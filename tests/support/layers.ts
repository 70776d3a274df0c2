/**
 * The layering rule as data, and a small reader of import lines: no module may import one from a
 * layer above its own. Regular expressions over the source (not the TypeScript compiler, whose
 * version 7 has no JavaScript API) are enough because Biome formats every import the same way.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative, sep } from 'node:path';

/**
 * Lowest first. A module may import its own layer and any below it. Paths are folders or single
 * files, relative to the repository root; the longest match decides a file's layer.
 */
export const LAYERS: readonly (readonly string[])[] = [
  ['src/config.ts', 'src/logger.ts', 'src/types'],
  // the HTTP server is plumbing: platforms and health register routes on it
  ['src/http'],
  ['src/corpus'],
  ['src/semantics'],
  ['src/search'],
  ['src/facts'],
  ['src/answer'],
  ['src/eval'],
  ['src/storage'],
  ['src/daily'],
  // reloads: engines built in a worker thread with the id ledger's database
  ['src/reload'],
  ['commands'],
  ['src/services'],
  ['src/interactions'],
  ['src/adapters'],
  // health, metrics, lifecycle, process guards: over the platforms, under the bot runtime
  ['src/ops'],
  ['src/cli'],
  ['src/bot.ts'],
  ['src/main.ts'],
  ['bench'],
];

export interface Violation {
  from: string;
  to: string;
  reason: string;
}

/** The layer index of a repository-relative path, or -1 when no layer holds it. */
export function layerOf(path: string): number {
  let best = -1;
  let bestLength = -1;
  LAYERS.forEach((paths, i) => {
    for (const p of paths) {
      if ((path === p || path.startsWith(`${p}/`)) && p.length > bestLength) {
        best = i;
        bestLength = p.length;
      }
    }
  });
  return best;
}

const STATIC = /^[ \t]*(?:import|export)\b[^;'"`]*?\bfrom\s*['"]([^'"]+)['"]/gm;
const BARE = /^[ \t]*import\s*['"]([^'"]+)['"]/gm;
const DYNAMIC = /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g;

/** Every module specifier a source text imports or re-exports (static, side-effect, dynamic). */
export function importsOf(source: string): string[] {
  const out: string[] = [];
  for (const re of [STATIC, BARE, DYNAMIC]) {
    for (const m of source.matchAll(re)) if (m[1] !== undefined) out.push(m[1]);
  }
  return out;
}

/** Checks repository-relative files (path → source) against LAYERS. */
export function checkLayers(files: ReadonlyMap<string, string>): Violation[] {
  const violations: Violation[] = [];
  for (const [from, source] of files) {
    const own = layerOf(from);
    if (own < 0) {
      violations.push({ from, to: '', reason: 'is in no layer: add its folder to LAYERS' });
      continue;
    }
    for (const spec of importsOf(source)) {
      if (!spec.startsWith('.')) continue;
      const to = normalize(join(dirname(from), spec))
        .split(sep)
        .join('/');
      const target = layerOf(to);
      if (target > own) {
        violations.push({
          from,
          to,
          reason: `imports upward (${LAYERS[own]?.join(', ')} → ${LAYERS[target]?.join(', ')})`,
        });
      }
    }
  }
  return violations;
}

/** The TypeScript sources under `roots` (repository-relative), read from `repo`. */
export function readSources(repo: string, roots: readonly string[]): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (dir: string): void => {
    for (const entry of readdirSync(join(repo, dir), { withFileTypes: true })) {
      const path = `${dir}/${entry.name}`;
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules' && entry.name !== 'fixtures') walk(path);
      } else if (/\.ts$/u.test(entry.name)) {
        files.set(
          relative(repo, join(repo, path)).split(sep).join('/'),
          readFileSync(join(repo, path), 'utf8'),
        );
      }
    }
  };
  for (const root of roots) walk(root);
  return files;
}
