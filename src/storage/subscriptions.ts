import { z } from 'zod';
import { isValidTimeZone, parseLocalTime } from './local-time.ts';
import type { Sql } from './sql.ts';
import {
  type ChannelRef,
  type Clock,
  type GuildChannelRef,
  type Platform,
  platformSchema,
  systemClock,
} from './types.ts';

/** A channel's daily-fact subscription (one per channel). */
export interface Subscription {
  platform: Platform;
  guildId: string;
  channelId: string;
  /** Local wall time of the post, `HH:MM`. */
  localTime: string;
  /** IANA zone the local time is in. */
  timeZone: string;
  topic: string | null;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  enabled: boolean;
  disabledReason: string | null;
  disabledAt: string | null;
  /** Local date (`YYYY-MM-DD`) of the last successful post. */
  lastPostedLocalDate: string | null;
}

export interface SubscriptionInput {
  platform: Platform;
  guildId: string;
  channelId: string;
  localTime: string;
  timeZone: string;
  topic?: string | null | undefined;
  createdBy: string;
}

const rowSchema = z.object({
  platform: platformSchema,
  guild_id: z.string(),
  channel_id: z.string(),
  local_time: z.string(),
  time_zone: z.string(),
  topic: z.string().nullable(),
  created_by: z.string(),
  created_at: z.string(),
  updated_at: z.string(),
  enabled: z.union([z.literal(0), z.literal(1)]),
  disabled_reason: z.string().nullable(),
  disabled_at: z.string().nullable(),
  last_posted_local_date: z.string().nullable(),
});

function toSubscription(row: unknown): Subscription {
  const r = rowSchema.parse(row);
  return {
    platform: r.platform,
    guildId: r.guild_id,
    channelId: r.channel_id,
    localTime: r.local_time,
    timeZone: r.time_zone,
    topic: r.topic,
    createdBy: r.created_by,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    enabled: r.enabled === 1,
    disabledReason: r.disabled_reason,
    disabledAt: r.disabled_at,
    lastPostedLocalDate: r.last_posted_local_date,
  };
}

/** `/daily set` named a channel that another server has subscribed (a forged or stale id). */
export class ForeignChannelError extends Error {
  override readonly name = 'ForeignChannelError';
}

/**
 * Subscriptions: which channels get the daily fact, when, and whether posting was disabled.
 * What a server's members ask for (`upsert`, `inGuild`, `deleteInGuild`, `listByGuild`) is scoped
 * by the server, so a channel id from another server finds nothing; the scheduler and the
 * platform's own events (a deleted channel) address a row by its channel alone.
 */
export class SubscriptionRepository {
  constructor(
    private readonly db: Sql,
    private readonly clock: Clock = systemClock,
  ) {}

  /** The order subscriptions were first made in: SQLite's rowid, PostgreSQL's identity column. */
  private get firstMade(): string {
    return this.db.dialect === 'sqlite' ? 'rowid' : 'seq';
  }

  /**
   * Creates or replaces the channel's subscription and (re-)enables it. The last posted date is
   * kept, so re-subscribing after today's post does not post again today. Throws
   * ForeignChannelError when the channel is subscribed in another server.
   */
  async upsert(input: SubscriptionInput): Promise<Subscription> {
    if (parseLocalTime(input.localTime) === null) {
      throw new RangeError(`local time must be HH:MM, got ${JSON.stringify(input.localTime)}`);
    }
    if (!isValidTimeZone(input.timeZone)) {
      throw new RangeError(`unknown time zone: ${input.timeZone}`);
    }
    const now = this.clock().toISOString();
    await this.db.run(
      `INSERT INTO subscriptions (platform, guild_id, channel_id, local_time, time_zone, topic,
         created_by, created_at, updated_at, enabled)
       VALUES (@platform, @guildId, @channelId, @localTime, @timeZone, @topic, @createdBy,
         @now, @now, 1)
       ON CONFLICT (platform, channel_id) DO UPDATE SET
         local_time = excluded.local_time,
         time_zone = excluded.time_zone, topic = excluded.topic,
         updated_at = excluded.updated_at, enabled = 1,
         disabled_reason = NULL, disabled_at = NULL
       WHERE subscriptions.guild_id = excluded.guild_id`,
      {
        platform: input.platform,
        guildId: input.guildId,
        channelId: input.channelId,
        localTime: input.localTime,
        timeZone: input.timeZone,
        topic: input.topic ?? null,
        createdBy: input.createdBy,
        now,
      },
    );
    const sub = await this.get(input);
    if (!sub) throw new Error('subscription vanished right after upsert');
    if (sub.guildId !== input.guildId)
      throw new ForeignChannelError(`channel ${input.channelId} belongs to another server`);
    return sub;
  }

