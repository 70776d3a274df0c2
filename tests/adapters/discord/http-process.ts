/**
 * The real entry point (src/main.ts) as a separate process in DISCORD_MODE=http against the fake
 * Discord: what an instance behind a load balancer is. Used by the two-instance load test and by
 * `npm run bench -- --http`.
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';

export interface HttpInstance {
  proc: ChildProcessWithoutNullStreams;
  /** http://127.0.0.1:<port>/discord/interactions */
  url: string;
  stderr(): string;
  /** SIGTERM, then the exit code. */
  stop(): Promise<number | null>;
}

/**
 * Starts one instance and resolves once its HTTP server listens (its port comes from its log).
 * @example const a = await startHttpInstance({ DISCORD_PUBLIC_KEY: key, DISCORD_API_URL: fake.restUrl, ... });
 */
export function startHttpInstance(
  env: Record<string, string>,
  timeoutMs = 60_000,
): Promise<HttpInstance> {
  const proc = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: process.cwd(),
    env: {
      PATH: process.env.PATH ?? '',
      DISCORD_MODE: 'http',
      HTTP_PORT: '0',
      SNAPSHOT_DIR: 'off',
      SEMANTICS_DIR: 'off',
      CORPUS_WATCH: 'false',
      DAILY_ENABLED: 'false',
      LOG_LEVEL: 'info',
      ...env,
    },
  });
  let stderr = '';
  const exit = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
  proc.stdout.resume();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      proc.kill('SIGKILL');
      reject(new Error(`the instance did not start within ${timeoutMs} ms:\n${stderr}`));
    }, timeoutMs);
    void exit.then((code) => {
      clearTimeout(timer);
      reject(new Error(`the instance exited with ${code}:\n${stderr}`));
    });
    proc.stderr.on('data', (chunk: Buffer) => {
      const before = stderr.length;
      stderr += chunk.toString();
      // only the lines completed by this chunk are new
      const start = stderr.lastIndexOf('\n', before) + 1;
      for (const line of stderr.slice(start).split('\n')) {
        if (!line.startsWith('{')) continue;
        let record: { msg?: string; port?: number };
        try {
          record = JSON.parse(line) as { msg?: string; port?: number };
        } catch {
          continue;
        }
        if (record.msg === 'http server listening' && typeof record.port === 'number') {
          clearTimeout(timer);
          resolve({
            proc,
            url: `http://127.0.0.1:${record.port}/discord/interactions`,
            stderr: () => stderr,
            stop: () => {
              proc.kill('SIGTERM');
              return exit;
            },
          });
        }
      }
    });
  });
}
