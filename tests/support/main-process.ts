/**
 * The real entry point (src/main.ts) as a child process, as a supervisor would run it: only the
 * environment given (plus PATH and settings that keep tests fast and hermetic), stdout drained,
 * stderr (the JSON log) kept, the last `keepBytes` of it.
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { nodeCommand } from './scripts.ts';

export interface MainProcess {
  proc: ChildProcessWithoutNullStreams;
  /** What the process wrote to stderr so far. */
  stderr(): string;
  /** Resolves with the exit code (null when killed by a signal). */
  exit: Promise<number | null>;
}

/** Runs src/main.ts (bundled, see scripts.ts) with `env` over hermetic defaults (no snapshots, no word meaning, no watcher). */
export function spawnMain(env: Record<string, string>, keepBytes = 4_194_304): MainProcess {
  const [command, args] = nodeCommand('src/main.ts');
  const proc = spawn(command, args, {
    cwd: process.cwd(),
    env: {
      PATH: process.env.PATH ?? '',
      SNAPSHOT_DIR: 'off',
      SEMANTICS_DIR: 'off',
      CORPUS_WATCH: 'false',
      ...env,
    },
  });
  let stderr = '';
  proc.stderr.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-keepBytes);
  });
  proc.stdout.resume();
  const exit = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
  return { proc, stderr: () => stderr, exit };
}

/** The JSON lines of a log. */
export function logRecords<T = Record<string, unknown>>(stderr: string): T[] {
  return stderr
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as T);
}
