import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { Cron } from 'croner';
import type { Logger } from 'pino';
import type { MessageReply } from '../answer/reply.ts';
import type { Fact } from '../facts/types.ts';
import { DEFAULT_LEASE_MS, type LedgerEntry, type PostKey, PostLedger } from '../storage/ledger.ts';
import { FactRotation } from '../storage/rotation.ts';
import type { Sql } from '../storage/sql.ts';
import { type Subscription, SubscriptionRepository } from '../storage/subscriptions.ts';
import { type ChannelRef, type Clock, type Platform, systemClock } from '../storage/types.ts';
import { isDue, nextSlot } from './due.ts';
import type { Sender, SendFailure } from './sender.ts';

/** What happened to one subscription in one tick. */
export type TickOutcome =
  /** Today's slot has not come yet, or today's post is already out. */
  | 'not-due'
  | 'posted'
  /** Another process (or an earlier tick) already posted today; the subscription caught up. */
  | 'already-posted'
  /** Another process holds today's post right now. */
  | 'busy'
  /** Transient failure; a later tick today retries with the same nonce. */
  | 'retry'
  /** Permanent failure; the subscription was disabled. */
  | 'disabled'
  /** Today's post was given up (too many attempts, or failed permanently earlier). */
  | 'given-up'
  | 'no-sender'
  | 'no-facts'
  /** An unexpected error, logged. */
  | 'error';

export type TickSummary = Record<TickOutcome, number>;

export interface DailyServiceDeps {
  /** SQLite or PostgreSQL: with several instances on one PostgreSQL, the ledger decides who posts. */
  db: Sql;
  /** One sender per platform; subscriptions on a platform without one are skipped. */
  senders: Partial<Record<Platform, Sender>>;
  /** The facts a channel may get, optionally narrowed to its topic. */
  factPool: (topic?: string) => Fact[];
  /** Renders the day's post; `remaining` is how many unseen facts are left in the cycle. */
  buildPost: (fact: Fact, remaining: number) => MessageReply;
  logger: Logger;
  clock?: Clock;
  /** Identifies this process in ledger leases; defaults to host:pid:random. */
  instanceId?: string;
  leaseMs?: number;
  /** Attempts per channel per day before the day's post is given up. */
  maxAttemptsPerDay?: number;
  /** Channels posted to at once within a tick. */
  concurrency?: number;
  rng?: () => number;
  /** Told each subscription's outcome in a tick (metrics); never `not-due`. */
  onOutcome?: (outcome: TickOutcome) => void;
}

/** What /daily status shows for a channel. */
export interface DailyStatus {
  subscription: Subscription | null;
  /** When the next post is due (now, if today's is owed), or null when not subscribed/enabled. */
  nextPostAt: Date | null;
  /** Today's ledger row, if a post was attempted today. */
  today: LedgerEntry | null;
}

const emptySummary = (): TickSummary => ({
  'not-due': 0,
  posted: 0,
  'already-posted': 0,
  busy: 0,
  retry: 0,
  disabled: 0,
  'given-up': 0,
  'no-sender': 0,
  'no-facts': 0,
  error: 0,
});

const LEDGER_KEEP_DAYS = 31;

const errorMessage = (err: unknown): string => (err instanceof Error ? err.message : String(err));

const describeFailure = (f: SendFailure): string =>
  f.code === undefined ? f.reason : `${f.reason} (code ${f.code})`;

/**
 * Posts one fact a day to every subscribed channel. `tick()` is idempotent and safe to run in
 * every process on one database (a SQLite file, or a PostgreSQL server shared by several hosts):
 * the post ledger decides who posts, the due rule only when.
 */
export class DailyService {
  readonly subscriptions: SubscriptionRepository;
  readonly ledger: PostLedger;
  readonly rotation: FactRotation;
  private readonly deps: DailyServiceDeps;
  private readonly clock: Clock;
  private readonly instanceId: string;
  private readonly leaseMs: number;
  private readonly maxAttempts: number;
  private readonly concurrency: number;
  private readonly rng: () => number;
  private readonly log: Logger;
  private running: Promise<TickSummary> | null = null;
  private cron: Cron | null = null;
  private startup: Promise<void> | null = null;

