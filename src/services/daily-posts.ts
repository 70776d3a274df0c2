import type {
  DailyChannel,
  DailyChannelStatus,
  DailyPosts,
  DailySetInput,
} from '../../commands/services.ts';
import type { Engine } from '../answer/engine.ts';
import { buildDailyPost, dailyFactPool } from '../daily/post.ts';
import type { DailyService } from '../daily/service.ts';
import type { Subscription } from '../storage/subscriptions.ts';
import { ForeignChannelError } from '../storage/subscriptions.ts';
import type { Platform } from '../storage/types.ts';

type DailyEngine = Pick<Engine, 'corpus' | 'facts'>;

/**
 * /daily's view of one platform's daily posts, over the scheduler's repositories. Every lookup is
 * scoped by the server the command was run in.
 */
export function createDailyPosts(opts: {
  daily: DailyService;
  /** The engine, or where to read the one being served (a reload swaps it). */
  engine: DailyEngine | { current(): DailyEngine };
  /** Whether this process runs the scheduler (DAILY_ENABLED). */
  posting: boolean;
  /** The platform whose channels these are. */
  platform: Platform;
}): DailyPosts {
  const { daily, platform } = opts;
  const source = opts.engine;
  const current = (): DailyEngine => ('current' in source ? source.current() : source);
  // The pool only changes with the corpus; /daily status would otherwise redo it on every call.
  const poolsByEngine = new WeakMap<DailyEngine, Map<string, string[]>>();
  const poolIds = (topic: string | null | undefined): string[] => {
    const engine = current();
    let pools = poolsByEngine.get(engine);
    if (!pools) {
      pools = new Map();
      poolsByEngine.set(engine, pools);
    }
    const key = topic ?? '';
    let ids = pools.get(key);
    if (!ids) {
      ids = dailyFactPool(engine, topic ?? undefined).map((f) => f.id);
      if (pools.size > 200) pools.clear();
      pools.set(key, ids);
    }
    return ids;
  };
  const view = async (sub: Subscription): Promise<DailyChannelStatus> => {
    const ref = { platform: sub.platform, channelId: sub.channelId };
    const { nextPostAt, today } = await daily.status(ref);
    const pool = poolIds(sub.topic);
    const used = await daily.rotation.usedInCycle(ref);
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
  const scoped = (ref: DailyChannel) => ({
    platform,
    guildId: ref.guildId,
    channelId: ref.channelId,
  });
  return {
    posting: opts.posting,
    async set(input: DailySetInput) {
      try {
        const sub = await daily.subscriptions.upsert({
          platform,
          guildId: input.guildId,
          channelId: input.channelId,
          localTime: input.localTime,
          timeZone: input.timeZone,
          topic: input.topic ?? null,
          createdBy: input.createdBy,
        });
        return { ok: true, status: await view(sub) };
      } catch (err) {
        if (err instanceof ForeignChannelError) return { ok: false, reason: 'foreign' };
        throw err;
      }
    },
    async off(ref) {
      // The rotation is kept: turning posts back on must not repeat facts already posted.
      return daily.subscriptions.deleteInGuild(scoped(ref));
    },
    async status(ref) {
      const sub = await daily.subscriptions.inGuild(scoped(ref));
      return sub ? view(sub) : null;
    },
    async list(guildId) {
      const subs = await daily.subscriptions.listByGuild(platform, guildId);
      return Promise.all(subs.map(view));
    },
    async preview(ref, topic) {
      // one engine for the pool and the post (a reload may swap it between two calls)
      const engine = current();
      const pool = dailyFactPool(engine, topic);
      if (pool.length === 0) return null;
      const pick = ref
        ? await daily.rotation.next(
            { platform, channelId: ref.channelId },
            pool.map((f) => f.id),
          )
        : null;
      const fact = (pick && pool.find((f) => f.id === pick.factId)) ?? pool[0];
      if (!fact) return null;
      return buildDailyPost(fact, pick?.remaining ?? pool.length - 1, engine);
    },
    async poolSize(topic) {
      return poolIds(topic).length;
    },
  };
}
