/**
 * What a test run may not do to the checkout: add, remove or change a file outside node_modules
 * and .git (a fresh clone has no .cache/ or data/, and a test that writes there depends on them).
 * The global setup takes a listing before the run and compares it after.
 */
import { lstatSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** Never compared: npm's and git's own folders (vitest keeps its results cache in node_modules). */
const SKIPPED = new Set(['node_modules', '.git']);

/** path → size and modification time, for every file, link and folder under `root`. */
export function listCheckout(root: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (dir: string, prefix: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (prefix === '' && SKIPPED.has(entry.name)) continue;
      const path = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
      const full = join(dir, entry.name);
      const stat = lstatSync(full);
      if (entry.isDirectory()) {
        out.set(`${path}/`, 'folder');
        walk(full, path);
      } else {
        out.set(path, `${stat.size} bytes, modified ${stat.mtimeMs}`);
      }
    }
  };
  walk(root, '');
  return out;
}

/** What changed between two listings, one line each (empty when nothing did). */
export function checkoutChanges(
  before: ReadonlyMap<string, string>,
  after: ReadonlyMap<string, string>,
): string[] {
  const changes: string[] = [];
  for (const [path, what] of after) {
    const was = before.get(path);
    if (was === undefined) changes.push(`added ${path}`);
    else if (was !== what) changes.push(`changed ${path}`);
  }
  for (const path of before.keys()) if (!after.has(path)) changes.push(`removed ${path}`);
  return changes.sort();
}