  /** The channel's subscription if it belongs to `ref.guildId`, enabled or not. */
  async inGuild(ref: GuildChannelRef): Promise<Subscription | null> {
    const row = await this.db.get(
      `SELECT * FROM subscriptions
       WHERE platform = @platform AND guild_id = @guildId AND channel_id = @channelId`,
      { platform: ref.platform, guildId: ref.guildId, channelId: ref.channelId },
    );
    return row === undefined ? null : toSubscription(row);
  }

  /** Removes the channel's subscription (/daily off) if it belongs to `ref.guildId`. */
  async deleteInGuild(ref: GuildChannelRef): Promise<boolean> {
    const changes = await this.db.run(
      `DELETE FROM subscriptions
       WHERE platform = @platform AND guild_id = @guildId AND channel_id = @channelId`,
      { platform: ref.platform, guildId: ref.guildId, channelId: ref.channelId },
    );
    return changes > 0;
  }

  /** The channel's subscription, enabled or not, whichever server it is in (scheduler use). */
  async get(ref: ChannelRef): Promise<Subscription | null> {
    const row = await this.db.get(
      'SELECT * FROM subscriptions WHERE platform = @platform AND channel_id = @channelId',
      { platform: ref.platform, channelId: ref.channelId },
    );
    return row === undefined ? null : toSubscription(row);
  }

  /** Stops posting to the channel, keeping the row so /daily status can say why. */
  async disable(ref: ChannelRef, reason: string): Promise<boolean> {
    const changes = await this.db.run(
      `UPDATE subscriptions SET enabled = 0, disabled_reason = @reason, disabled_at = @now,
         updated_at = @now
       WHERE platform = @platform AND channel_id = @channelId`,
      { reason, now: this.clock().toISOString(), platform: ref.platform, channelId: ref.channelId },
    );
    return changes > 0;
  }

  /** Records the local date of a successful post. */
  async setLastPosted(ref: ChannelRef, localDate: string): Promise<void> {
    await this.db.run(
      `UPDATE subscriptions SET last_posted_local_date = @localDate
       WHERE platform = @platform AND channel_id = @channelId
         AND (last_posted_local_date IS NULL OR last_posted_local_date < @localDate)`,
      { localDate, platform: ref.platform, channelId: ref.channelId },
    );
  }

  /** Every enabled subscription, optionally on one platform. */
  async listEnabled(platform?: Platform): Promise<Subscription[]> {
    const rows =
      platform === undefined
        ? await this.db.all(
            `SELECT * FROM subscriptions WHERE enabled = 1 ORDER BY ${this.firstMade}`,
          )
        : await this.db.all(
            `SELECT * FROM subscriptions WHERE enabled = 1 AND platform = @platform
             ORDER BY ${this.firstMade}`,
            { platform },
          );
    return rows.map(toSubscription);
  }

  /** Every subscription (enabled or not) in a guild / workspace. */
  async listByGuild(platform: Platform, guildId: string): Promise<Subscription[]> {
    const rows = await this.db.all(
      `SELECT * FROM subscriptions WHERE platform = @platform AND guild_id = @guildId
       ORDER BY channel_id`,
      { platform, guildId },
    );
    return rows.map(toSubscription);
  }
}
