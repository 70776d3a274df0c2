/**
 * The chat bot: SQLite, the services the commands use, the Discord adapter and the daily
 * scheduler, started together and stopped together. main.ts calls `startBot` when DISCORD_TOKEN
 * is set.
 */
import type { Logger } from 'pino';
import { commands as allCommands } from '../commands/index.ts';
import type {
  Command,
  DailyChannel,
  DailyChannelStatus,
  DailyPosts,
  FeedbackSink,
  GapsReport,
  Services,
  UnansweredSink,
} from '../commands/types.ts';
import { type DiscordAdapter, startDiscord } from './adapters/discord/client.ts';
import type { Engine } from './answer/engine.ts';
import type { Config } from './config.ts';
import { buildDailyPost, dailyFactPool } from './daily/post.ts';
import type { Sender } from './daily/sender.ts';
import { DailyService } from './daily/service.ts';
import { type Db, openDatabase } from './storage/db.ts';
import { createRepositories, type Repositories } from './storage/index.ts';
import type { Subscription } from './storage/subscriptions.ts';
import { type Clock, type Platform, platformSchema, systemClock } from './storage/types.ts';

/** Daily-post settings for /daily, over the scheduler's repositories. */
export function createDailyPosts(opts: {
  daily: DailyService;
  engine: Pick<Engine, 'corpus' | 'facts'>;
  /** Whether this process runs the scheduler (DAILY_ENABLED). */
  posting: boolean;
}): DailyPosts {
  const { daily, engine } = opts;
  // The pool only changes with the corpus; /daily status would otherwise redo it on every call.
  const pools = new Map<string, string[]>();
  const poolIds = (topic: string | null | undefined): string[] => {
    const key = topic ?? '';
    let ids = pools.get(key);
    if (!ids) {
      ids = dailyFactPool(engine, topic ?? undefined).map((f) => f.id);
      if (pools.size > 200) pools.clear();
      pools.set(key, ids);
    }
    return ids;
  };
  const view = (sub: Subscription): DailyChannelStatus => {
    const ref = { platform: sub.platform, channelId: sub.channelId };
    const { nextPostAt, today } = daily.status(ref);
    const pool = poolIds(sub.topic);
    const used = daily.rotation.usedInCycle(ref);
    const left = pool.filter((id) => !used.has(id)).length;
    return {
      channelId: sub.channelId,
      guildId: sub.guildId,
      localTime: sub.localTime,
      timeZone: sub.timeZone,
      topic: sub.topic,
      enabled: sub.enabled,
      disabledReason: sub.disabledReason,
      disabledAt: sub.disabledAt,
      lastPostedLocalDate: sub.lastPostedLocalDate,
      nextPostAt,
      lastError: today && today.status !== 'sent' ? today.lastError : null,
      // A used-up cycle starts again with the whole pool.
      factsLeft: left === 0 ? pool.length : left,
      poolSize: pool.length,
    };
  };
  return {
    posting: opts.posting,
    set(input) {
      const sub = daily.subscriptions.upsert({
        platform: input.platform,
        guildId: input.guildId,
        channelId: input.channelId,
        localTime: input.localTime,
        timeZone: input.timeZone,
        topic: input.topic ?? null,
        createdBy: input.createdBy,
      });
      return view(sub);
    },
    off(ref: DailyChannel) {
      // The rotation is kept: turning posts back on must not repeat facts already posted.
      return daily.subscriptions.delete(ref);
    },
    status(ref) {
      const sub = daily.subscriptions.get(ref);
      return sub ? view(sub) : null;
    },
    list(platform, guildId) {
      return daily.subscriptions.listByGuild(platform, guildId).map(view);
    },
    preview(ref, topic) {
      const pool = dailyFactPool(engine, topic);
      if (pool.length === 0) return null;
      const pick =
        ref.channelId === ''
          ? null
          : daily.rotation.next(
              ref,
              pool.map((f) => f.id),
            );
      const fact = (pick && pool.find((f) => f.id === pick.factId)) ?? pool[0];
      if (!fact) return null;
      return buildDailyPost(fact, pick?.remaining ?? pool.length - 1, engine);
    },
    poolSize(topic) {
      return poolIds(topic).length;
    },
  };
}

/** /gaps over the unanswered-questions table. */
export function createGapsReport(repos: Pick<Repositories, 'unanswered'>): GapsReport {
  return {
    top: (limit, scope) =>
      repos.unanswered.topGaps(limit, scope ?? '').map((g) => ({
        question: g.example,
        count: g.count,
        lastAsked: g.lastAsked,
        missingTerms: g.missingTerms,
      })),
  };
}

/** Stores 👍/👎; the answer key stands for the message (one vote per user per answer). */
export function createFeedbackSink(
  repos: Pick<Repositories, 'feedback'>,
  logger: Logger,
): FeedbackSink {
  return {
    record(vote) {
      const platform = platformSchema.safeParse(vote.platform);
      if (!platform.success) {
        logger.warn({ platform: vote.platform }, 'feedback from a platform without storage');
        return;
      }
      repos.feedback.vote({
        platform: platform.data,
        messageId: vote.answerKey,
        userId: vote.userId,
        question: vote.question,
        passageIds: vote.passageIds,
        vote: vote.vote,
      });
    },
  };
}

