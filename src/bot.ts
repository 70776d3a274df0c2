/**
 * The running bot: the database (SQLite, or PostgreSQL shared with other instances), the
 * services commands use, every chat platform given (each a PlatformAdapter), the daily scheduler,
 * corpus reloads, health and metrics, started together and stopped together. main.ts calls `startBot` with the platforms that have credentials.
 *
 * Stopping (SIGINT, SIGTERM): /healthz turns 503 and new interactions get a polite "restarting"
 * reply (no platform retries a slash command, so silence would only look broken); replies in
 * flight and a daily post being sent get up to `shutdownGraceMs` (5 s); then the HTTP server,
 * the platforms and the database close.
 */
import type { Logger } from 'pino';
import type { Services } from '../commands/types.ts';
import type {
  AccessLost,
  PlatformAdapter,
  PlatformHealth,
  RunningPlatform,
} from './adapters/platform.ts';
import type { Engine } from './answer/engine.ts';
import { explainDatabaseUrl } from './cli/database-url.ts';
import type { Config } from './config.ts';
import { Conversations } from './conversation/index.ts';
import { buildDailyPost, dailyFactPool } from './daily/post.ts';
import type { Sender } from './daily/sender.ts';
import { DailyService } from './daily/service.ts';
import { HttpServer, type RunningHttpServer } from './http/server.ts';
import { registerOpsRoutes } from './ops/health.ts';
import { Lifecycle } from './ops/lifecycle.ts';
import { createMetrics, type Metrics } from './ops/metrics.ts';
import { LiveEngine } from './reload/live-engine.ts';
import { Reloader } from './reload/reloader.ts';
import {
  type CorpusWatcher,
  folderProblem,
  type WatchOptions,
  watchCorpus,
} from './reload/watch.ts';
import { type ChatServices, createChatServices } from './services/chat.ts';
import { createServices } from './services/index.ts';
import { ConversationRepository, createRepositories } from './storage/index.ts';
import { openStorage } from './storage/open.ts';
import type { Database } from './storage/sql.ts';
import { type Clock, type Platform, systemClock } from './storage/types.ts';

export interface BotDeps {
  config: Config;
  logger: Logger;
  engine: Engine;
  /** The chat platforms to run (at least one). */
  platforms: readonly PlatformAdapter[];
  /**
   * Builds a fresh engine with the options `engine` was loaded with, for /reload and the corpus
   * watcher (CORPUS_WATCH); without it the bot serves `engine` until restarted.
   */
  rebuild?: ((signal: AbortSignal) => Promise<Engine>) | undefined;
  /** The metrics registry (main builds it so process-wide errors count there too); default new. */
  metrics?: Metrics | undefined;
}

export interface BotOptions {
  /** Stops the bot when aborted (tests); SIGINT and SIGTERM always do. */
  signal?: AbortSignal | undefined;
  /** Clock for the daily schedule, the repositories and the commands (tests pass a fake). */
  clock?: Clock | undefined;
  /** Called once everything has started (tests drive the running bot through it). */
  onStarted?: ((bot: RunningBot) => void) | undefined;
  /** How long stopping waits for replies in flight and a daily post being sent; default 5000 ms. */
  shutdownGraceMs?: number | undefined;
  /**
   * False: this process serves /daily but leaves the posting to another one (a Discord shard,
   * whose manager posts). Default true; DAILY_ENABLED=false turns posting off everywhere.
   */
  scheduler?: boolean | undefined;
  /** The corpus watcher's timings (tests shorten them). */
  watch?: Pick<WatchOptions, 'debounceMs' | 'checkEveryMs'> | undefined;
}

/** A platform cannot go on (e.g. Discord closed the gateway with 4004); `message` says why. */
export class BotFatalError extends Error {
  override readonly name = 'BotFatalError';
}

export interface RunningBot {
  platforms: RunningPlatform[];
  daily: DailyService;
  db: Database;
  /** The port the HTTP server listens on (HTTP_PORT; 0 picks one), or null without one. */
  httpPort: number | null;
  /** The services commands get on a platform. */
  servicesFor(platform: Platform): Services;
  /** The engine being served (a reload swaps it). */
  live: LiveEngine;
  /** Corpus reloads, or null without `rebuild`. */
  reloader: Reloader | null;
  /** The corpus watcher, or null (no `rebuild`, or CORPUS_WATCH=false). */
  watcher: CorpusWatcher | null;
  lifecycle: Lifecycle;
  metrics: Metrics;
  /** Resolves with the message when a platform cannot go on. */
  fatal: Promise<string>;
  /** Stops taking work, lets work in flight finish, then closes everything; safe to call twice. */
  stop(): Promise<void>;
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
    throw explainDatabaseUrl(err);
  }
}

