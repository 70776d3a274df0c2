/**
 * The real entry point (src/main.ts) as a separate process in DISCORD_MODE=http against the fake
 * Discord: what an instance behind a load balancer is. Used by the two-instance load test and by
 * `npm run bench:http`.
 */
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { createServer } from 'node:net';
import { spawnMain } from '../../support/main-process.ts';

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
  const { proc, stderr, exit } = spawnMain(
    {
      DISCORD_MODE: 'http',
      DAILY_ENABLED: 'false',
      LOG_LEVEL: 'warn',
      ...env,
      HTTP_PORT: String(port),
    },
    262_144,
  );
  let exited: number | null | undefined;
  void exit.then((code) => {
    exited = code;
  });
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exited !== undefined) throw new Error(`the instance exited with ${exited}:\n${stderr()}`);
    if (Date.now() > deadline) {
      proc.kill('SIGKILL');
      throw new Error(`the instance did not start within ${timeoutMs} ms:\n${stderr()}`);
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
    stderr,
    stop: () => {
      if (exited === undefined) proc.kill('SIGTERM');
      return exit;
    },
  };
}
