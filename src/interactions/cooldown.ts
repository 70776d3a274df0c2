/**
 * A per-user sliding-window rate limit, applied by the interaction core to commands whose spec
 * declares `cooldown: 'question'`.
 * Ours: 5 questions per 10 s per user; the clock is injectable so tests need no sleeping.
 */

export interface CooldownOptions {
  /** Questions allowed per window; default 5. */
  limit?: number;
  /** Window length in ms; default 10 000. */
  windowMs?: number;
  /** Milliseconds clock; default Date.now. */
  now?: () => number;
  /** Users tracked before stale ones are swept; bounds memory under a flood of new users. */
  maxUsers?: number;
}

export type CooldownResult = { ok: true } | { ok: false; retryAfterMs: number };

export interface Cooldown {
  /** Records an attempt by `userId` if it is allowed now; otherwise says how long to wait. */
  take(userId: string): CooldownResult;
  /** Users currently tracked (for tests and metrics). */
  size(): number;
}

/**
 * Creates a sliding-window limiter. A refused attempt is not recorded, so a user who keeps
 * trying is not locked out for longer than the window.
 * @example const cd = createCooldown(); if (!cd.take(user).ok) reply('slow down');
 */
export function createCooldown(options: CooldownOptions = {}): Cooldown {
  const limit = options.limit ?? 5;
  const windowMs = options.windowMs ?? 10_000;
  const now = options.now ?? Date.now;
  const maxUsers = options.maxUsers ?? 10_000;
  const stamps = new Map<string, number[]>();

  const sweep = (t: number): void => {
    for (const [user, list] of stamps) {
      const last = list[list.length - 1];
      if (last === undefined || t - last >= windowMs) stamps.delete(user);
    }
  };

  return {
    take(userId) {
      const t = now();
      const recent = (stamps.get(userId) ?? []).filter((s) => t - s < windowMs);
      if (recent.length >= limit) {
        stamps.set(userId, recent);
        const oldest = recent[0] ?? t;
        return { ok: false, retryAfterMs: Math.max(1, oldest + windowMs - t) };
      }
      recent.push(t);
      stamps.set(userId, recent);
      if (stamps.size > maxUsers) sweep(t);
      return { ok: true };
    },
    size: () => stamps.size,
  };
}
