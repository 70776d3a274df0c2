import { describe, expect, it } from 'vitest';
import { FactRotation, openDatabase, seededRng } from '../../src/storage/index.ts';

const ref = { platform: 'discord' as const, channelId: 'c1' };
const pool = ['f1', 'f2', 'f3', 'f4', 'f5'];

function post(rotation: FactRotation, ids: readonly string[], rng: () => number) {
  const pick = rotation.next(ref, ids, rng);
  if (!pick) throw new Error('empty pool');
  rotation.record(ref, pick.factId, pick.cycle);
  return pick;
}

describe('FactRotation', () => {
  it('never repeats until the pool is exhausted, and counts down what remains', () => {
    const rotation = new FactRotation(openDatabase(':memory:'));
    const rng = seededRng(7);
    const cycle1 = pool.map(() => post(rotation, pool, rng));
    expect(new Set(cycle1.map((p) => p.factId)).size).toBe(5);
    expect(cycle1.map((p) => p.remaining)).toEqual([4, 3, 2, 1, 0]);
    expect(cycle1.every((p) => p.cycle === 0 && !p.newCycle)).toBe(true);
    const cycle2 = pool.map(() => post(rotation, pool, rng));
    expect(cycle2[0]).toMatchObject({ cycle: 1, newCycle: true, remaining: 4 });
    expect(new Set(cycle2.map((p) => p.factId)).size).toBe(5);
    expect(rotation.currentCycle(ref)).toBe(1);
  });

  it('is deterministic for a seed and independent of pool order', () => {
    const picks = (ids: string[]) => {
      const rotation = new FactRotation(openDatabase(':memory:'));
      const rng = seededRng(42);
      return Array.from({ length: 12 }, () => post(rotation, ids, rng).factId);
    };
    expect(picks(pool)).toEqual(picks([...pool].reverse()));
  });

  it('next() does not record; prefer keeps a pinned fact; channels are separate', () => {
    const rotation = new FactRotation(openDatabase(':memory:'));
    const a = rotation.next(ref, pool, seededRng(1));
    const b = rotation.next(ref, pool, seededRng(1));
    expect(a).toEqual(b);
    expect(rotation.next(ref, pool, seededRng(1), { prefer: 'f4' })?.factId).toBe('f4');
    rotation.record(ref, 'f4', 0);
    // A used fact is not preferred again within the cycle.
    expect(rotation.next(ref, pool, () => 0, { prefer: 'f4' })?.factId).toBe('f1');
    expect(rotation.next({ ...ref, channelId: 'c2' }, pool, () => 0)?.remaining).toBe(4);
  });

  it('handles pools that change: new facts join, removed ones are ignored, empty gives null', () => {
    const rotation = new FactRotation(openDatabase(':memory:'));
    const rng = seededRng(3);
    post(rotation, ['a', 'b'], rng);
    post(rotation, ['a', 'b'], rng);
    // 'c' is new in this cycle, so it comes before a new cycle starts.
    expect(rotation.next(ref, ['a', 'b', 'c'], rng)).toMatchObject({ factId: 'c', cycle: 0 });
    expect(rotation.next(ref, ['a'], rng)).toMatchObject({ factId: 'a', newCycle: true });
    expect(rotation.next(ref, [], rng)).toBeNull();
    rotation.record(ref, 'a', 0);
    rotation.record(ref, 'a', 0);
    rotation.reset(ref);
    expect(rotation.currentCycle(ref)).toBe(0);
  });
});
