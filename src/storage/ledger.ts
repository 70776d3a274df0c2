import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { Sql } from './sql.ts';
import {
  type ChannelRef,
  type Clock,
  type Platform,
  platformSchema,
  systemClock,
} from './types.ts';

/**
 * The post ledger: one row per (platform, channel, local date), so a daily post is made once even
 * when two processes share the database file or one crashes mid-post.
 *
 * States:
 * - `claimed`: a process holds (or held) a short lease and may be sending. The row carries a
 *   nonce fixed at claim time and the fact chosen for the post. If the holder crashes (before or
 *   after the platform accepted the message, we cannot tell), the lease expires and the next
 *   claimer re-sends the SAME fact with the SAME nonce; with Discord's `enforce_nonce` a message
 *   that did go out is returned instead of duplicated, so a crash between send and `markSent`
 *   still yields one visible post.
 * - `sent`: done for the day; `messageId` is the platform's id.
 * - `failed`: given up for the day (permanent error or too many attempts).
 */
export type LedgerStatus = 'claimed' | 'sent' | 'failed';

/** Identifies one day's post in one channel. */
export interface PostKey extends ChannelRef {
  /** The subscription's local date, `YYYY-MM-DD`. */
  localDate: string;
}

export interface LedgerEntry extends PostKey {
  /** Unique, at most 25 characters (Discord's nonce limit). */
  nonce: string;
  status: LedgerStatus;
  factId: string | null;
  rotationCycle: number | null;
  messageId: string | null;
  /** How many times a process acquired the row to send it. */
  attempts: number;
  lastError: string | null;
  leaseOwner: string | null;
  /** Epoch ms until which `leaseOwner` has the row to itself. */
  leaseUntil: number;
  claimedAt: string;
  updatedAt: string;
}

export interface ClaimResult {
  entry: LedgerEntry;
  /** True when the caller now holds the lease and should (re-)send with `entry.nonce`. */
  acquired: boolean;
}

/** Long enough for a send with retries, short enough to re-send inside Discord's nonce window. */
export const DEFAULT_LEASE_MS = 90_000;
export const MAX_NONCE_LENGTH = 25;

/** A fresh nonce: 16 url-safe characters (96 random bits), well under Discord's 25. */
export function newNonce(): string {
  return randomBytes(12).toString('base64url');
}

const rowSchema = z.object({
  platform: platformSchema,
  channel_id: z.string(),
  local_date: z.string(),
  nonce: z.string(),
  status: z.enum(['claimed', 'sent', 'failed']),
  fact_id: z.string().nullable(),
  rotation_cycle: z.number().int().nullable(),
  message_id: z.string().nullable(),
  attempts: z.number().int(),
  last_error: z.string().nullable(),
  lease_owner: z.string().nullable(),
  lease_until: z.number().int(),
  claimed_at: z.string(),
  updated_at: z.string(),
});

function toEntry(row: unknown): LedgerEntry {
  const r = rowSchema.parse(row);
  return {
    platform: r.platform,
    channelId: r.channel_id,
    localDate: r.local_date,
    nonce: r.nonce,
    status: r.status,
    factId: r.fact_id,
    rotationCycle: r.rotation_cycle,
    messageId: r.message_id,
    attempts: r.attempts,
    lastError: r.last_error,
    leaseOwner: r.lease_owner,
    leaseUntil: r.lease_until,
    claimedAt: r.claimed_at,
    updatedAt: r.updated_at,
  };
}

const WHERE_KEY = 'platform = @platform AND channel_id = @channelId AND local_date = @localDate';

function keyParams(key: PostKey): { platform: Platform; channelId: string; localDate: string } {
  return { platform: key.platform, channelId: key.channelId, localDate: key.localDate };
}

/**
 * The claim, one statement on both engines: insert today's row, or take over a `claimed` row
 * whose lease has lapsed. The engine serialises conflicting writers on the key (SQLite's write
 * lock, PostgreSQL's row lock in ON CONFLICT), and the WHERE is evaluated against the row as the
 * winner left it, so two claimers can never both get a row back.
 */
const CLAIM = `
  INSERT INTO post_ledger (platform, channel_id, local_date, nonce, status, attempts,
    lease_owner, lease_until, claimed_at, updated_at)
  VALUES (@platform, @channelId, @localDate, @nonce, 'claimed', 1, @owner, @until, @iso, @iso)
  ON CONFLICT (platform, channel_id, local_date) DO UPDATE SET
    lease_owner = excluded.lease_owner, lease_until = excluded.lease_until,
    attempts = post_ledger.attempts + 1, updated_at = excluded.updated_at
  WHERE post_ledger.status = 'claimed' AND post_ledger.lease_until <= @now
  RETURNING *`;

