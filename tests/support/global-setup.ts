/**
 * Vitest global setup for `npm test` (and `npm run test:pg`):
 * - bundles the entry points that tests start as child processes, once, into a temporary folder
 *   (`inject('bundleDir')`, see tests/support/scripts.ts). The folder links `node_modules` and
 *   `src` back to the checkout, so packages and the fonts resolve as they do from `dist/`;
 * - fails the run when it added, removed or changed anything in the checkout: tests write only to
 *   temporary folders and need no prepared `.cache/`.
 */
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import type { TestProject } from 'vitest/node';
import { checkoutChanges, listCheckout } from './checkout.ts';
import { ENTRY_POINTS } from './scripts.ts';

const ROOT = resolve(import.meta.dirname, '..', '..');

export default async function setup(project: TestProject): Promise<() => void> {
  const before = listCheckout(ROOT);
  const dir = mkdtempSync(join(tmpdir(), 'dossier-test-bundle-'));
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  symlinkSync(join(ROOT, 'src'), join(dir, 'src'), 'dir');
  await build({
    absWorkingDir: ROOT,
    entryPoints: [...ENTRY_POINTS],
    outbase: 'src',
    outdir: join(dir, 'dist'),
    bundle: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    splitting: true,
    sourcemap: true,
    logLevel: 'warning',
  });
  project.provide('bundleDir', dir);
  return () => {
    rmSync(dir, { recursive: true, force: true });
    const changes = checkoutChanges(before, listCheckout(ROOT));
    if (changes.length > 0) {
      // vitest only logs a teardown's error: the exit code is set here
      process.exitCode = 1;
      throw new Error(
        `tests changed the checkout (they may write only to temporary folders):\n  ${changes.join('\n  ')}`,
      );
    }
  };
}
