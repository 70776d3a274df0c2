/**
 * The real entry point (src/main.ts) as a separate process in DISCORD_MODE=http against the fake
 * Discord: what an instance behind a load balancer is. Used by the two-instance load test and by
 * `npm run bench:http`.
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { createServer } from 'node:net';

export interface HttpInstance {
  proc: ChildProcessWithoutNullStreams;
  /** http://127.0.0.1:<port>/discord/interactions */
  url: string;
  /** What the process wrote to stderr (the last 256 KB). */
  stderr(): string;
  /** SIGTERM, then the exit code. */
  stop(): Promise<number | null>;
}

/** A port nothing listens on right now. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts one instance and resolves once its /healthz answers 200. Its log is drained as it comes
 * (a full stderr pipe would stall the instance), and kept only for error messages.
 * @example const a = await startHttpInstance({ DISCORD_PUBLIC_KEY: key, DISCORD_API_URL: fake.restUrl, ... });
 */
export async function startHttpInstance(
  env: Record<string, string>,
  timeoutMs = 60_000,
): Promise<HttpInstance> {
  const port = await freePort();
  const proc = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: process.cwd(),
    env: {
      PATH: process.env.PATH ?? '',
      DISCORD_MODE: 'http',
      SNAPSHOT_DIR: 'off',
      SEMANTICS_DIR: 'off',
      CORPUS_WATCH: 'false',
      DAILY_ENABLED: 'false',
      LOG_LEVEL: 'warn',
      ...env,
      HTTP_PORT: String(port),
    },
  });
  let stderr = '';
  proc.stderr.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-262_144);
  });
  proc.stdout.resume();
  let exited: number | null | undefined;
  const exit = new Promise<number | null>((resolve) =>
    proc.on('exit', (code) => {
      exited = code;
      resolve(code);
    }),
  );
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exited !== undefined) throw new Error(`the instance exited with ${exited}:\n${stderr}`);
    if (Date.now() > deadline) {
      proc.kill('SIGKILL');
      throw new Error(`the instance did not start within ${timeoutMs} ms:\n${stderr}`);
    }
    const healthy = await fetch(`${base}/healthz`).then(
      (r) => r.status === 200,
      () => false,
    );
    if (healthy) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    proc,
    url: `${base}/discord/interactions`,
    stderr: () => stderr,
    stop: () => {
      if (exited === undefined) proc.kill('SIGTERM');
      return exit;
    },
  };
}