export class PostLedger {
  constructor(
    private readonly db: Sql,
    private readonly clock: Clock = systemClock,
  ) {}

  async get(key: PostKey): Promise<LedgerEntry | null> {
    const row = await this.db.get(`SELECT * FROM post_ledger WHERE ${WHERE_KEY}`, keyParams(key));
    return row === undefined ? null : toEntry(row);
  }

  /**
   * Claims the day's post for `owner`. Inserts a `claimed` row with a new nonce, or returns the
   * existing row: acquired again if it is `claimed` and its lease expired (a crashed or failed
   * attempt, to be re-sent with the same nonce), not acquired if another owner's lease is live or
   * the post is already `sent` / `failed`. Of any number of processes claiming at once, on one
   * SQLite file or one PostgreSQL server, exactly one acquires.
   */
  async claim(
    key: PostKey,
    owner: string,
    leaseMs: number = DEFAULT_LEASE_MS,
  ): Promise<ClaimResult> {
    const nowDate = this.clock();
    const now = nowDate.getTime();
    const won = await this.db.get(CLAIM, {
      ...keyParams(key),
      nonce: newNonce(),
      owner,
      until: now + leaseMs,
      iso: nowDate.toISOString(),
      now,
    });
    if (won !== undefined) return { entry: toEntry(won), acquired: true };
    const existing = await this.get(key);
    if (!existing) throw new Error('ledger row vanished between claim and read');
    return { entry: existing, acquired: false };
  }

  /** Pins the fact chosen for the post, so a re-send after a crash sends the same message. */
  async setFact(key: PostKey, factId: string, rotationCycle: number): Promise<void> {
    await this.db.run(
      `UPDATE post_ledger SET fact_id = @factId, rotation_cycle = @cycle, updated_at = @iso
       WHERE ${WHERE_KEY} AND status = 'claimed'`,
      { ...keyParams(key), factId, cycle: rotationCycle, iso: this.clock().toISOString() },
    );
  }

  /** Records the platform's message id; the day's post is done. */
  async markSent(key: PostKey, messageId: string): Promise<boolean> {
    const changes = await this.db.run(
      `UPDATE post_ledger SET status = 'sent', message_id = @messageId, lease_owner = NULL,
         lease_until = 0, last_error = NULL, updated_at = @iso
       WHERE ${WHERE_KEY} AND status != 'sent'`,
      { ...keyParams(key), messageId, iso: this.clock().toISOString() },
    );
    return changes > 0;
  }

  /** Gives up on the day's post (permanent error or out of attempts). */
  async markFailed(key: PostKey, reason: string): Promise<boolean> {
    const changes = await this.db.run(
      `UPDATE post_ledger SET status = 'failed', last_error = @reason, lease_owner = NULL,
         lease_until = 0, updated_at = @iso
       WHERE ${WHERE_KEY} AND status = 'claimed'`,
      { ...keyParams(key), reason, iso: this.clock().toISOString() },
    );
    return changes > 0;
  }

  /** Drops the lease after a transient failure so the next tick (any process) retries. */
  async release(key: PostKey, reason: string): Promise<void> {
    await this.db.run(
      `UPDATE post_ledger SET lease_owner = NULL, lease_until = 0, last_error = @reason,
         updated_at = @iso
       WHERE ${WHERE_KEY} AND status = 'claimed'`,
      { ...keyParams(key), reason, iso: this.clock().toISOString() },
    );
  }

  /**
   * Makes a `failed` row claimable again (the channel was re-enabled after a permanent error).
   * Keeps the nonce: if an earlier attempt did reach the platform it is still deduplicated.
   */
  async revive(key: PostKey): Promise<boolean> {
    const changes = await this.db.run(
      `UPDATE post_ledger SET status = 'claimed', attempts = 0, lease_owner = NULL,
         lease_until = 0, updated_at = @iso
       WHERE ${WHERE_KEY} AND status = 'failed'`,
      { ...keyParams(key), iso: this.clock().toISOString() },
    );
    return changes > 0;
  }

  /** Deletes rows for local dates before `localDate` (housekeeping; only today's row matters). */
  pruneBefore(localDate: string): Promise<number> {
    return this.db.run('DELETE FROM post_ledger WHERE local_date < @localDate', { localDate });
  }
}
