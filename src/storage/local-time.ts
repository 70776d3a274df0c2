/**
 * The two checks a stored schedule must pass, kept here (below the daily scheduler, which
 * re-exports them) so the subscription repository can refuse a bad row without importing upward.
 */
import { IANAZone } from 'luxon';

const LOCAL_TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;
const localTimeCache = new Map<string, number>();

/** Minutes after midnight for a `HH:MM` string (24-hour clock), or null when malformed. */
export function parseLocalTime(localTime: string): number | null {
  const cached = localTimeCache.get(localTime);
  if (cached !== undefined) return cached;
  const m = LOCAL_TIME.exec(localTime);
  if (!m) return null;
  const minutes = Number(m[1]) * 60 + Number(m[2]);
  if (localTimeCache.size > 10_000) localTimeCache.clear();
  localTimeCache.set(localTime, minutes);
  return minutes;
}

/** True when `timeZone` is an IANA zone name this runtime knows (e.g. `Europe/Berlin`, `UTC`). */
export function isValidTimeZone(timeZone: string): boolean {
  return IANAZone.isValidZone(timeZone);
}
