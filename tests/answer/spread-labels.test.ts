import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { spreadLabels } from '../../src/answer/spread-labels.ts';

describe('spreadLabels', () => {
  it('centres labels that want one place on it', () => {
    expect(spreadLabels([100, 100, 100], 20, 0, 400)).toEqual([80, 100, 120]);
  });

  it('leaves labels that already fit where they are', () => {
    expect(spreadLabels([10, 50, 90], 20, 0, 400)).toEqual([10, 50, 90]);
  });

  it('keeps labels inside the bounds, pushing a crowd at an edge inwards', () => {
    expect(spreadLabels([0, 0, 0], 20, 0, 400)).toEqual([0, 20, 40]);
    expect(spreadLabels([400, 400], 20, 0, 400)).toEqual([380, 400]);
  });

  it('keeps order and spacing, and stays in bounds when the labels fit', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -100, max: 1100, noNaN: true }), { maxLength: 50 }),
        (raw) => {
          const desired = [...raw].sort((a, b) => a - b);
          const gap = 20;
          const max = Math.max(1000, desired.length * gap);
          const out = spreadLabels(desired, gap, 0, max);
          expect(out).toHaveLength(desired.length);
          for (const [i, y] of out.entries()) {
            expect(y).toBeGreaterThanOrEqual(-1e-6);
            expect(y).toBeLessThanOrEqual(max + 1e-6);
            if (i > 0) expect(y - (out[i - 1] ?? 0)).toBeGreaterThanOrEqual(gap - 1e-6);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
