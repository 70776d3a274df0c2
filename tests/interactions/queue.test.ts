/**
 * The work queue that keeps a burst acknowledged in time: whether an interaction may start at
 * once, must wait (and so is deferred at once), or is shed; started one per turn of the event
 * loop so acknowledgements go out between answers. Turns, clock and loop lag are injected.
 */
import { describe, expect, test } from 'vitest';
import { type Admission, WorkQueue } from '../../src/interactions/queue.ts';

function harness(options: Partial<ConstructorParameters<typeof WorkQueue>[0]> = {}) {
  const turns: (() => void)[] = [];
  let now = 0;
  let lag = 0;
  const queue = new WorkQueue({
    concurrency: 1,
    maxWaiting: 100,
    maxWaitMs: 30_000,
    lagLimitMs: 100,
    now: () => now,
    lag: () => lag,
    schedule: (fn) => turns.push(fn),
    yieldMs: 0,
    ...options,
  });
  const started: number[] = [];
  const admit = (id: number): Admission => {
    const a = queue.admit();
    if (a.kind !== 'shed') void a.started.then((go) => go && started.push(id));
    return a;
  };
  /** Runs one scheduled turn of the loop (and the promise callbacks it releases). */
  const turn = async () => {
    turns.shift()?.();
    await new Promise((resolve) => setImmediate(resolve));
  };
  return {
    queue,
    admit,
    started,
    turn,
    turns,
    advance: (ms: number) => {
      now += ms;
    },
    setLag: (ms: number) => {
      lag = ms;
    },
  };
}

const done = (a: Admission) => {
  if (a.kind === 'shed') throw new Error('shed');
  a.done();
};

describe('WorkQueue', () => {
  test('idle: the first may start at the next turn; any that arrive behind it wait (to be deferred at once)', async () => {
    const h = harness();
    const first = h.admit(1);
    const second = h.admit(2);
    const third = h.admit(3);
    expect([first.kind, second.kind, third.kind]).toEqual(['next', 'queued', 'queued']);
    expect(h.queue.waiting).toBe(3);
    expect(h.started).toEqual([]); // nothing starts inside the request's own callback
    await h.turn();
    expect(h.started).toEqual([1]);
    expect(h.queue.running).toBe(1);
    await h.turn(); // the one slot is taken: nothing more starts
    expect(h.started).toEqual([1]);
    done(first);
    await h.turn();
    expect(h.started).toEqual([1, 2]);
    done(second);
    await h.turn();
    expect(h.started).toEqual([1, 2, 3]);
    expect(h.queue.waiting).toBe(0);
  });

  test('one starts per turn even with free slots, so the loop answers requests in between', async () => {
    const h = harness({ concurrency: 4 });
    for (let i = 1; i <= 3; i++) h.admit(i);
    await h.turn();
    expect(h.started).toEqual([1]);
    await h.turn();
    expect(h.started).toEqual([1, 2]);
  });

  test('while requests keep arriving, work waits for a turn without arrivals, up to yieldMs', async () => {
    const h = harness({ yieldMs: 500 });
    h.admit(1);
    await h.turn(); // arrivals in the turn before: acknowledging them comes first
    expect(h.started).toEqual([]);
    h.admit(2);
    h.advance(100);
    await h.turn();
    expect(h.started).toEqual([]);
    await h.turn(); // a quiet turn: work starts
    expect(h.started).toEqual([1]);
    // a steady stream holds it back for yieldMs at most; then one starts per turn
    const k = harness({ yieldMs: 500, concurrency: 4 });
    k.admit(1);
    for (let i = 2; i <= 6; i++) {
      k.advance(200);
      await k.turn();
      k.admit(i);
    }
    expect(k.started).toEqual([1, 2]);
    await k.turn();
    expect(k.started).toEqual([1, 2, 3]);
  });

  test('a lagging event loop defers even the first', () => {
    const h = harness();
    h.setLag(150);
    expect(h.admit(1).kind).toBe('queued');
  });

  test('past the bound on waiting ones, new work is shed', () => {
    const h = harness({ maxWaiting: 2 });
    expect([h.admit(1).kind, h.admit(2).kind, h.admit(3).kind]).toEqual(['next', 'queued', 'shed']);
    expect(h.queue.waiting).toBe(2);
  });

  /** Answers `count` items one after another, each taking `ms`. */
  const answer = async (h: ReturnType<typeof harness>, count: number, ms: number) => {
    for (let i = 0; i < count; i++) {
      const a = h.admit(1000 + i);
      await h.turn();
      h.advance(ms);
      done(a);
    }
  };

  test('past the wait the recent pace promises, new work is shed', async () => {
    const h = harness({ maxWaitMs: 1000 });
    await answer(h, 8, 100); // each answer takes 100 ms
    for (let i = 2; i <= 11; i++) expect(h.admit(i).kind).not.toBe('shed');
    expect(h.queue.estimatedWaitMs()).toBe(1000);
    expect(h.admit(12).kind).toBe('shed');
    // patient work (a chat message's answer) waits instead, up to the bound on waiting ones
    expect(h.queue.admit({ patient: true }).kind).toBe('queued');
  });

  test('the wait is predicted from the slots freeing up together, not one at a time', async () => {
    const h = harness({ concurrency: 4, maxWaitMs: 1000 });
    for (let round = 0; round < 2; round++) {
      const four = [h.admit(1), h.admit(2), h.admit(3), h.admit(4)];
      for (let i = 0; i < 4; i++) await h.turn();
      expect(h.queue.running).toBe(4);
      h.advance(400); // four answers sharing the CPU: each holds its slot 400 ms
      for (const a of four) done(a);
    }
    // ten answers ahead clear in 10 × 400 / 4 = 1,000 ms, not 4,000
    for (let i = 5; i < 15; i++) expect(h.admit(i).kind).not.toBe('shed');
    expect(h.queue.estimatedWaitMs()).toBe(1000);
    expect(h.admit(15).kind).toBe('shed');
  });

  test('a few slow answers after start-up predict no wait: a burst is not shed on them', async () => {
    const h = harness({ maxWaitMs: 1000 });
    await answer(h, 7, 5000); // cold: five seconds each
    for (let i = 2; i <= 50; i++) expect(h.admit(i).kind).not.toBe('shed');
    expect(h.queue.estimatedWaitMs()).toBe(0);
  });

  test('the pace starts as the plain mean of the first answers, so one cold answer weighs an eighth', async () => {
    const h = harness({ maxWaitMs: 100_000 });
    await answer(h, 1, 1500);
    await answer(h, 7, 100);
    h.admit(1);
    h.admit(2);
    // two waiting, one slot: 2 × (1,500 + 7 × 100) / 8
    expect(h.queue.estimatedWaitMs()).toBe(550);
  });

  test('patient work is shed only past the bound on waiting ones', () => {
    const h = harness({ maxWaiting: 2, maxWaitMs: 0 });
    expect(h.queue.admit({ patient: true }).kind).toBe('next');
    expect(h.queue.admit({ patient: true }).kind).toBe('queued');
    expect(h.queue.admit({ patient: true }).kind).toBe('shed');
  });

  test('at shutdown, the ones still waiting are told not to start', async () => {
    const h = harness();
    const first = h.admit(1);
    const second = h.admit(2);
    await h.turn();
    expect(h.queue.cancelWaiting()).toBe(1);
    if (second.kind === 'shed') throw new Error('shed');
    expect(await second.started).toBe(false);
    done(first);
    await h.turn();
    expect(h.started).toEqual([1]);
  });
});
