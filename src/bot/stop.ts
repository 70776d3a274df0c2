/**
 * Stopping the bot: gracefully (stop taking work, let work in flight finish, then close), or
 * quietly after a failed start (close what was opened, keep the start's error).
 */
import type { Logger } from 'pino';
import type { RunningPlatform } from '../adapters/platform.ts';
import type { DailyService } from '../daily/service.ts';
import type { RunningHttpServer } from '../http/server.ts';
import type { Lifecycle } from '../ops/lifecycle.ts';
import type { Reloader } from '../reload/reloader.ts';
import type { CorpusWatcher } from '../reload/watch.ts';
import type { Database } from '../storage/sql.ts';

/** What a started bot holds open, in the order it is opened. */
export interface OpenParts {
  db: Database;
  reloader: Reloader | null;
  running: readonly RunningPlatform[];
  listening: RunningHttpServer | null;
  watcher: CorpusWatcher | null;
}

/** Resolves true when `promise` settles within `ms`, false otherwise (it keeps running). */
function within(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise.then(
      () => true,
      () => true,
    ),
    new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

/**
 * /healthz turns 503 (state stopping); replies in flight and a daily post being sent get up to
 * `graceMs`; then the HTTP server, the platforms and the database close.
 */
export async function stopGracefully(
  parts: OpenParts & {
    lifecycle: Lifecycle;
    daily: DailyService;
    logger: Logger;
    graceMs: number;
  },
): Promise<void> {
  const { db, reloader, running, listening, watcher, lifecycle, daily, logger, graceMs } = parts;
  lifecycle.state = 'stopping';
  logger.info({ inFlight: lifecycle.inFlight }, 'stopping: finishing work in flight');
  await watcher?.close().catch((err: unknown) => logger.error({ err }, 'watcher close'));
  const [drained, posted] = await Promise.all([
    lifecycle.drain(graceMs),
    within(daily.stop(), graceMs),
    reloader?.close(),
  ]);
  if (!drained)
    logger.warn({ inFlight: lifecycle.inFlight }, 'stopping with replies still in flight');
  if (!posted)
    logger.warn(
      'stopping while a daily post is being sent; its ledger row and nonce make the next start finish it without a second post',
    );
  await listening?.close(1000).catch((err: unknown) => logger.error({ err }, 'http close failed'));
  for (const platform of running) {
    await platform
      .stop()
      .catch((err: unknown) => logger.error({ err, platform: platform.id }, 'stop failed'));
  }
  await db.close().catch((err: unknown) => logger.error({ err }, 'database close failed'));
  lifecycle.state = 'stopped';
  logger.info('stopped');
}

/** Closes what a failed start opened, ignoring their errors (the start's error is the one to report). */
export async function closeQuietly(parts: OpenParts): Promise<void> {
  const { db, reloader, running, listening, watcher } = parts;
  await watcher?.close().catch(() => undefined);
  await reloader?.close().catch(() => undefined);
  await listening?.close().catch(() => undefined);
  for (const platform of running) await platform.stop().catch(() => undefined);
  await db.close().catch(() => undefined);
}
