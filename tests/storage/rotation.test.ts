import { describe, expect, it } from 'vitest';
import { FactRotation, seededRng } from '../../src/storage/index.ts';
import { engines, useDatabases } from '../support/storage.ts';

const ref = { platform: 'discord' as const, channelId: 'c1' };
const pool = ['f1', 'f2', 'f3', 'f4', 'f5'];

async function post(rotation: FactRotation, ids: readonly string[], rng: () => number) {
  const pick = await rotation.next(ref, ids, rng);
  if (!pick) throw new Error('empty pool');
  await rotation.record(ref, pick.factId, pick.cycle);
  return pick;
}

async function postMany(
  rotation: FactRotation,
  ids: readonly string[],
  rng: () => number,
  n: number,
) {
  const picks = [];
  for (let i = 0; i < n; i++) picks.push(await post(rotation, ids, rng));
  return picks;
}

describe.each(engines)('FactRotation on $name', (engine) => {
  const dbs = useDatabases(engine);

  it('never repeats until the pool is exhausted, and counts down what remains', async () => {
    const rotation = new FactRotation(await dbs.open());
    const rng = seededRng(7);
    const cycle1 = await postMany(rotation, pool, rng, pool.length);
    expect(new Set(cycle1.map((p) => p.factId)).size).toBe(5);
    expect(cycle1.map((p) => p.remaining)).toEqual([4, 3, 2, 1, 0]);
    expect(cycle1.every((p) => p.cycle === 0 && !p.newCycle)).toBe(true);
    const cycle2 = await postMany(rotation, pool, rng, pool.length);
    expect(cycle2[0]).toMatchObject({ cycle: 1, newCycle: true, remaining: 4 });
    expect(new Set(cycle2.map((p) => p.factId)).size).toBe(5);
    expect(await rotation.currentCycle(ref)).toBe(1);
  });

  it('is deterministic for a seed and independent of pool order', async () => {
    const picks = async (ids: string[]) => {
      const rotation = new FactRotation(await dbs.open());
      return (await postMany(rotation, ids, seededRng(42), 12)).map((p) => p.factId);
    };
    expect(await picks(pool)).toEqual(await picks([...pool].reverse()));
  });

  it('next() does not record; prefer keeps a pinned fact; channels are separate', async () => {
    const rotation = new FactRotation(await dbs.open());
    const a = await rotation.next(ref, pool, seededRng(1));
    const b = await rotation.next(ref, pool, seededRng(1));
    expect(a).toEqual(b);
    expect((await rotation.next(ref, pool, seededRng(1), { prefer: 'f4' }))?.factId).toBe('f4');
    await rotation.record(ref, 'f4', 0);
    // A used fact is not preferred again within the cycle.
    expect((await rotation.next(ref, pool, () => 0, { prefer: 'f4' }))?.factId).toBe('f1');
    expect((await rotation.next({ ...ref, channelId: 'c2' }, pool, () => 0))?.remaining).toBe(4);
  });

  it('handles pools that change: new facts join, removed ones are ignored, empty gives null', async () => {
    const rotation = new FactRotation(await dbs.open());
    const rng = seededRng(3);
    await post(rotation, ['a', 'b'], rng);
    await post(rotation, ['a', 'b'], rng);
    // 'c' is new in this cycle, so it comes before a new cycle starts.
    expect(await rotation.next(ref, ['a', 'b', 'c'], rng)).toMatchObject({ factId: 'c', cycle: 0 });
    expect(await rotation.next(ref, ['a'], rng)).toMatchObject({ factId: 'a', newCycle: true });
    expect(await rotation.next(ref, [], rng)).toBeNull();
    await rotation.record(ref, 'a', 0);
    await rotation.record(ref, 'a', 0);
    await rotation.reset(ref);
    expect(await rotation.currentCycle(ref)).toBe(0);
  });

  it('the cycle only moves forward when records arrive out of order', async () => {
    const rotation = new FactRotation(await dbs.open());
    await rotation.record(ref, 'a', 2);
    await rotation.record(ref, 'b', 1);
    expect(await rotation.currentCycle(ref)).toBe(2);
    expect([...(await rotation.usedInCycle(ref))]).toEqual(['a']);
  });
});
