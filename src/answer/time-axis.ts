/**
 * A calendar time axis in decimal years (2022.0 is 1 January 2022, 2022.5 about 2 July): where a
 * date sits and which ticks (years, months or days, as the span suits) label the axis.
 */

/** Dates outside these years are not placed on an axis (nothing in a document needs them). */
export const MIN_YEAR = -9999;
export const MAX_YEAR = 9999;

const DAY_MS = 86_400_000;
const MONTHS = [
  'Jan',
  'Feb',
  'Mar',
  'Apr',
  'May',
  'Jun',
  'Jul',
  'Aug',
  'Sep',
  'Oct',
  'Nov',
  'Dec',
] as const;

/** Days since 1970-01-01 of a proleptic Gregorian date; month and day may overflow (Date rolls them). */
function dayNumber(year: number, month: number, day: number): number {
  const d = new Date(0);
  // setUTCFullYear, unlike Date.UTC, does not turn years 0–99 into 1900–1999
  d.setUTCFullYear(year, month - 1, day);
  return Math.round(d.getTime() / DAY_MS);
}

function daysInYear(year: number): number {
  return dayNumber(year + 1, 1, 1) - dayNumber(year, 1, 1);
}

function daysInMonth(year: number, month: number): number {
  return dayNumber(year, month + 1, 1) - dayNumber(year, month, 1);
}

/** The decimal year of a calendar date. */
export function toDecimalYear(year: number, month = 1, day = 1): number {
  return year + (dayNumber(year, month, day) - dayNumber(year, 1, 1)) / daysInYear(year);
}

/** The calendar day a decimal year falls on. */
export function fromDecimalYear(t: number): { year: number; month: number; day: number } {
  const year = Math.floor(t);
  const n = dayNumber(year, 1, 1) + Math.floor((t - year) * daysInYear(year) + 1e-9);
  const d = new Date(n * DAY_MS);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/**
 * The decimal year of a sortable date key (`YYYY`, `YYYY-MM`, `YYYY-MM-DD`, as facts give them),
 * at the start of the period it names; NaN when the key is no such date.
 *
 * @example decimalYear('2022-07') // 2022.4959 (1 July 2022)
 */
export function decimalYear(key: string): number {
  const m = /^(-?\d{1,4})(?:-(\d{2})(?:-(\d{2}))?)?$/u.exec(key.trim());
  if (!m) return Number.NaN;
  const year = Number(m[1]);
  const month = m[2] === undefined ? 1 : Number(m[2]);
  const day = m[3] === undefined ? 1 : Number(m[3]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return Number.NaN;
  return toDecimalYear(year, month, day);
}

/** True when a time can be placed on an axis. */
export function placeable(t: number): boolean {
  return Number.isFinite(t) && t >= MIN_YEAR && t < MAX_YEAR + 1;
}

/**
 * The span an axis shows for some times: a little wider than they reach, and at least a week, so
 * a single event or events on one day still get an axis around them. Times must be placeable.
 */
export function axisDomain(times: readonly number[]): { from: number; to: number } {
  if (times.length === 0) {
    const now = toDecimalYear(2000);
    return { from: now, to: now + 1 };
  }
  const min = Math.min(...times);
  const max = Math.max(...times);
  const pad = Math.max((max - min) * 0.04, 3.5 / 365);
  return { from: min - pad, to: max + pad };
}

export interface Tick {
  /** Decimal year. */
  at: number;
  label: string;
}

type Step =
  | { unit: 'day'; days: readonly number[] }
  | { unit: 'month'; every: number }
  | { unit: 'year'; every: number };

const ALL_DAYS = Array.from({ length: 31 }, (_, i) => i + 1);
const FINE_STEPS: readonly Step[] = [
  { unit: 'day', days: ALL_DAYS },
  { unit: 'day', days: [1, 5, 10, 15, 20, 25] },
  { unit: 'day', days: [1, 10, 20] },
  { unit: 'day', days: [1, 15] },
  { unit: 'month', every: 1 },
  { unit: 'month', every: 3 },
  { unit: 'month', every: 6 },
];

function perYear(step: Step): number {
  if (step.unit === 'day') return step.days.length === 31 ? 366 : step.days.length * 12;
  return step.unit === 'month' ? 12 / step.every : 1 / step.every;
}

function tickLabel(step: Step, year: number, month: number, day: number): string {
  const mon = MONTHS[month - 1] ?? '';
  if (step.unit === 'day') return `${day} ${mon} ${year}`;
  if (step.unit === 'month') return `${mon} ${year}`;
  return String(year);
}

function ticksFor(step: Step, from: number, to: number): Tick[] {
  const ticks: Tick[] = [];
  if (step.unit === 'year') {
    for (let k = Math.ceil(from / step.every); k * step.every <= to; k++) {
      // the division can round a bound across a tick (a tiny `from` over 2 underflows to 0)
      if (k * step.every >= from) ticks.push({ at: k * step.every, label: String(k * step.every) });
    }
    return ticks;
  }
  const start = fromDecimalYear(from);
  const end = fromDecimalYear(to);
  for (let y = start.year, m = start.month; y < end.year || (y === end.year && m <= end.month); ) {
    const days = step.unit === 'day' ? step.days : (m - 1) % step.every === 0 ? [1] : [];
    for (const d of days) {
      if (d > daysInMonth(y, m)) continue;
      const at = toDecimalYear(y, m, d);
      if (at >= from && at <= to) ticks.push({ at, label: tickLabel(step, y, m, d) });
    }
    m += 1;
    if (m > 12) {
      m = 1;
      y += 1;
    }
  }
  return ticks;
}

/**
 * Calendar ticks for an axis from `from` to `to` (decimal years): the finest of days, 5- or
 * 10-day marks, months, quarters, half-years, then 1, 2, 5, 10, 20, 50… years that gives at
 * most `maxTicks` ticks.
 *
 * @example axisTicks(2015, 2025, 6).map((t) => t.label) // ['2016', '2018', '2020', '2022', '2024']
 */
export function axisTicks(from: number, to: number, maxTicks: number): Tick[] {
  const span = to - from;
  if (!(span > 0) || !placeable(from) || !placeable(to)) return [];
  const most = Math.max(2, Math.floor(maxTicks));
  for (const step of FINE_STEPS) {
    // the estimate skips steps far too fine before any tick is made (50 years of days)
    if (span * perYear(step) > most + 2) continue;
    const ticks = ticksFor(step, from, to);
    if (ticks.length <= most) return ticks;
  }
  for (let scale = 1; ; scale *= 10) {
    for (const every of [scale, 2 * scale, 5 * scale]) {
      const count = Math.floor(to / every) - Math.ceil(from / every) + 1;
      if (count <= most) return ticksFor({ unit: 'year', every }, from, to);
    }
  }
}
