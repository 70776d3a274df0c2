/** Discord epoch (2015-01-01T00:00:00.000Z) in milliseconds. */
const DISCORD_EPOCH = 1_420_070_400_000n;

let increment = 0n;

/**
 * A fresh, unique snowflake for "now", shaped like Discord's: the timestamp in the top
 * 42 bits, so discord.js derives a sensible `createdTimestamp` from it.
 */
export function snowflake(at: number = Date.now()): string {
  increment = (increment + 1n) & 0xfffn;
  return (((BigInt(at) - DISCORD_EPOCH) << 22n) | (1n << 17n) | increment).toString();
}

/** A random interaction/webhook token (Discord's are opaque strings). */
export function fakeToken(prefix = 'aW50ZXJhY3Rpb24'): string {
  const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  let out = prefix;
  for (let i = 0; i < 64; i++) out += chars[Math.floor(Math.random() * chars.length)] ?? 'x';
  return out;
}
