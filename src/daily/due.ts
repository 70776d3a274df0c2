/**
 * The due rule for daily posts: exactly one post per subscribed channel per local calendar day, at
 * the first instant at or after the configured local time.
 *
 * Luxon alone is not enough here: for a wall time inside a DST gap it shifts forward by the gap
 * length (02:30 → 03:30) and for a repeated wall time it picks the second occurrence, while the
 * rule wants the first instant after the gap and the first occurrence. So the slot is computed
 * from the zone's offset timeline directly. Luxon's offset lookups cost a few microseconds each
 * (Intl under the hood), and the ticker asks every minute for every channel, so offsets are cached
 * per UTC hour and slots per local day: a warm `isDue` is a few map lookups and some arithmetic.
 */
import { IANAZone } from 'luxon';
import { isValidTimeZone, parseLocalTime } from '../storage/local-time.ts';

export { isValidTimeZone, parseLocalTime };

const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
/** Every real UTC offset lies within ±16 h, which bounds the search for a wall time's instant. */
const WINDOW = 16 * HOUR;
/** Caches are dropped when they grow past this many entries (a long-running bot, many zones). */
const CACHE_LIMIT = 200_000;

export interface DueResult {
  /** True when a post should go out now for `localDate`. */
  due: boolean;
  /** Today's date in the subscription's zone, `YYYY-MM-DD`: the ledger key for this post. */
  localDate: string;
}

const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** One UTC hour of a zone's timeline: the offset before and after `at` (at most one change). */
interface HourChunk {
  before: number;
  after: number;
  /** Instant of the offset change, or the end of the hour when there is none. */
  at: number;
}

/**
 * A zone's UTC offsets, cached per UTC hour. Assumes at most one offset change per UTC hour, which
 * holds for every zone in the tz database since 1970.
 */
class ZoneTimeline {
  private readonly zone: IANAZone;
  private readonly boundary = new Map<number, number>();
  private readonly chunks = new Map<number, HourChunk>();
  private readonly slots = new Map<number, number>();

  constructor(timeZone: string) {
    this.zone = IANAZone.create(timeZone);
  }

  /** Offset in ms at an instant, straight from luxon (slow: Intl). */
  private raw(ms: number): number {
    return Math.round(this.zone.offset(ms) * MINUTE);
  }

  private boundaryOffset(hour: number): number {
    let off = this.boundary.get(hour);
    if (off === undefined) {
      off = this.raw(hour * HOUR);
      if (this.boundary.size > CACHE_LIMIT) this.boundary.clear();
      this.boundary.set(hour, off);
    }
    return off;
  }

  chunk(hour: number): HourChunk {
    let c = this.chunks.get(hour);
    if (c) return c;
    const start = hour * HOUR;
    const before = this.boundaryOffset(hour);
    const after = this.boundaryOffset(hour + 1);
    if (before === after) {
      c = { before, after, at: start + HOUR };
    } else {
      // Offsets change on whole seconds: bisect in seconds for the first one with the new offset.
      let lo = start / 1000;
      let hi = (start + HOUR) / 1000;
      while (hi - lo > 1) {
        const mid = Math.floor((lo + hi) / 2);
        if (this.raw(mid * 1000) === before) lo = mid;
        else hi = mid;
      }
      c = { before, after, at: hi * 1000 };
    }
    if (this.chunks.size > CACHE_LIMIT) this.chunks.clear();
    this.chunks.set(hour, c);
    return c;
  }

  offsetAt(ms: number): number {
    const c = this.chunk(Math.floor(ms / HOUR));
    return ms < c.at ? c.before : c.after;
  }

  /** Days since 1970-01-01 of the local calendar date at an instant. */
  localDay(ms: number): number {
    return Math.floor((ms + this.offsetAt(ms)) / DAY);
  }

  /**
   * The first instant whose local wall clock reads at or after `minuteOfDay` on local day `day`.
   * On a normal day that is the wall time itself; in a gap it is the end of the gap; when the wall
   * time repeats it is the first occurrence. The wall clock is `t + offset` on each stretch of
   * constant offset, so the answer is the first stretch where `max(start, wall - offset)` still
   * lies inside it.
   */
  slot(day: number, minuteOfDay: number): number {
    const key = day * 1440 + minuteOfDay;
    const cached = this.slots.get(key);
    if (cached !== undefined) return cached;
    const wall = day * DAY + minuteOfDay * MINUTE;
    const first = Math.floor((wall - WINDOW) / HOUR);
    const last = Math.floor((wall + WINDOW) / HOUR);
    for (let h = first; h <= last; h++) {
      const c = this.chunk(h);
      const start = h * HOUR;
      const end = start + HOUR;
      const hit =
        c.at < end
          ? (firstInStretch(start, c.at, c.before, wall) ??
            firstInStretch(c.at, end, c.after, wall))
          : firstInStretch(start, end, c.before, wall);
      if (hit !== null) {
        if (this.slots.size > CACHE_LIMIT) this.slots.clear();
        this.slots.set(key, hit);
        return hit;
      }
    }
    // Unreachable: within ±16 h of the wall time some instant's clock has passed it.
    throw new Error(`no instant reaches local minute ${minuteOfDay} of day ${day}`);
  }
}