/** Records unanswered questions; a storage failure must not spoil the answer the user gets. */
export function createUnansweredSink(
  repos: Pick<Repositories, 'unanswered'>,
  logger: Logger,
): UnansweredSink {
  return {
    record(entry) {
      try {
        repos.unanswered.record(entry);
      } catch (err) {
        logger.error({ err }, 'could not record an unanswered question');
      }
    },
  };
}

export interface BotDeps {
  config: Config;
  logger: Logger;
  engine: Engine;
  services: Services;
}

export interface BotOptions {
  /** Stops the bot when aborted (tests); SIGINT and SIGTERM always do. */
  signal?: AbortSignal | undefined;
  /** Clock for the daily schedule and the repositories (tests pass a fake). */
  clock?: Clock | undefined;
  /** Called once everything has started (tests drive the running bot through it). */
  onStarted?: ((bot: RunningBot) => void) | undefined;
  /** Commands to serve; default all of them. */
  commands?: readonly Command[] | undefined;
}

export interface RunningBot {
  discord: DiscordAdapter;
  daily: DailyService;
  db: Db;
  services: Services;
  /** Stops the scheduler, disconnects and closes the database; safe to call twice. */
  stop(): Promise<void>;
}

/**
 * Opens the database, starts Discord and the daily scheduler. Rejects with a one-line message
 * (e.g. a bad token) after closing what it opened.
 */
export async function launchBot(deps: BotDeps, options: BotOptions = {}): Promise<RunningBot> {
  const { config, logger, engine } = deps;
  const clock = options.clock ?? systemClock;
  const db = openDatabase(config.DATABASE_PATH);
  try {
    const repos = createRepositories(db, clock);
    // One scheduler, built before Discord so /daily can use its rule; it gets the Discord
    // sender once connected, and only ticks when this process posts (DAILY_ENABLED).
    const senders: Partial<Record<Platform, Sender>> = {};
    const daily = new DailyService({
      db,
      senders,
      factPool: (topic) => dailyFactPool(engine, topic),
      buildPost: (fact, remaining) => buildDailyPost(fact, remaining, engine),
      logger,
      clock,
    });
    const services: Services = {
      ...deps.services,
      feedback: createFeedbackSink(repos, logger),
      unanswered: createUnansweredSink(repos, logger),
      daily: createDailyPosts({ daily, engine, posting: config.DAILY_ENABLED }),
      gaps: createGapsReport(repos),
    };
    const token = config.DISCORD_TOKEN;
    if (!token) throw new Error('DISCORD_TOKEN is not set');
    const discord = await startDiscord({
      token,
      apiUrl: config.DISCORD_API_URL,
      engine,
      services,
      logger,
      commands: options.commands ?? allCommands,
      dispatcher: { now: clock },
      onAccessLost: (lost) => disableLost(daily, lost, logger),
    });
    senders.discord = discord.sender;
    if (config.DAILY_ENABLED) daily.start();
    else logger.info('daily posts are off in this process (DAILY_ENABLED=false)');
    let stopped: Promise<void> | null = null;
    return {
      discord,
      daily,
      db,
      services,
      stop: () => {
        stopped ??= (async () => {
          await daily.stop().catch((err: unknown) => logger.error({ err }, 'daily stop failed'));
          await discord
            .stop()
            .catch((err: unknown) => logger.error({ err }, 'discord stop failed'));
          db.close();
          logger.info('stopped');
        })();
        return stopped;
      },
    };
  } catch (error) {
    db.close();
    throw error;
  }
}

/** A deleted channel, or a server the bot left, gets no more posts; /daily status says why. */
function disableLost(
  daily: DailyService,
  lost: { kind: 'channel' | 'guild'; id: string },
  logger: Logger,
): void {
  const subs =
    lost.kind === 'channel'
      ? [daily.subscriptions.get({ platform: 'discord', channelId: lost.id })].filter(
          (s) => s !== null,
        )
      : daily.subscriptions.listByGuild('discord', lost.id);
  const reason =
    lost.kind === 'channel'
      ? 'the channel was deleted'
      : 'the bot was removed from the server (or the server was deleted)';
  for (const sub of subs) {
    if (!sub.enabled) continue;
    daily.subscriptions.disable(sub, reason);
    logger.warn({ channelId: sub.channelId, reason }, 'daily subscription disabled');
  }
}

/**
 * Starts the Discord bot and the daily scheduler; resolves with exit code 0 once SIGINT or
 * SIGTERM (or `options.signal`) stops it. Rejects with a printable message when it cannot start.
 */
export async function startBot(deps: BotDeps, options: BotOptions = {}): Promise<number> {
  const bot = await launchBot(deps, options);
  deps.logger.info('bot running; Ctrl+C stops it');
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
