import { DateTime } from 'luxon';
import type { DatePrecision, FactDate } from './types.ts';

/** The parts of a date the text states; a missing year is never guessed here. */
export interface DateParts {
  year: number | null;
  month: number | null;
  day: number | null;
  season: Season | null;
  precision: DatePrecision;
}

export type Season = 'spring' | 'summer' | 'fall' | 'winter';

/** A date relative to the time of writing ("this week", "last year"). */
export interface RelativeDate {
  unit: 'day' | 'week' | 'month' | 'year';
  offset: number;
}

const MONTHS: Record<string, number> = {
  january: 1,
  jan: 1,
  february: 2,
  feb: 2,
  march: 3,
  mar: 3,
  april: 4,
  apr: 4,
  may: 5,
  june: 6,
  jun: 6,
  july: 7,
  jul: 7,
  august: 8,
  aug: 8,
  september: 9,
  sep: 9,
  sept: 9,
  october: 10,
  oct: 10,
  november: 11,
  nov: 11,
  december: 12,
  dec: 12,
};

/** Seasons sort at the month they start in (see FactDate). */
const SEASON_MONTH: Record<Season, number> = { spring: 3, summer: 6, fall: 9, winter: 12 };
const SEASONS: Record<string, Season> = {
  spring: 'spring',
  summer: 'summer',
  fall: 'fall',
  autumn: 'fall',
  winter: 'winter',
};

/** Every word that names a month or a season, lower-case. */
export const MONTH_AND_SEASON_WORDS: ReadonlySet<string> = new Set([
  ...Object.keys(MONTHS),
  ...Object.keys(SEASONS),
]);

const MONTH_WORD = new RegExp(`^(?:${Object.keys(MONTHS).join('|')})\\.?$`, 'u');

/** True for an English month name or abbreviation ("September", "Sept."). */
export function isMonthName(word: string): boolean {
  return MONTH_WORD.test(word.toLowerCase());
}

/**
 * Reads the calendar parts an English date phrase states, or null when it names no month, season
 * or year (durations such as "several months", weekdays, relative phrases).
 *
 * @example parseDateParts('the fall of 2022') // { year: 2022, month: null, day: null, season: 'fall', precision: 'season' }
 * @example parseDateParts('in November') // { year: null, month: 11, ..., precision: 'month' }
 */