/**
 * Opens the database, starts every platform and the daily scheduler. Rejects with a one-line
 * message (e.g. a bad token) after closing what it opened.
 */
export async function launchBot(deps: BotDeps, options: BotOptions = {}): Promise<RunningBot> {
  const { config, logger } = deps;
  const clock = options.clock ?? systemClock;
  const graceMs = options.shutdownGraceMs ?? 5000;
  const metrics = deps.metrics ?? createMetrics();
  const lifecycle = new Lifecycle({ metrics, logQuestions: config.LOG_QUESTIONS });
  const live = new LiveEngine(deps.engine, clock());
  metrics.indexParagraphs.set(deps.engine.corpus.paragraphs.length);
  const db = await openConfiguredDatabase(config, logger);
  const running: RunningPlatform[] = [];
  const http = config.HTTP_PORT === undefined ? null : new HttpServer(logger);
  let listening: RunningHttpServer | null = null;
  let reportFatal: (message: string) => void = () => {};
  const fatal = new Promise<string>((resolve) => {
    reportFatal = resolve;
  });
  let fatalMessage: string | null = null;
  const reloader = deps.rebuild
    ? new Reloader({
        live,
        build: deps.rebuild,
        logger,
        now: clock,
        metrics: {
          reloaded: (result, seconds, paragraphs) => {
            metrics.reloads.labels(result).inc();
            metrics.reloadSeconds.observe(seconds);
            metrics.indexParagraphs.set(paragraphs);
          },
        },
      })
    : null;
  let watcher: CorpusWatcher | null = null;
  try {
    const repos = createRepositories(db, clock);
    // One scheduler, built before the platforms so /daily can use its rule; it gets each
    // platform's sender once connected, and only ticks when this process posts (DAILY_ENABLED).
    const senders: Partial<Record<Platform, Sender>> = {};
    const daily = new DailyService({
      db,
      senders,
      // Both read the engine being served; nothing awaits between them within one post, so a
      // reload cannot slip in between the pool and the post built from it.
      factPool: (topic) => dailyFactPool(live.current(), topic),
      buildPost: (fact, remaining) => buildDailyPost(fact, remaining, live.current()),
      logger,
      clock,
      onOutcome: (outcome) => metrics.dailyPosts.labels(outcome).inc(),
    });
    const reload = reloader ? { reload: () => reloader.reload('command') } : undefined;
    // Asking in chat: each platform that reads messages gets /autoanswer's settings and the
    // store its message path records in, sharing one cache of channel settings, and the one
    // store of thread conversations follow-ups are read with (its keys carry the platform).
    const ttlMs = config.CONVERSATION_TTL_HOURS * 3_600_000;
    const conversations = new Conversations(new ConversationRepository(db, ttlMs), {
      maxTurns: config.CONVERSATION_TURNS,
      ttlMs,
      clock,
    });
    const chats = new Map<Platform, ChatServices>();
    for (const adapter of deps.platforms)
      if (adapter.capabilities?.messages)
        chats.set(
          adapter.id,
          createChatServices(
            { ...repos, conversations },
            adapter.id,
            adapter.capabilities.autoAnswer,
          ),
        );
    const servicesFor = (platform: Platform): Services => ({
      ...createServices(
        { repos, daily, engine: live, posting: config.DAILY_ENABLED, logger },
        platform,
      ),
      reload,
      autoanswer: chats.get(platform)?.settings,
    });
    for (const adapter of deps.platforms) {
      const platform = await adapter.start({
        engine: live,
        services: servicesFor(adapter.id),
        chat: chats.get(adapter.id)?.store,
        logger,
        now: clock,
        accessLost: (lost) => {
          disableLost(daily, adapter.id, lost, logger).catch((err: unknown) =>
            logger.error({ err, platform: adapter.id }, 'could not disable lost subscriptions'),
          );
        },
        http,
        monitor: lifecycle,
        fatal: (message) => {
          if (fatalMessage !== null) return;
          fatalMessage = message;
          reportFatal(message);
        },
      });
      running.push(platform);
      senders[platform.id] = platform.sender;
    }
    const startedAt = clock();
    if (http) {
      registerOpsRoutes(http, {
        metrics,
        metricsToken: config.METRICS_TOKEN,
        health: {
          state: () => lifecycle.state,
          index: () => {
            const engine = live.current();
            return {
              documents: engine.corpus.documents.length,
              paragraphs: engine.corpus.paragraphs.length,
              loadedAt: live.loadedAt,
              generation: live.generation,
            };
          },
          database: () => db.ping().then(() => true),
          databaseEngine: db.dialect,
          platforms: () =>
            Object.fromEntries(
              running.map((p): [string, PlatformHealth] => [
                p.id,
                p.health?.() ?? { status: 'connected', since: startedAt },
              ]),
            ),
          now: clock,
          // the watcher's view when there is one, else a look at the folder for this probe
          corpus: async () => {
            const folder = watcher?.status();
            if (folder?.state === 'missing')
              return { dir: config.CORPUS_DIR, reason: folder.reason, since: folder.since };
            if (folder) return null;
            const reason = await folderProblem(config.CORPUS_DIR);
            return reason === null ? null : { dir: config.CORPUS_DIR, reason };
          },
        },
      });
    }
    if (http && config.HTTP_PORT !== undefined) {
      listening = await http.listen(config.HTTP_PORT, config.HTTP_HOST);
      logger.info(
        { port: listening.port, host: config.HTTP_HOST ?? 'every interface' },
        'http server listening',
      );
    }
    if (reloader && config.CORPUS_WATCH !== 'false') {
      watcher = watchCorpus(config.CORPUS_DIR, {
        ...options.watch,
        logger,
        followOutside: config.CORPUS_FOLLOW_OUTSIDE,
        now: clock,
        polling: config.CORPUS_WATCH === 'poll',
        onChange: (paths) => {
          logger.info({ paths: paths.slice(0, 5), changed: paths.length }, 'corpus changed');
          void reloader.reload('watch');
        },
        onError: () => lifecycle.error('corpus_watch'),
      });
    }
    if (config.DAILY_ENABLED && options.scheduler !== false) daily.start();
    else if (config.DAILY_ENABLED) logger.info('daily posts go out from another process');
    else logger.info('daily posts are off in this process (DAILY_ENABLED=false)');
    lifecycle.state = 'running';
    let stopped: Promise<void> | null = null;
    return {
      platforms: running,
      daily,
      db,
      httpPort: listening?.port ?? null,
      servicesFor,
      live,
      reloader,
      watcher,
      lifecycle,
      metrics,
      fatal,
      stop: () => {
        stopped ??= (async () => {
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
          await listening
            ?.close(1000)
            .catch((err: unknown) => logger.error({ err }, 'http close failed'));
          for (const platform of running) {
            await platform
              .stop()
              .catch((err: unknown) => logger.error({ err, platform: platform.id }, 'stop failed'));
          }
          await db.close().catch((err: unknown) => logger.error({ err }, 'database close failed'));
          lifecycle.state = 'stopped';
          logger.info('stopped');
        })();
        return stopped;
      },
    };
  } catch (error) {
    await watcher?.close().catch(() => undefined);
    await reloader?.close().catch(() => undefined);
    await listening?.close().catch(() => undefined);
    for (const platform of running) await platform.stop().catch(() => undefined);
    await db.close().catch(() => undefined);
    throw error;
  }
}

/**
 * Starts the platforms and the daily scheduler; resolves with exit code 0 once SIGINT or SIGTERM
 * (or `options.signal`) stops it. Rejects with a printable message when it cannot start, and with
 * a BotFatalError (after stopping cleanly) when a platform cannot go on.
 */
export async function startBot(deps: BotDeps, options: BotOptions = {}): Promise<number> {
  const bot = await launchBot(deps, options);
  deps.logger.info({ platforms: bot.platforms.map((p) => p.id) }, 'bot running; Ctrl+C stops it');
  const fatal = await new Promise<string | null>((resolve) => {
    const done = (message: string | null) => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      options.signal?.removeEventListener('abort', onSignal);
      resolve(message);
    };
    const onSignal = () => done(null);
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    void bot.fatal.then(done);
    if (options.signal?.aborted) onSignal();
    else options.signal?.addEventListener('abort', onSignal, { once: true });
    options.onStarted?.(bot);
  });
  await bot.stop();
  if (fatal !== null) throw new BotFatalError(fatal);
  return 0;
}
