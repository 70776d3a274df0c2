import { z } from 'zod';
import type { Sql } from './sql.ts';
import { type ChannelRef, type Clock, systemClock } from './types.ts';

/** A fact picked for a channel's next post. */
export interface RotationPick {
  factId: string;
  /** The cycle the pick belongs to; pass it to `record` once the post is out. */
  cycle: number;
  /** Unused facts left in the cycle after this one is posted. */
  remaining: number;
  /** True when the pool was used up and this pick starts a new cycle. */
  newCycle: boolean;
}

export interface NextOptions {
  /** Pick this id if it is still eligible (a re-send after a crash keeps its fact). */
  prefer?: string | null | undefined;
}

/** Deterministic PRNG (mulberry32) for reproducible picks in tests: returns values in [0, 1). */
export function seededRng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const cycleRow = z.object({ cycle: z.number().int() });
const usedRow = z.object({ fact_id: z.string() });

/**
 * Per-channel fact rotation: every fact in the pool is posted once before any repeats. Used ids
 * are kept per cycle; facts that left the pool are ignored and new ones join the current cycle.
 */
export class FactRotation {
  constructor(
    private readonly db: Sql,
    private readonly clock: Clock = systemClock,
  ) {}

  /** The channel's current cycle number (0 before the first post). */
  async currentCycle(ref: ChannelRef): Promise<number> {
    const row = await this.db.get(
      'SELECT cycle FROM rotation_state WHERE platform = @platform AND channel_id = @channelId',
      { platform: ref.platform, channelId: ref.channelId },
    );
    return row === undefined ? 0 : cycleRow.parse(row).cycle;
  }

  /** Fact ids already posted in the channel's current cycle (or in `cycle`). */
  async usedInCycle(ref: ChannelRef, cycle?: number): Promise<Set<string>> {
    const rows = await this.db.all(
      `SELECT fact_id FROM rotation_used
       WHERE platform = @platform AND channel_id = @channelId AND cycle = @cycle`,
      {
        platform: ref.platform,
        channelId: ref.channelId,
        cycle: cycle ?? (await this.currentCycle(ref)),
      },
    );
    return new Set(rows.map((r) => usedRow.parse(r).fact_id));
  }

  /**
   * Picks an unused fact id from `poolIds` (null for an empty pool) without recording it. The
   * choice depends only on the pool, the channel's history and `rng`, so a seeded rng makes it
   * deterministic. When the pool is used up a new cycle starts.
   */
  async next(
    ref: ChannelRef,
    poolIds: readonly string[],
    rng: () => number = Math.random,
    options: NextOptions = {},
  ): Promise<RotationPick | null> {
    const pool = [...new Set(poolIds)].sort();
    if (pool.length === 0) return null;
    const cycle = await this.currentCycle(ref);
    const used = await this.usedInCycle(ref, cycle);
    let unused = pool.filter((id) => !used.has(id));
    let pickCycle = cycle;
    if (unused.length === 0) {
      unused = pool;
      pickCycle = cycle + 1;
    }
    const prefer = options.prefer;
    const factId =
      prefer != null && unused.includes(prefer)
        ? prefer
        : (unused[Math.min(unused.length - 1, Math.floor(rng() * unused.length))] ?? pool[0]);
    if (factId === undefined) return null;
    return {
      factId,
      cycle: pickCycle,
      remaining: unused.length - 1,
      newCycle: pickCycle !== cycle,
    };
  }

  /** Marks a fact as posted in `cycle` (from the pick); idempotent. */
  record(ref: ChannelRef, factId: string, cycle: number): Promise<void> {
    const key = { platform: ref.platform, channelId: ref.channelId, cycle };
    return this.db.transaction(async (tx) => {
      // The cycle only moves forward, even when two writers record out of order.
      await tx.run(
        `INSERT INTO rotation_state (platform, channel_id, cycle)
         VALUES (@platform, @channelId, @cycle)
         ON CONFLICT (platform, channel_id) DO UPDATE SET cycle = CASE
           WHEN excluded.cycle > rotation_state.cycle THEN excluded.cycle
           ELSE rotation_state.cycle END`,
        key,
      );
      await tx.run(
        `INSERT INTO rotation_used (platform, channel_id, cycle, fact_id, posted_at)
         VALUES (@platform, @channelId, @cycle, @factId, @postedAt)
         ON CONFLICT DO NOTHING`,
        { ...key, factId, postedAt: this.clock().toISOString() },
      );
      // Older cycles are never read again.
      await tx.run(
        `DELETE FROM rotation_used
         WHERE platform = @platform AND channel_id = @channelId AND cycle < @cycle`,
        key,
      );
    });
  }

  /** Forgets the channel's history (e.g. when its subscription is deleted). */
  reset(ref: ChannelRef): Promise<void> {
    const key = { platform: ref.platform, channelId: ref.channelId };
    return this.db.transaction(async (tx) => {
      await tx.run(
        'DELETE FROM rotation_used WHERE platform = @platform AND channel_id = @channelId',
        key,
      );
      await tx.run(
        'DELETE FROM rotation_state WHERE platform = @platform AND channel_id = @channelId',
        key,
      );
    });
  }
}
