import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { isDue, localDateAt, nextSlot, parseLocalTime, slotOn } from '../../src/daily/due.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const ZONES = [
  'America/New_York',
  'Europe/Berlin',
  'Australia/Lord_Howe',
  'America/Havana',
  'Pacific/Chatham',
  'UTC',
];
const TIMES = ['00:00', '00:30', '02:30', '09:00'];

/** Local date and minute-of-day at an instant, straight from luxon: the independent oracle. */
function wall(ms: number, zone: string): { date: string; minute: number } {
  const dt = DateTime.fromMillis(ms, { zone });
  return { date: dt.toISODate() ?? '', minute: dt.hour * 60 + dt.minute };
}

function nextDate(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + DAY).toISOString().slice(0, 10);
}

describe('slotOn: DST edge cases', () => {
  it.each([
    // Spring forward: 02:30 does not exist, the slot is the end of the gap (03:00 EDT).
    ['2025-03-09', 'America/New_York', '02:30', '2025-03-09T07:00:00.000Z'],
    // Fall back: 01:30 happens twice, the slot is the first (EDT) one.
    ['2025-11-02', 'America/New_York', '01:30', '2025-11-02T05:30:00.000Z'],
    // Havana skips midnight: 00:00 and 00:30 both become 01:00 CDT.
    ['2025-03-09', 'America/Havana', '00:00', '2025-03-09T05:00:00.000Z'],
    ['2025-03-09', 'America/Havana', '00:30', '2025-03-09T05:00:00.000Z'],
    // Havana repeats 00:00-00:59 in November: first occurrence is still CDT.
    ['2025-11-02', 'America/Havana', '00:30', '2025-11-02T04:30:00.000Z'],
    // Lord Howe's half-hour DST: 02:00→02:30 gap, 01:30-01:59 repeated.
    ['2025-10-05', 'Australia/Lord_Howe', '02:15', '2025-10-04T15:30:00.000Z'],
    ['2025-04-06', 'Australia/Lord_Howe', '01:45', '2025-04-05T14:45:00.000Z'],
    // Chatham jumps 02:45→03:45.
    ['2025-09-28', 'Pacific/Chatham', '03:00', '2025-09-27T14:00:00.000Z'],
    ['2025-06-01', 'UTC', '09:00', '2025-06-01T09:00:00.000Z'],
  ])('%s %s %s → %s', (date, zone, time, expected) => {
    expect(slotOn(date, zone, time).toISOString()).toBe(expected);
  });

  it('rejects malformed input', () => {
    expect(parseLocalTime('9:00')).toBeNull();
    expect(parseLocalTime('24:00')).toBeNull();
    expect(parseLocalTime('23:59')).toBe(23 * 60 + 59);
    expect(() => isDue(0, 'Mars/Olympus', '09:00', null)).toThrow(RangeError);
    expect(() => isDue(0, 'UTC', '9am', null)).toThrow(RangeError);
  });
});

describe('two years minute by minute', () => {
  const start = Date.UTC(2025, 0, 1);
  const end = Date.UTC(2027, 0, 1);

  it.each(ZONES.flatMap((zone) => TIMES.map((time) => [zone, time] as const)))(
    '%s at %s: one post per local day, at the first minute at or after the slot',
    (zone, time) => {
      const target = parseLocalTime(time) ?? -1;
      const posts: number[] = [];
      let last: string | null = null;
      for (let t = start; t < end; t += MINUTE) {
        const r = isDue(t, zone, time, last);
        if (r.due) {
          posts.push(t);
          last = r.localDate;
        }
      }

      const firstDate = wall(start, zone).date;
      const lastDate = wall(end - MINUTE, zone).date;
      const seen = new Set<string>();
      for (const p of posts) {
        const w = wall(p, zone);
        expect(seen.has(w.date), `second post on ${w.date}`).toBe(false);
        seen.add(w.date);
        // The first simulated day starts mid-day: its post is a catch-up, not a slot.
        if (w.date === firstDate) continue;
        expect(w.minute, `${new Date(p).toISOString()} before slot`).toBeGreaterThanOrEqual(target);
        const prev = wall(p - MINUTE, zone);
        expect(
          prev.date < w.date || prev.minute < target,
          `${new Date(p).toISOString()} late`,
        ).toBe(true);
        // On a day whose offset changes the wall clock is not monotonic, so make sure no earlier
        // minute of the day (within the window any DST change spans) had already reached the slot.
        const dayStart = DateTime.fromMillis(p, { zone }).startOf('day');
        if (dayStart.offset !== dayStart.plus({ days: 1 }).offset) {
          for (let q = p - 4 * HOUR; q < p; q += MINUTE) {
            const wq = wall(q, zone);
            if (wq.date === w.date) expect(wq.minute).toBeLessThan(target);
          }
        }
      }
      // Every local date strictly inside the range got exactly one post.
      let expected = 0;
      for (let d = nextDate(firstDate); d < lastDate; d = nextDate(d)) {
        expected++;
        expect(seen.has(d), `no post on ${d}`).toBe(true);
      }
      expect(expected).toBeGreaterThan(725);
    },
  );
});

