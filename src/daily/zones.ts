/**
 * Time zones and local times as people type them for the daily post: canonical IANA names, the
 * autocomplete list with each zone's UTC offset, and HH:MM. The due rule (due.ts) then works on
 * what these return.
 */
import { DateTime } from 'luxon';
import type { Choice } from '../answer/reply.ts';
import { isValidTimeZone, parseLocalTime } from './due.ts';

let zoneList: readonly string[] | undefined;

/** IANA zone names this runtime knows (Intl's canonical list plus UTC), sorted. */
export function timeZones(): readonly string[] {
  zoneList ??= [...new Set([...Intl.supportedValuesOf('timeZone'), 'UTC'])].sort();
  return zoneList;
}

/** Shown when nothing has been typed yet: the list starts with "Africa/", which helps nobody. */
const COMMON_ZONES = [
  'UTC',
  'Europe/London',
  'Europe/Paris',
  'Europe/Berlin',
  'Europe/Kyiv',
  'Europe/Moscow',
  'Asia/Tehran',
  'Asia/Dubai',
  'Asia/Kolkata',
  'Asia/Shanghai',
  'Asia/Tokyo',
  'Australia/Sydney',
  'Pacific/Auckland',
  'America/Sao_Paulo',
  'America/New_York',
  'America/Chicago',
  'America/Denver',
  'America/Los_Angeles',
];

const zoneKey = (s: string) => s.trim().toLowerCase().replace(/\s+/gu, '_');

/**
 * The canonical name of a zone typed by a user ("europe/berlin" → "Europe/Berlin"); aliases the
 * runtime accepts but does not list ("US/Eastern") are kept as typed. Null when unknown.
 */
export function canonicalZone(input: string): string | null {
  const key = zoneKey(input);
  if (key === '') return null;
  const listed = timeZones().find((z) => z.toLowerCase() === key);
  if (listed) return listed;
  return /^[A-Za-z0-9_+\-/]+$/u.test(input.trim()) && isValidTimeZone(input.trim())
    ? input.trim()
    : null;
}

/** Zones matching what was typed (a city or region; start-of-segment matches first), ≤ 25. */
export function zoneChoices(typed: string, now: Date): Choice[] {
  const key = zoneKey(typed);
  const names =
    key === ''
      ? COMMON_ZONES.filter((z) => timeZones().includes(z))
      : timeZones()
          .map((z, i) => {
            const lower = z.toLowerCase();
            const rank =
              lower.startsWith(key) || lower.split('/').some((seg) => seg.startsWith(key))
                ? 0
                : lower.includes(key)
                  ? 1
                  : 2;
            return { z, i, rank };
          })
          .filter((x) => x.rank < 2)
          .sort((a, b) => a.rank - b.rank || a.i - b.i)
          .map((x) => x.z);
  return names.slice(0, 25).map((z) => ({ name: `${z} (UTC${offsetOf(z, now)})`, value: z }));
}

function offsetOf(zone: string, now: Date): string {
  return DateTime.fromJSDate(now, { zone }).toFormat('ZZ');
}

/** `HH:MM` from what was typed ("9:00", "09.30", "18h00"), or null when it is not a time. */
export function normalizeTime(input: string): string | null {
  const m = /^(\d{1,2})[:.h](\d{2})$/u.exec(input.trim());
  if (!m) return null;
  const time = `${(m[1] ?? '').padStart(2, '0')}:${m[2] ?? ''}`;
  return parseLocalTime(time) === null ? null : time;
}