export function parseDateParts(text: string): DateParts | null {
  const iso = /(?<!\d)((?:1[5-9]|20)\d\d)-(0[1-9]|1[0-2])(?:-(0[1-9]|[12]\d|3[01]))?(?!\d)/u.exec(
    text,
  );
  if (iso) {
    const [year, month, day] = [Number(iso[1]), Number(iso[2]), iso[3] ? Number(iso[3]) : null];
    if (day === null) return { year, month, day: null, season: null, precision: 'month' };
    if (validDay(year, month, day)) return { year, month, day, season: null, precision: 'day' };
  }
  const words = text
    .toLowerCase()
    .replace(/[’']s\b/gu, '')
    .split(/[^a-z0-9]+/u)
    .filter((w) => w !== '');
  let year: number | null = null;
  let month: number | null = null;
  let day: number | null = null;
  let season: Season | null = null;
  for (let i = 0; i < words.length; i++) {
    const w = words[i] ?? '';
    const decade = /^(1[0-9]|20)\d0s$/u.exec(w);
    if (/^(1[0-9]|20)\d\d$/u.test(w)) year ??= Number(w);
    else if (decade) year ??= Number(w.slice(0, 4));
    else if (Object.hasOwn(MONTHS, w)) month ??= MONTHS[w] ?? null;
    else if (Object.hasOwn(SEASONS, w)) season ??= SEASONS[w] ?? null;
    else if (/^\d{1,2}(st|nd|rd|th)?$/u.test(w)) {
      const n = Number.parseInt(w, 10);
      // a day number only counts next to a month name ("12 March", "March 12")
      const near = [words[i - 1], words[i + 1], words[i - 2]].some(
        (x) => x !== undefined && x in MONTHS,
      );
      if (near && n >= 1 && n <= 31) day ??= n;
    }
  }
  if (month !== null) {
    if (day !== null && year !== null && !validDay(year, month, day)) day = null;
    return { year, month, day, season: null, precision: day !== null ? 'day' : 'month' };
  }
  if (season !== null) return { year, month: null, day: null, season, precision: 'season' };
  if (year !== null) return { year, month: null, day: null, season: null, precision: 'year' };
  return null;
}

function validDay(year: number, month: number, day: number): boolean {
  return DateTime.fromObject({ year, month, day }).isValid;
}

/**
 * Recognises phrases dated relative to the time of writing.
 *
 * @example parseRelative('earlier this week') // { unit: 'week', offset: 0 }
 */
export function parseRelative(text: string): RelativeDate | null {
  const t = text.toLowerCase();
  if (/\byesterday\b/u.test(t)) return { unit: 'day', offset: -1 };
  if (/\btoday\b/u.test(t)) return { unit: 'day', offset: 0 };
  if (/\btomorrow\b/u.test(t)) return { unit: 'day', offset: 1 };
  const m = /\b(this|last|next|past|previous|coming)\s+(week|month|year)\b/u.exec(t);
  if (!m) return null;
  const offset = m[1] === 'this' ? 0 : m[1] === 'next' || m[1] === 'coming' ? 1 : -1;
  return { unit: m[2] as RelativeDate['unit'], offset };
}

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * Builds the sortable FactDate. Without a year the key is ISO 8601's year-less form ("--11",
 * "--03-12"), which sorts before every dated key and is left off timelines.
 *
 * @example toFactDate(parseDateParts('March 2023')!, 'March 2023') // { sortKey: '2023-03', precision: 'month', text: 'March 2023' }
 */
export function toFactDate(parts: DateParts, text: string): FactDate {
  const y = parts.year === null ? '-' : String(parts.year).padStart(4, '0');
  let sortKey = y;
  if (parts.precision === 'season' && parts.season)
    sortKey = `${y}-${pad(SEASON_MONTH[parts.season])}`;
  else if (parts.month !== null) {
    sortKey = `${y}-${pad(parts.month)}`;
    if (parts.day !== null) sortKey += `-${pad(parts.day)}`;
  }
  return { sortKey, precision: parts.precision, text };
}

/** True when the date has a year, so it can be placed on a timeline. */
export function hasYear(date: FactDate): boolean {
  return /^\d/u.test(date.sortKey);
}

/**
 * Resolves a relative phrase against the document's `published` front matter (YYYY, YYYY-MM or
 * YYYY-MM-DD); the result is no finer than what `published` states. Null when it cannot be resolved.
 *
 * @example resolveRelative({ unit: 'year', offset: -1 }, '2024-09-12', 'last year') // { sortKey: '2023', precision: 'year', ... }
 */
export function resolveRelative(
  rel: RelativeDate,
  published: string | undefined,
  text: string,
): FactDate | null {
  if (!published) return null;
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?/u.exec(published.trim());
  if (!m) return null;
  const known: DatePrecision = m[3] ? 'day' : m[2] ? 'month' : 'year';
  const base = DateTime.fromObject(
    { year: Number(m[1]), month: m[2] ? Number(m[2]) : 1, day: m[3] ? Number(m[3]) : 1 },
    { zone: 'utc' },
  );
  if (!base.isValid) return null;
  const wanted: DatePrecision =
    rel.unit === 'year' ? 'year' : rel.unit === 'month' ? 'month' : 'day';
  const rank: Record<DatePrecision, number> = { year: 0, season: 1, month: 2, day: 3 };
  // "this week" needs a day to move by weeks; with only a month known, only offset 0 stays exact
  if (rank[wanted] > rank[known] && rel.offset !== 0) return null;
  const precision = rank[wanted] > rank[known] ? known : wanted;
  const shifted = base.plus({ [`${rel.unit}s`]: rel.offset });
  const sortKey =
    precision === 'year'
      ? shifted.toFormat('yyyy')
      : precision === 'month'
        ? shifted.toFormat('yyyy-MM')
        : shifted.toFormat('yyyy-MM-dd');
  return { sortKey, precision, text };
}
