/**
 * Slack interactions as the bot runtime sees them: counted in /metrics and in flight from the
 * moment Slack's request arrives (before the acknowledgement) to the answer, so a shutdown waits
 * for them before the database closes, as it does for Discord's.
 */
import { afterEach, describe, expect, test } from 'vitest';
import { defineCommand } from '../../../commands/types.ts';
import { Lifecycle } from '../../../src/ops/lifecycle.ts';
import { createMetrics } from '../../../src/ops/metrics.ts';
import { until } from '../discord/helpers.ts';
import { answersTo, type SlackHarness, startSlack } from './helpers.ts';

let release: () => void = () => {};
let gate = Promise.resolve();
const slow = defineCommand({
  spec: { name: 'slow', description: 'Answers when released', kind: 'chat', options: [] },
  async execute() {
    await gate;
    return {
      kind: 'message' as const,
      visibility: 'private' as const,
      title: 'Done',
      blocks: [],
      actions: [],
    };
  },
});

const counted = (metrics: ReturnType<typeof createMetrics>, line: string) => async () =>
  (await metrics.registry.metrics()).includes(line);

let h: SlackHarness | undefined;
afterEach(async () => {
  release();
  await h?.stop();
  h = undefined;
});

describe('Slack and the bot lifecycle', () => {
  test('an acknowledged Slack command is in flight until answered; draining waits for it; it is counted', async () => {
    const metrics = createMetrics();
    const life = new Lifecycle({ metrics, logQuestions: false });
    life.state = 'running';
    gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    h = await startSlack([slow], { monitor: life, core: { cooldown: null, deferAfterMs: null } });
    const r = await h.fake.slash(h.eventsUrl, 'slow');
    expect(r.status).toBe(200);
    // acknowledged, not answered: the bot must not close the database under it
    expect(life.inFlight).toBe(1);
    life.state = 'stopping';
    let drained: boolean | undefined;
    const draining = life.drain(60_000).then((d) => {
      drained = d;
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(drained).toBeUndefined();
    release();
    await draining;
    expect(drained).toBe(true);
    // the answer, after the placeholder if the lifecycle's queue deferred it (a lagging loop)
    await h.fake.until(
      () => (h ? answersTo(h.fake, r.responseId) : []).length === 1,
      5000,
      'the answer',
    );
    await until(
      counted(
        metrics,
        'dossier_interactions_total{platform="slack",kind="command",outcome="answered"} 1',
      ),
      5000,
      'the count',
    );
  });

  test('a Slack command arriving while the bot stops gets the restarting reply, counted', async () => {
    const metrics = createMetrics();
    const life = new Lifecycle({ metrics, logQuestions: false });
    life.state = 'stopping';
    h = await startSlack([slow], { monitor: life, core: { cooldown: null } });
    const r = await h.fake.slash(h.eventsUrl, 'slow');
    expect(r.status).toBe(200);
    await h.fake.until(() => h?.fake.responsesTo(r.responseId).length === 1, 5000, 'the reply');
    expect(JSON.stringify(h.fake.responsesTo(r.responseId)[0]?.payload)).toContain('restarting');
    await until(() => life.inFlight === 0, 5000, 'nothing in flight');
    await until(
      counted(
        metrics,
        'dossier_interactions_total{platform="slack",kind="command",outcome="restarting"} 1',
      ),
      5000,
      'the count',
    );
  });
});