  constructor(deps: DailyServiceDeps) {
    this.deps = deps;
    this.clock = deps.clock ?? systemClock;
    this.subscriptions = new SubscriptionRepository(deps.db, this.clock);
    this.ledger = new PostLedger(deps.db, this.clock);
    this.rotation = new FactRotation(deps.db, this.clock);
    this.instanceId =
      deps.instanceId ?? `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
    this.leaseMs = deps.leaseMs ?? DEFAULT_LEASE_MS;
    this.maxAttempts = deps.maxAttemptsPerDay ?? 60;
    this.concurrency = Math.max(1, deps.concurrency ?? 4);
    this.rng = deps.rng ?? Math.random;
    this.log = deps.logger.child({ component: 'daily' });
  }

  /**
   * Ticks once now (catching up on a post whose slot passed while the bot was down), then every
   * minute. Croner is only the ticker; `isDue` decides. Overlapping ticks are skipped.
   */
  start(): void {
    if (this.cron) return;
    // Neither rejects: both log and count their failures.
    this.startup = this.prune().then(async () => {
      await this.tick();
    });
    this.cron = new Cron(
      '* * * * *',
      {
        name: `daily-ticker-${this.instanceId}`,
        protect: true,
        catch: (err) => this.log.error({ err }, 'daily ticker failed'),
      },
      async () => {
        await this.tick();
      },
    );
    this.log.info({ instanceId: this.instanceId }, 'daily ticker started');
  }

  /** Stops the ticker and waits for a tick in progress. */
  async stop(): Promise<void> {
    this.cron?.stop();
    this.cron = null;
    await this.startup;
    await this.running;
  }

  /**
   * Posts to every enabled subscription whose slot is due. Never throws: failures are logged and
   * counted. A tick requested while one runs joins the running one.
   */
  tick(): Promise<TickSummary> {
    if (!this.running) {
      this.running = this.runTick().finally(() => {
        this.running = null;
      });
    }
    return this.running;
  }

  /** Resolves once the start-up tick and any tick in flight have finished (never rejects). */
  async idle(): Promise<void> {
    await this.startup;
    await this.running;
  }

  /** The subscription, its next post time and today's attempt, for /daily status. */
  async status(ref: ChannelRef): Promise<DailyStatus> {
    const subscription = await this.subscriptions.get(ref);
    if (!subscription) return { subscription: null, nextPostAt: null, today: null };
    const { timeZone, localTime, lastPostedLocalDate } = subscription;
    const now = this.clock();
    let localDate: string;
    try {
      localDate = isDue(now, timeZone, localTime, lastPostedLocalDate).localDate;
    } catch {
      // An invalid stored schedule (the tick disables it): nothing will be posted.
      return { subscription, nextPostAt: null, today: null };
    }
    const today = await this.ledger.get({ ...ref, localDate });
    const doneToday = today?.status === 'sent' || today?.status === 'failed';
    const nextPostAt = subscription.enabled
      ? nextSlot(now, timeZone, localTime, doneToday ? localDate : lastPostedLocalDate)
      : null;
    return { subscription, nextPostAt, today };
  }

  private report(outcome: TickOutcome): void {
    try {
      this.deps.onOutcome?.(outcome);
    } catch (err) {
      this.log.warn({ err }, 'daily outcome listener failed');
    }
  }

  /** Drops ledger rows older than a month: only today's row is ever consulted. */
  private async prune(): Promise<void> {
    try {
      const cutoff = new Date(this.clock().getTime() - LEDGER_KEEP_DAYS * 86_400_000);
      await this.ledger.pruneBefore(cutoff.toISOString().slice(0, 10));
    } catch (err) {
      this.log.warn({ err }, 'could not prune the post ledger');
    }
  }

  private async runTick(): Promise<TickSummary> {
    const summary = emptySummary();
    let subs: Subscription[];
    try {
      subs = await this.subscriptions.listEnabled();
    } catch (err) {
      this.log.error({ err }, 'could not list subscriptions');
      summary.error++;
      return summary;
    }
    let next = 0;
    const worker = async (): Promise<void> => {
      for (let sub = subs[next++]; sub !== undefined; sub = subs[next++]) {
        let outcome: TickOutcome;
        try {
          outcome = await this.processOne(sub);
        } catch (err) {
          this.log.error(
            { err, platform: sub.platform, channelId: sub.channelId },
            'daily post failed unexpectedly',
          );
          outcome = 'error';
        }
        summary[outcome]++;
        if (outcome !== 'not-due') this.report(outcome);
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.concurrency, subs.length) }, worker));
    if (summary.posted + summary.retry + summary.disabled + summary.error > 0) {
      this.log.info({ summary }, 'daily tick');
    }
    return summary;
  }

  private async processOne(sub: Subscription): Promise<TickOutcome> {
    const ref: ChannelRef = { platform: sub.platform, channelId: sub.channelId };
    const logCtx = { platform: sub.platform, guildId: sub.guildId, channelId: sub.channelId };
    let localDate: string;
    try {
      const due = isDue(this.clock(), sub.timeZone, sub.localTime, sub.lastPostedLocalDate);
      if (!due.due) return 'not-due';
      localDate = due.localDate;
    } catch (err) {
      // A bad zone or time would fail every minute forever; stop and say why.
      const reason = `invalid schedule: ${errorMessage(err)}`;
      await this.subscriptions.disable(ref, reason);
      this.log.warn({ ...logCtx, reason }, 'daily subscription disabled');
      return 'disabled';
    }
    const sender = this.deps.senders[sub.platform];
    if (!sender) return 'no-sender';

    const key: PostKey = { ...ref, localDate };
    let claim = await this.ledger.claim(key, this.instanceId, this.leaseMs);
    if (claim.entry.status === 'failed' && sub.updatedAt > claim.entry.updatedAt) {
      // Re-enabled (e.g. permissions fixed and /daily set again) after today's failure.
      await this.ledger.revive(key);
      claim = await this.ledger.claim(key, this.instanceId, this.leaseMs);
    }
    const entry = claim.entry;
    if (entry.status === 'sent') {
      await this.subscriptions.setLastPosted(ref, localDate);
      return 'already-posted';
    }
    if (entry.status === 'failed') return 'given-up';
    if (!claim.acquired) return 'busy';
    if (entry.attempts > this.maxAttempts) {
      const reason = `gave up after ${this.maxAttempts} attempts: ${entry.lastError ?? 'unknown'}`;
      await this.ledger.markFailed(key, reason);
      this.log.warn({ ...logCtx, localDate, reason }, 'daily post given up for today');
      return 'given-up';
    }
    const retryCtx = { ...logCtx, localDate, nonce: entry.nonce, attempt: entry.attempts };
    try {
      return await this.sendClaimed(sub, sender, key, entry, retryCtx);
    } catch (err) {
      // A bug (e.g. in the post builder): free the row so the next tick retries without waiting
      // for the lease to lapse.
      await this.ledger.release(key, `unexpected: ${errorMessage(err)}`);
      throw err;
    }
  }

  /** Checks access, picks the fact and sends, for a ledger row this process holds. */
  private async sendClaimed(
    sub: Subscription,
    sender: Sender,
    key: PostKey,
    entry: LedgerEntry,
    retryCtx: Record<string, unknown>,
  ): Promise<TickOutcome> {
    const ref: ChannelRef = { platform: key.platform, channelId: key.channelId };
    const localDate = key.localDate;

    let access: Awaited<ReturnType<Sender['checkAccess']>>;
    try {
      access = await sender.checkAccess(sub.channelId);
    } catch (err) {
      access = { ok: false, permanent: false, reason: `checkAccess threw: ${errorMessage(err)}` };
    }
    if (!access.ok) return this.fail(key, access, retryCtx);

    const pool = this.deps.factPool(sub.topic ?? undefined);
    const pick = await this.rotation.next(
      ref,
      pool.map((f) => f.id),
      this.rng,
      { prefer: entry.factId },
    );
    const fact = pick && pool.find((f) => f.id === pick.factId);
    if (!pick || !fact) {
      await this.ledger.release(key, 'no facts for topic');
      this.log.warn({ ...retryCtx, topic: sub.topic }, 'no facts to post');
      return 'no-facts';
    }
    if (entry.factId !== pick.factId || entry.rotationCycle !== pick.cycle) {
      await this.ledger.setFact(key, pick.factId, pick.cycle);
    }
    const reply = this.deps.buildPost(fact, pick.remaining);

    let result: Awaited<ReturnType<Sender['send']>>;
    try {
      result = await sender.send(sub.channelId, reply, entry.nonce, { embeds: access.embeds });
    } catch (err) {
      result = { ok: false, permanent: false, reason: `send threw: ${errorMessage(err)}` };
    }
    if (!result.ok) return this.fail(key, result, retryCtx);

    const messageId = result.messageId;
    // One transaction: a crash leaves either nothing recorded (re-send, deduplicated by nonce)
    // or everything.
    await this.deps.db.transaction(async (tx) => {
      await new PostLedger(tx, this.clock).markSent(key, messageId);
      await new FactRotation(tx, this.clock).record(ref, pick.factId, pick.cycle);
      await new SubscriptionRepository(tx, this.clock).setLastPosted(ref, localDate);
    });
    this.log.info(
      { ...retryCtx, messageId, factId: pick.factId, remaining: pick.remaining },
      'daily fact posted',
    );
    return 'posted';
  }

  private async fail(
    key: PostKey,
    failure: SendFailure,
    ctx: Record<string, unknown>,
  ): Promise<TickOutcome> {
    const reason = describeFailure(failure);
    if (failure.permanent) {
      await this.ledger.markFailed(key, reason);
      await this.subscriptions.disable(key, reason);
      this.log.warn({ ...ctx, reason, code: failure.code }, 'daily subscription disabled');
      return 'disabled';
    }
    await this.ledger.release(key, reason);
    this.log.warn({ ...ctx, reason, code: failure.code }, 'daily post failed; will retry');
    return 'retry';
  }
}