function firstInStretch(start: number, end: number, offset: number, wall: number): number | null {
  const t = Math.max(start, wall - offset);
  return t < end ? t : null;
}

const timelines = new Map<string, ZoneTimeline>();

function timeline(timeZone: string): ZoneTimeline {
  let tl = timelines.get(timeZone);
  if (!tl) {
    if (!IANAZone.isValidZone(timeZone)) throw new RangeError(`unknown time zone: ${timeZone}`);
    tl = new ZoneTimeline(timeZone);
    timelines.set(timeZone, tl);
  }
  return tl;
}

function minutesOf(localTime: string): number {
  const m = parseLocalTime(localTime);
  if (m === null)
    throw new RangeError(`local time must be HH:MM, got ${JSON.stringify(localTime)}`);
  return m;
}

const dateStrings = new Map<number, string>();

function dayToDate(day: number): string {
  let s = dateStrings.get(day);
  if (s === undefined) {
    s = new Date(day * DAY).toISOString().slice(0, 10);
    if (dateStrings.size > CACHE_LIMIT) dateStrings.clear();
    dateStrings.set(day, s);
  }
  return s;
}

function dateToDay(localDate: string): number {
  const m = LOCAL_DATE.exec(localDate);
  if (!m) throw new RangeError(`local date must be YYYY-MM-DD, got ${JSON.stringify(localDate)}`);
  return Math.floor(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / DAY);
}

const toMs = (t: Date | number): number => (typeof t === 'number' ? t : t.getTime());

/** Today's local calendar date (`YYYY-MM-DD`) in `timeZone` at instant `now`. */
export function localDateAt(now: Date | number, timeZone: string): string {
  return dayToDate(timeline(timeZone).localDay(toMs(now)));
}

/**
 * The instant of the post slot on `localDate`: the first instant at or after `localTime` there
 * (end of the gap if that wall time is skipped, the first occurrence if it repeats).
 */
export function slotOn(localDate: string, timeZone: string, localTime: string): Date {
  return new Date(timeline(timeZone).slot(dateToDay(localDate), minutesOf(localTime)));
}

/**
 * Whether a post is due at `now`. Only today's local date matters: after downtime today's post
 * goes out once its slot has passed, and missed earlier days are never back-filled.
 * `lastPostedLocalDate` is the local date of the last post (null if never). Accepts epoch ms to
 * spare callers that loop over many instants an allocation.
 */
export function isDue(
  now: Date | number,
  timeZone: string,
  localTime: string,
  lastPostedLocalDate: string | null,
): DueResult {
  const ms = toMs(now);
  const tl = timeline(timeZone);
  const day = tl.localDay(ms);
  const localDate = dayToDate(day);
  // String order is date order for YYYY-MM-DD; `>=` also covers clocks that step back a day.
  if (lastPostedLocalDate !== null && lastPostedLocalDate >= localDate) {
    return { due: false, localDate };
  }
  return { due: ms >= tl.slot(day, minutesOf(localTime)), localDate };
}

/**
 * The next instant a post will be due. When `lastPostedLocalDate` is given (null = never posted)
 * and today's slot has passed with nothing posted today, the post is due right away and `now` is
 * returned. Otherwise (argument omitted, or today's post already out) it is the next slot
 * strictly after `now`.
 */
export function nextSlot(
  now: Date | number,
  timeZone: string,
  localTime: string,
  lastPostedLocalDate?: string | null,
): Date {
  const ms = toMs(now);
  const tl = timeline(timeZone);
  const minute = minutesOf(localTime);
  const today = tl.localDay(ms);
  const owedToday =
    lastPostedLocalDate !== undefined &&
    (lastPostedLocalDate === null || lastPostedLocalDate < dayToDate(today));
  for (let day = today; day <= today + 3; day++) {
    const slot = tl.slot(day, minute);
    // A day the zone skipped entirely has its "slot" on the next day, where it never fires.
    if (tl.localDay(slot) !== day) continue;
    if (slot > ms) return new Date(slot);
    if (day === today && owedToday) return new Date(ms);
  }
  throw new Error(`no slot within three days for ${localTime} in ${timeZone}`);
}
