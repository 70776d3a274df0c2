/**
 * The project's entry points as child processes, the way tests start them. The global setup
 * (tests/support/global-setup.ts) bundles every entry point once with esbuild, as `npm run build`
 * does, into a temporary folder; a child then runs `node <bundle>/cli/ask.js` instead of
 * `node --import tsx src/cli/ask.ts`, which transpiled the same modules again in every process
 * (about half a child's start-up CPU). Without the global setup (a config that does not run it),
 * children fall back to tsx.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { inject } from 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The folder the entry points were bundled into ('' when they were not). */
    bundleDir: string;
  }
}

/** Entry points bundled by the global setup, repository-relative. */
export const ENTRY_POINTS = [
  'src/main.ts',
  'src/reload/engine-worker.ts',
  'src/cli/ask.ts',
  'src/cli/eval.ts',
  'src/cli/fit.ts',
  'src/cli/corpus-check.ts',
  'src/cli/facts.ts',
  'src/cli/prepare-semantics.ts',
  'src/cli/deploy-commands.ts',
  'tests/daily/fixtures/tick-once.ts',
] as const;
export type EntryPoint = (typeof ENTRY_POINTS)[number];

/** Where esbuild writes an entry point (outbase src/; files outside it go under `_.._/`). */
export function bundledPath(bundleDir: string, script: EntryPoint): string {
  const rel = relative('src', script).replaceAll('..', '_.._');
  return join(bundleDir, 'dist', rel.replace(/\.ts$/u, '.js'));
}

function bundleDir(): string {
  try {
    return inject('bundleDir') ?? '';
  } catch {
    return '';
  }
}

/**
 * The command line that runs `script` with `args`: node on the bundle, or tsx from source.
 * @example spawn(...nodeCommand('src/main.ts'))
 */
export function nodeCommand(script: EntryPoint, args: readonly string[] = []): [string, string[]] {
  const dir = bundleDir();
  const bundled = dir === '' ? '' : bundledPath(dir, script);
  if (bundled !== '' && existsSync(bundled)) return [process.execPath, [bundled, ...args]];
  return [process.execPath, ['--import', 'tsx', script, ...args]];
}

export interface ScriptRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs an entry point from the repository root, as `npm run` would, to its exit. `input` is its
 * whole stdin (empty when omitted). The time limit is only a backstop for a hung child, generous
 * for a loaded machine.
 */
export function runScript(
  script: EntryPoint,
  args: readonly string[],
  options: { env: NodeJS.ProcessEnv; input?: string; timeoutMs?: number },
): Promise<ScriptRun> {
  const [command, argv] = nodeCommand(script, args);
  return new Promise((resolve) => {
    const child = execFile(
      command,
      argv,
      { encoding: 'utf8', timeout: options.timeoutMs ?? 120_000, env: options.env },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
    child.stdin?.end(options.input ?? '');
  });
}
