import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  axisDomain,
  axisTicks,
  decimalYear,
  fromDecimalYear,
  placeable,
  toDecimalYear,
} from '../../src/answer/time-axis.ts';

describe('decimalYear', () => {
  it('places a date key at the start of the period it names', () => {
    expect(decimalYear('2022')).toBe(2022);
    expect(decimalYear('2022-07')).toBeCloseTo(2022 + 181 / 365, 12);
    expect(decimalYear('2024-03-01')).toBeCloseTo(2024 + 60 / 366, 12);
    expect(decimalYear('0050')).toBe(50);
  });

  it('is NaN for anything that is no date', () => {
    for (const key of ['', 'abc', '2022-13', '2023-02-29', '2022-00', '--03-12', '2022-1-1']) {
      expect(decimalYear(key)).toBeNaN();
    }
  });

  it('round-trips through fromDecimalYear for every calendar day', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -9999, max: 9999 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 28 }),
        (year, month, day) => {
          expect(fromDecimalYear(toDecimalYear(year, month, day))).toEqual({ year, month, day });
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('axisDomain', () => {
  it('gives one event or one day a week of axis around it', () => {
    const { from, to } = axisDomain([2022.5, 2022.5]);
    expect(from).toBeLessThan(2022.5);
    expect(to).toBeGreaterThan(2022.5);
    expect((to - from) * 365).toBeGreaterThanOrEqual(7);
  });
});

describe('axisTicks', () => {
  it('picks years, months or days as the span suits', () => {
    expect(axisTicks(1973, 2025, 12).map((t) => t.label)).toEqual([
      '1975',
      '1980',
      '1985',
      '1990',
      '1995',
      '2000',
      '2005',
      '2010',
      '2015',
      '2020',
      '2025',
    ]);
    expect(axisTicks(2022.0, 2022.99, 6).map((t) => t.label)).toEqual([
      'Jan 2022',
      'Apr 2022',
      'Jul 2022',
      'Oct 2022',
    ]);
    expect(
      axisTicks(decimalYear('2022-03-01'), decimalYear('2022-03-05'), 8).map((t) => t.label),
    ).toEqual(['1 Mar 2022', '2 Mar 2022', '3 Mar 2022', '4 Mar 2022', '5 Mar 2022']);
  });

  it('gives no ticks for an empty or unplaceable span', () => {
    expect(axisTicks(2020, 2020, 5)).toEqual([]);
    expect(axisTicks(Number.NaN, 2020, 5)).toEqual([]);
    expect(axisTicks(-1e9, 1e9, 5)).toEqual([]);
  });

  it('keeps within the count asked for, inside the span, in order', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -9999, max: 9998, noNaN: true }),
        fc.oneof(fc.double({ min: 1e-4, max: 0.1 }), fc.double({ min: 0.1, max: 15000 })),
        fc.integer({ min: 2, max: 40 }),
        (from, span, most) => {
          const to = Math.min(from + span, 9999);
          fc.pre(to > from && placeable(to));
          const ticks = axisTicks(from, to, most);
          expect(ticks.length).toBeLessThanOrEqual(most);
          for (const [i, t] of ticks.entries()) {
            expect(t.at).toBeGreaterThanOrEqual(from);
            expect(t.at).toBeLessThanOrEqual(to);
            if (i > 0) expect(t.at).toBeGreaterThan(ticks[i - 1]?.at ?? -Infinity);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
