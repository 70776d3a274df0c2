/** L1: 200 interactions dispatched within one second are all acknowledged within 2.5 s (loopback). */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { commands } from '../../../commands/index.ts';
import {
  type FakeDiscord,
  startFakeDiscord,
  stringOption,
} from '../../support/fake-discord/index.ts';
import { CALLBACK, type Harness, sleep, startAdapter, until } from './helpers.ts';

let fake: FakeDiscord;
let h: Harness;

beforeAll(async () => {
  fake = await startFakeDiscord({ interactionAckWindowMs: 3000 });
  h = await startAdapter(fake, commands);
});
afterAll(async () => {
  await h?.stop();
  await fake?.close();
});

test('200 /ask interactions in one second: every first response within 2.5 s', async () => {
  const questions = [
    'How many missiles did Iran send?',
    'Who supplied drones to Russia?',
    'What are the E3 measures?',
    'What is an SRBM?',
  ];
  const sentAt = new Map<string, number>();
  const started = Date.now();
  for (let i = 0; i < 200; i++) {
    // Distinct users, so the cooldown does not short-cut the work.
    const user = {
      ...fake.user,
      id: String(100_000_000_000_000_000n + BigInt(i)),
      username: `u${i}`,
    };
    const p = fake.sendChatInput(
      'ask',
      [stringOption('question', questions[i % questions.length] ?? 'Iran')],
      { user },
    );
    sentAt.set(p.id, Date.now());
    // ten batches on a fixed schedule (not sleeps that add up): a busy event loop delays a batch
    // but not the ones after it
    if (i % 20 === 19) await sleep(Math.max(0, started + ((i + 1) / 20) * 95 - Date.now()));
  }
  // the precondition: the burst really came within about a second (with room for a loaded
  // machine, where the bot answering in this same process delays the sender too)
  expect(Date.now() - started).toBeLessThan(1500);
  await until(
    () => fake.requests((r) => r.route === CALLBACK).length >= 200,
    6000,
    '200 callbacks',
  );
  const latencies = fake
    .requests((r) => r.route === CALLBACK)
    .map((r) => r.time - (sentAt.get(r.params.id ?? '') ?? Number.NaN));
  expect(latencies).toHaveLength(200);
  const sorted = [...latencies].sort((a, b) => a - b);
  const p99 = sorted[Math.floor(sorted.length * 0.99) - 1] ?? Number.NaN;
  expect(Math.max(...latencies)).toBeLessThan(2500);
  expect(fake.requests((r) => r.route === CALLBACK && r.status !== 204)).toEqual([]);
  // Informational: the checklist's target is p99 < 1 s for the first response.
  process.stdout.write(`load: p99 ${p99} ms, max ${sorted[sorted.length - 1]} ms\n`);
  expect(p99).toBeLessThan(2500);
});
