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
import type { Services } from '../commands/services.ts';
import type { PlatformAdapter, RunningPlatform } from './adapters/platform.ts';
import type { Engine } from './answer/engine.ts';
import { createDaily, disableLost } from './bot/daily.ts';
import { openConfiguredDatabase } from './bot/database.ts';
import { registerBotHealth } from './bot/health.ts';
import { createReloader, watchForReloads } from './bot/reload.ts';
import { closeQuietly, stopGracefully } from './bot/stop.ts';
import type { Config } from './config.ts';
import { Conversations } from './conversation/index.ts';
import type { Sender } from './daily/sender.ts';
import type { DailyService } from './daily/service.ts';
import { HttpServer, type RunningHttpServer } from './http/server.ts';
import { Lifecycle } from './ops/lifecycle.ts';
import { createMetrics, type Metrics } from './ops/metrics.ts';
import { LiveEngine } from './reload/live-engine.ts';
import type { Reloader } from './reload/reloader.ts';
import type { CorpusWatcher, WatchOptions } from './reload/watch.ts';
import { type ChatServices, createChatServices } from './services/chat.ts';
import { createServices } from './services/index.ts';
import { ConversationRepository, createRepositories } from './storage/index.ts';
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
    ? createReloader({ live, build: deps.rebuild, logger, clock, metrics })
    : null;
  let watcher: CorpusWatcher | null = null;
  try {
    const repos = createRepositories(db, clock);
    // One scheduler, built before the platforms so /daily can use its rule; it gets each
    // platform's sender once connected, and only ticks when this process posts (DAILY_ENABLED).
    const senders: Partial<Record<Platform, Sender>> = {};
    const daily = createDaily({ db, senders, live, logger, clock, metrics });
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
      registerBotHealth(http, {
        config,
        metrics,
        lifecycle,
        live,
        db,
        running,
        startedAt,
        clock,
        watcher: () => watcher,
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
      watcher = watchForReloads({
        config,
        reloader,
        lifecycle,
        logger,
        clock,
        watch: options.watch,
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
        stopped ??= stopGracefully({
          db,
          reloader,
          running,
          listening,
          watcher,
          lifecycle,
          daily,
          logger,
          graceMs,
        });
        return stopped;
      },
    };
  } catch (error) {
    await closeQuietly({ db, reloader, running, listening, watcher });
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
