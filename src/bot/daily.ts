import type { Logger } from 'pino';
import type { AccessLost } from '../adapters/platform.ts';
import { buildDailyPost, dailyFactPool } from '../daily/post.ts';
import type { Sender } from '../daily/sender.ts';
import { DailyService } from '../daily/service.ts';
import type { Metrics } from '../ops/metrics.ts';
import type { LiveEngine } from '../reload/live-engine.ts';
import type { Database } from '../storage/sql.ts';
import type { Clock, Platform } from '../storage/types.ts';

/** A deleted channel, or a server the bot left, gets no more posts; /daily status says why. */
export async function disableLost(
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

/** The daily scheduler over the engine being served, posting through `senders` as they connect. */
export function createDaily(deps: {
  db: Database;
  senders: Partial<Record<Platform, Sender>>;
  live: LiveEngine;
  logger: Logger;
  clock: Clock;
  metrics: Metrics;
}): DailyService {
  const { db, senders, live, logger, clock, metrics } = deps;
  return new DailyService({
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
}