const zoneArb = fc.constantFrom(
  ...ZONES,
  'Asia/Kolkata',
  'Asia/Kathmandu',
  'Pacific/Kiritimati',
  'Pacific/Pago_Pago',
  'America/Sao_Paulo',
  'Europe/London',
);
const timeArb = fc
  .tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }))
  .map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`);
const instantArb = fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2040, 0, 1) });

describe('properties', () => {
  it('due implies the slot has passed and its wall clock reached the local time', () => {
    fc.assert(
      fc.property(instantArb, zoneArb, timeArb, (now, zone, time) => {
        const r = isDue(now, zone, time, null);
        const slot = slotOn(r.localDate, zone, time).getTime();
        expect(r.due).toBe(now >= slot);
        if (r.due) {
          const target = parseLocalTime(time) ?? -1;
          const ws = wall(slot, zone);
          expect(ws.date).toBe(r.localDate);
          expect(ws.minute).toBeGreaterThanOrEqual(target);
          const before = wall(slot - 1000, zone);
          expect(before.date < ws.date || before.minute < target).toBe(true);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('never due twice on one local date', () => {
    fc.assert(
      fc.property(
        instantArb,
        zoneArb,
        timeArb,
        fc.array(fc.integer({ min: 1, max: 3 * HOUR }), { minLength: 1, maxLength: 60 }),
        (t0, zone, time, steps) => {
          let t = t0;
          let last: string | null = null;
          const posted = new Set<string>();
          for (const step of steps) {
            t += step;
            const r = isDue(t, zone, time, last);
            if (r.due) {
              expect(posted.has(r.localDate)).toBe(false);
              posted.add(r.localDate);
              last = r.localDate;
            }
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('nextSlot is the first due instant of its day', () => {
    fc.assert(
      fc.property(instantArb, zoneArb, timeArb, (now, zone, time) => {
        const today = localDateAt(now, zone);
        // Posted today already: the next slot is strictly later and due, a second earlier is not.
        const next = nextSlot(now, zone, time, today).getTime();
        expect(next).toBeGreaterThan(now);
        const date = localDateAt(next, zone);
        expect(isDue(next, zone, time, today).due).toBe(date > today);
        const longAgo = '1900-01-01';
        expect(isDue(next, zone, time, longAgo)).toEqual({ due: true, localDate: date });
        expect(isDue(next - 1000, zone, time, longAgo).due).toBe(
          localDateAt(next - 1000, zone) !== date,
        );
        // Nothing posted today: due now if the slot passed, else at the slot.
        const owed = nextSlot(now, zone, time, null).getTime();
        expect(owed).toBe(
          isDue(now, zone, time, null).due ? now : nextSlot(now, zone, time).getTime(),
        );
      }),
      { numRuns: 500 },
    );
  });
});

describe('restarts after downtime', () => {
  it.each([1, 23, 49])(
    'after %i h down: today once if its slot passed, never yesterday',
    (hours) => {
      for (const zone of ZONES) {
        for (const time of TIMES) {
          // Post on 2025-03-08 (the eve of US DST) at the slot, then go down.
          let last: string | null = '2025-03-08';
          const down = slotOn('2025-03-08', zone, time).getTime();
          for (let offset = 0; offset < 24 * HOUR; offset += 97 * MINUTE) {
            last = '2025-03-08';
            const restart = down + offset + hours * HOUR;
            const today = localDateAt(restart, zone);
            const slotToday = slotOn(today, zone, time).getTime();
            const r = isDue(restart, zone, time, last);
            expect(r.localDate).toBe(today);
            expect(r.due).toBe(today > '2025-03-08' && restart >= slotToday);
            if (r.due) last = r.localDate;
            // The minutes after the restart never post a second time today.
            for (let t = restart + MINUTE; localDateAt(t, zone) === today; t += 7 * MINUTE) {
              const again = isDue(t, zone, time, last);
              if (again.due) {
                expect(last < today).toBe(true);
                last = again.localDate;
              }
            }
          }
        }
      }
    },
  );
});
