import { describe, expect, it } from 'vitest';
import {
  parseDateParts,
  parseRelative,
  resolveRelative,
  toFactDate,
} from '../../src/facts/dates.ts';

const key = (text: string) => {
  const parts = parseDateParts(text);
  return parts ? toFactDate(parts, text) : null;
};

describe('parseDateParts / toFactDate', () => {
  it.each([
    ['1979', '1979', 'year'],
    ['Since 2016', '2016', 'year'],
    ['February 2022', '2022-02', 'month'],
    ['by August 2022', '2022-08', 'month'],
    ['the fall of 2022', '2022-09', 'season'],
    ['autumn 2021', '2021-09', 'season'],
    ['the summer of 2020', '2020-06', 'season'],
    ['spring 2019', '2019-03', 'season'],
    ['winter 2018', '2018-12', 'season'],
    ['March 2023', '2023-03', 'month'],
    ['12 March 2021', '2021-03-12', 'day'],
    ['March 12, 2021', '2021-03-12', 'day'],
    ['Sept. 3, 2001', '2001-09-03', 'day'],
    ['in November', '--11', 'month'],
    ['the 1990s', '1990', 'year'],
    ['2003-07-08', '2003-07-08', 'day'],
    ['2003-07', '2003-07', 'month'],
  ])('%s → %s (%s)', (text, sortKey, precision) => {
    expect(key(text)).toEqual({ sortKey, precision, text });
  });

  it('reads no date from durations or plain words', () => {
    expect(parseDateParts('several months')).toBeNull();
    expect(parseDateParts('this week')).toBeNull();
    expect(parseDateParts('months')).toBeNull();
  });

  it('drops an impossible day but keeps the month', () => {
    expect(key('February 30, 2022')).toEqual({
      sortKey: '2022-02',
      precision: 'month',
      text: 'February 30, 2022',
    });
  });

  it('sort keys sort in time order', () => {
    const keys = [
      'March 2023',
      '1979',
      'the fall of 2022',
      'February 2022',
      '12 March 2021',
      '2022',
    ].map((t) => key(t)?.sortKey ?? '');
    expect([...keys].sort()).toEqual([
      '1979',
      '2021-03-12',
      '2022',
      '2022-02',
      '2022-09',
      '2023-03',
    ]);
  });
});

describe('relative dates', () => {
  it('recognises this/last/next week, month, year and yesterday', () => {
    expect(parseRelative('this week')).toEqual({ unit: 'week', offset: 0 });
    expect(parseRelative('last year')).toEqual({ unit: 'year', offset: -1 });
    expect(parseRelative('next month')).toEqual({ unit: 'month', offset: 1 });
    expect(parseRelative('yesterday')).toEqual({ unit: 'day', offset: -1 });
    expect(parseRelative('in 2019')).toBeNull();
  });

  it('resolves only against a published date, no finer than it', () => {
    expect(resolveRelative({ unit: 'week', offset: 0 }, undefined, 'this week')).toBeNull();
    expect(resolveRelative({ unit: 'week', offset: 0 }, '2024-09-12', 'this week')).toEqual({
      sortKey: '2024-09-12',
      precision: 'day',
      text: 'this week',
    });
    expect(resolveRelative({ unit: 'year', offset: -1 }, '2024-09-12', 'last year')?.sortKey).toBe(
      '2023',
    );
    expect(
      resolveRelative({ unit: 'month', offset: -1 }, '2024-01-05', 'last month')?.sortKey,
    ).toBe('2023-12');
    expect(resolveRelative({ unit: 'week', offset: 0 }, '2024-09', 'this week')).toEqual({
      sortKey: '2024-09',
      precision: 'month',
      text: 'this week',
    });
    expect(resolveRelative({ unit: 'week', offset: -1 }, '2024', 'last week')).toBeNull();
  });
});
