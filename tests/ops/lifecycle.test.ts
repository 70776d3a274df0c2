/**
 * The bot runtime's side of the work queue: the Lifecycle admits work through it, shows its depth,
 * what runs and what is in flight in /metrics, and at shutdown tells the work still waiting after
 * the grace period that it will not start (the core then answers "restarting").
 */
import { describe, expect, test } from 'vitest';
import { Lifecycle } from '../../src/ops/lifecycle.ts';
import { createMetrics } from '../../src/ops/metrics.ts';

const gauge = async (metrics: ReturnType<typeof createMetrics>, name: string) => {
  const line = (await metrics.registry.metrics()).split('\n').find((l) => l.startsWith(`${name} `));
  return line === undefined ? undefined : Number(line.split(' ')[1]);
};

function setUp() {
  const metrics = createMetrics();
  const turns: (() => void)[] = [];
  const life = new Lifecycle({
    metrics,
    logQuestions: false,
    queue: { concurrency: 1, lag: () => 0, schedule: (fn) => turns.push(fn), yieldMs: 0 },
  });
  life.state = 'running';
  const turn = async () => {
    turns.shift()?.();
    await new Promise((resolve) => setImmediate(resolve));
  };
  return { metrics, life, turn };
}

describe('Lifecycle and the work queue', () => {
  test('queue depth, running work and interactions in flight are gauges in /metrics', async () => {
    const { metrics, life, turn } = setUp();
    const ends = [life.begin(), life.begin()];
    const first = life.admit();
    const second = life.admit();
    expect([first.kind, second.kind]).toEqual(['next', 'queued']);
    expect(await gauge(metrics, 'dossier_queue_waiting')).toBe(2);
    expect(await gauge(metrics, 'dossier_interactions_in_flight')).toBe(2);
    await turn();
    expect(await gauge(metrics, 'dossier_queue_waiting')).toBe(1);
    expect(await gauge(metrics, 'dossier_queue_running')).toBe(1);
    if (first.kind !== 'shed') first.done();
    expect(await gauge(metrics, 'dossier_queue_running')).toBe(0);
    for (const end of ends) end();
    expect(await gauge(metrics, 'dossier_interactions_in_flight')).toBe(0);
  });

  test('a drain that times out tells waiting work it will not start, then waits for its replies', async () => {
    const { life, turn } = setUp();
    const endFirst = life.begin();
    const first = life.admit();
    const endSecond = life.begin();
    const second = life.admit();
    await turn();
    if (first.kind === 'shed' || second.kind === 'shed') throw new Error('shed');
    // the second's interaction ends as soon as it hears it will not start
    void second.started.then((go) => {
      expect(go).toBe(false);
      endSecond();
    });
    life.state = 'stopping';
    expect(await life.drain(50)).toBe(false); // the first still runs
    expect(life.inFlight).toBe(1);
    first.done();
    endFirst();
    expect(life.inFlight).toBe(0);
  });
});
