/**
 * The running bot: the database (SQLite, or PostgreSQL shared with other instances), the services commands use, every chat platform given (each a
 * PlatformAdapter) and the daily scheduler, started together and stopped together. main.ts calls
 * `startBot` with the platforms that have credentials.
 */
import type { Logger } from 'pino';
import type { Services } from '../commands/types.ts';
import type { AccessLost, PlatformAdapter, RunningPlatform } from './adapters/platform.ts';
import type { Engine } from './answer/engine.ts';
import { type Config, valueError } from './config.ts';
import { buildDailyPost, dailyFactPool } from './daily/post.ts';
import type { Sender } from './daily/sender.ts';
import { DailyService } from './daily/service.ts';
import { HttpServer, type RunningHttpServer } from './http/server.ts';
import { createServices } from './services/index.ts';
import { createRepositories } from './storage/index.ts';
import { openStorage } from './storage/open.ts';
import { DatabaseConnectError } from './storage/postgres.ts';
import type { Database } from './storage/sql.ts';
import { type Clock, type Platform, systemClock } from './storage/types.ts';

export interface BotDeps {
  config: Config;
  logger: Logger;
  engine: Engine;
  /** The chat platforms to run (at least one). */
  platforms: readonly PlatformAdapter[];
}

export interface BotOptions {
  /** Stops the bot when aborted (tests); SIGINT and SIGTERM always do. */
  signal?: AbortSignal | undefined;
  /** Clock for the daily schedule, the repositories and the commands (tests pass a fake). */
  clock?: Clock | undefined;
  /** Called once everything has started (tests drive the running bot through it). */
  onStarted?: ((bot: RunningBot) => void) | undefined;
}

export interface RunningBot {
  platforms: RunningPlatform[];
  daily: DailyService;
  db: Database;
  /** The port the HTTP server listens on (HTTP_PORT; 0 picks one), or null without one. */
  httpPort: number | null;
  /** The services commands get on a platform. */
  servicesFor(platform: Platform): Services;
  /** Stops the scheduler, disconnects and closes the database; safe to call twice. */
  stop(): Promise<void>;
}

/** A deleted channel, or a server the bot left, gets no more posts; /daily status says why. */
async function disableLost(
  daily: DailyService,
  platform: Platform,
  lost: AccessLost,
  logger: Logger,
): Promise<void> {
  const subs =
    lost.kind === 'channel'
      ? [await daily.subscriptions.get({ platform, channelId: lost.id })].filter((s) => s !== null)
      : await daily.subscriptions.listByGuild(platform, lost.id);
  const reason =
    lost.kind === 'channel'
      ? 'the channel was deleted'
      : 'the bot was removed from the server (or the server was deleted)';
  for (const sub of subs) {
    if (!sub.enabled) continue;
    await daily.subscriptions.disable(sub, reason);
    logger.warn({ platform, channelId: sub.channelId, reason }, 'daily subscription disabled');
  }
}

/**
 * The database the configuration names: PostgreSQL (DATABASE_URL) or the SQLite file. A server
 * that cannot be reached is the configuration's fault: a ConfigError naming DATABASE_URL.
 */
async function openConfiguredDatabase(config: Config, logger: Logger): Promise<Database> {
  try {
    const db = await openStorage({
      databaseUrl: config.DATABASE_URL,
      databasePath: config.DATABASE_PATH,
      poolSize: config.DATABASE_POOL_SIZE,
      onIdleError: (err) => logger.warn({ err }, 'a pooled database connection failed'),
    });
    logger.info({ engine: db.dialect, database: db.location }, 'database ready');
    return db;
  } catch (err) {
    if (err instanceof DatabaseConnectError) throw valueError('DATABASE_URL', err.message);
    throw err;
  }
}

/**
 * Opens the database, starts every platform and the daily scheduler. Rejects with a one-line
 * message (e.g. a bad token) after closing what it opened.
 */
export async function launchBot(deps: BotDeps, options: BotOptions = {}): Promise<RunningBot> {
  const { config, logger, engine } = deps;
  const clock = options.clock ?? systemClock;
  const db = await openConfiguredDatabase(config, logger);
  const running: RunningPlatform[] = [];
  const http = config.HTTP_PORT === undefined ? null : new HttpServer(logger);
  let listening: RunningHttpServer | null = null;
  try {
    const repos = createRepositories(db, clock);
    // One scheduler, built before the platforms so /daily can use its rule; it gets each
    // platform's sender once connected, and only ticks when this process posts (DAILY_ENABLED).
    const senders: Partial<Record<Platform, Sender>> = {};
    const daily = new DailyService({
      db,
      senders,
      factPool: (topic) => dailyFactPool(engine, topic),
      buildPost: (fact, remaining) => buildDailyPost(fact, remaining, engine),
      logger,
      clock,
    });
    const servicesFor = (platform: Platform): Services =>
      createServices({ repos, daily, engine, posting: config.DAILY_ENABLED, logger }, platform);
    for (const adapter of deps.platforms) {
      const platform = await adapter.start({
        engine,
        services: servicesFor(adapter.id),
        logger,
        now: clock,
        accessLost: (lost) => {
          disableLost(daily, adapter.id, lost, logger).catch((err: unknown) =>
            logger.error({ err, platform: adapter.id }, 'could not disable lost subscriptions'),
          );
        },
        http,
      });
      running.push(platform);
      senders[platform.id] = platform.sender;
    }
    if (http && config.HTTP_PORT !== undefined) {
      listening = await http.listen(config.HTTP_PORT);
      logger.info({ port: listening.port }, 'http server listening');
    }
    if (config.DAILY_ENABLED) daily.start();
    else logger.info('daily posts are off in this process (DAILY_ENABLED=false)');
    let stopped: Promise<void> | null = null;
    return {
      platforms: running,
      daily,
      db,
      httpPort: listening?.port ?? null,
      servicesFor,
      stop: () => {
        stopped ??= (async () => {
          await listening
            ?.close()
            .catch((err: unknown) => logger.error({ err }, 'http close failed'));
          await daily.stop().catch((err: unknown) => logger.error({ err }, 'daily stop failed'));
          for (const platform of running) {
            await platform
              .stop()
              .catch((err: unknown) => logger.error({ err, platform: platform.id }, 'stop failed'));
          }
          await db.close().catch((err: unknown) => logger.error({ err }, 'database close failed'));
          logger.info('stopped');
        })();
        return stopped;
      },
    };
  } catch (error) {
    await listening?.close().catch(() => undefined);
    for (const platform of running) await platform.stop().catch(() => undefined);
    await db.close().catch(() => undefined);
    throw error;
  }
}

/**
 * Starts the platforms and the daily scheduler; resolves with exit code 0 once SIGINT or SIGTERM
 * (or `options.signal`) stops it. Rejects with a printable message when it cannot start.
 */
export async function startBot(deps: BotDeps, options: BotOptions = {}): Promise<number> {
  const bot = await launchBot(deps, options);
  deps.logger.info({ platforms: bot.platforms.map((p) => p.id) }, 'bot running; Ctrl+C stops it');
  await new Promise<void>((resolve) => {
    const done = () => {
      process.off('SIGINT', done);
      process.off('SIGTERM', done);
      options.signal?.removeEventListener('abort', done);
      resolve();
    };
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
    if (options.signal?.aborted) done();
    else options.signal?.addEventListener('abort', done, { once: true });
    options.onStarted?.(bot);
  });
  await bot.stop();
  return 0;
}
