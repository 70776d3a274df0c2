/**
 * The layering rule as data, and a small reader of import lines: no module may import one from a
 * layer above its own; chat-platform packages are imported by the adapters only, and the engine
 * imports no platform, database or network package; one adapter never imports another's folder
 * (what they share lives beside them, in src/adapters/*.ts). Regular expressions over the source (not the TypeScript compiler, whose
 * version 7 has no JavaScript API) are enough because Biome formats every import the same way.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative, sep } from 'node:path';

/**
 * Lowest first. A module may import its own layer and any below it. Paths are folders or single
 * files, relative to the repository root; the longest match decides a file's layer.
 */
export const LAYERS: readonly (readonly string[])[] = [
  ['src/types'],
  // the reader of the language (tokens, entities, question shape, spelling, word lists): only
  // packages beneath it, so ranking, facts, the short answer and the decision all read one way
  ['src/language'],
  ['src/config.ts', 'src/config', 'src/logger.ts'],
  // the HTTP server is plumbing: platforms and health register routes on it
  ['src/http'],
  ['src/corpus'],
  ['src/semantics'],
  ['src/search'],
  ['src/facts'],
  ['src/answer'],
  // follow-ups read with their conversation: over the engine's Answer, storage injected
  ['src/conversation'],
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
  // corpus:fetch's crawler (network): a tool of the CLI, never imported by the engine or the bot
  ['src/fetch'],
  ['src/cli'],
  ['src/bot.ts', 'src/bot'],
  ['src/main.ts'],
  ['bench'],
];

/** Packages that speak to a chat platform: only `src/adapters` (and `bench`, which drives it) may import them. */
export const PLATFORM_PACKAGES: readonly RegExp[] = [
  /^discord\.js(?:\/|$)/u,
  /^@discordjs\//u,
  /^@slack\//u,
  /^ws(?:\/|$)/u,
];
export const PLATFORM_IMPORTERS: readonly string[] = ['src/adapters', 'bench'];

/** The engine: it answers from documents and knows nothing of platforms, databases or sockets. */
export const ENGINE: readonly string[] = [
  'src/language',
  'src/corpus',
  'src/semantics',
  'src/search',
  'src/facts',
  'src/answer',
];
export const ENGINE_FORBIDDEN: readonly RegExp[] = [
  ...PLATFORM_PACKAGES,
  /^pg(?:\/|$)/u,
  /^pg-/u,
  /^better-sqlite3(?:\/|$)/u,
  /^prom-client(?:\/|$)/u,
  /^(?:node:)?(?:http|https|http2|net|tls|dgram)$/u,
];

/** Folders whose subfolders are siblings that may not import one another. */
export const SIBLINGS: readonly string[] = ['src/adapters'];

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

const under = (path: string, folders: readonly string[]) =>
  folders.some((f) => path === f || path.startsWith(`${f}/`));

/** The sibling folder (e.g. `src/adapters/slack`) a path is in, or null. */
function siblingOf(path: string): string | null {
  for (const parent of SIBLINGS) {
    const rest = path.startsWith(`${parent}/`) ? path.slice(parent.length + 1) : null;
    const child = rest?.split('/');
    if (child && child.length > 1) return `${parent}/${child[0]}`;
  }
  return null;
}

/** Why importing the package `spec` from `from` breaks a rule, or null. */
function packageRule(from: string, spec: string): string | null {
  if (under(from, ENGINE) && ENGINE_FORBIDDEN.some((re) => re.test(spec)))
    return 'the engine imports no platform, database or network package';
  if (!under(from, PLATFORM_IMPORTERS) && PLATFORM_PACKAGES.some((re) => re.test(spec)))
    return `only ${PLATFORM_IMPORTERS.join(' and ')} import a chat platform's package`;
  return null;
}

/**
 * Checks repository-relative files (path → source) against LAYERS, the package rules and the
 * sibling rule.
 */
export function checkLayers(files: ReadonlyMap<string, string>): Violation[] {
  const violations: Violation[] = [];
  for (const [from, source] of files) {
    const own = layerOf(from);
    if (own < 0) {
      violations.push({ from, to: '', reason: 'is in no layer: add its folder to LAYERS' });
      continue;
    }
    for (const spec of importsOf(source)) {
      if (!spec.startsWith('.')) {
        const reason = packageRule(from, spec);
        if (reason) violations.push({ from, to: spec, reason });
        continue;
      }
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
      const mine = siblingOf(from);
      const theirs = siblingOf(to);
      if (mine !== null && theirs !== null && mine !== theirs) {
        violations.push({
          from,
          to,
          reason: `imports a sibling's folder (${theirs}); move what both use beside them`,
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
