import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_IMAGE_EVENTS, MAX_IMAGE_HEIGHT } from '../../src/answer/timeline-image.ts';
import {
  BOTTOM,
  NOTE_ROW,
  PLOT_TOP,
  plotHeight,
  px,
  ROW,
} from '../../src/answer/timeline-layout.ts';

describe('plotHeight', () => {
  it('never draws an axis shorter than 180 px', () => {
    expect([0, 1, 2, 5].map(plotHeight)).toEqual([180, 180, 180, 180]);
  });

  it('gives every gap between labels a row and a little more', () => {
    expect(plotHeight(50)).toBe(Math.ceil(49 * ROW * 1.15));
    for (let n = 2; n <= MAX_IMAGE_EVENTS; n++) {
      expect(plotHeight(n)).toBeGreaterThanOrEqual((n - 1) * ROW);
      expect(plotHeight(n)).toBeGreaterThanOrEqual(plotHeight(n - 1));
    }
  });

  it('bounds the tallest picture as MAX_IMAGE_HEIGHT says', () => {
    expect(PLOT_TOP + plotHeight(MAX_IMAGE_EVENTS) + BOTTOM + 2 * NOTE_ROW).toBe(MAX_IMAGE_HEIGHT);
    expect(MAX_IMAGE_HEIGHT).toBe(1788);
  });
});

describe('px', () => {
  it('writes coordinates to a tenth of a pixel, without "-0"', () => {
    expect([170, 133.14, 1.25, 0.04, -0.04, -2.26].map(px)).toEqual([
      '170',
      '133.1',
      '1.3',
      '0',
      '0',
      '-2.3',
    ]);
  });

  it('is within half a tenth of the number, with at most one decimal', () => {
    fc.assert(
      fc.property(fc.double({ min: -1e6, max: 1e6, noNaN: true }), (n) => {
        const s = px(n);
        expect(s).toMatch(/^-?\d+(\.\d)?$/u);
        expect(Math.abs(Number(s) - n)).toBeLessThanOrEqual(0.05 + 1e-9);
      }),
      { numRuns: 300 },
    );
  });
});
