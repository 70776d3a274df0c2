/**
 * L1: 200 /ask interactions sent within about a second, through the real discord.js client and
 * the fake Discord: none lost, none answered twice, none mixed up with another's. How fast they
 * are acknowledged is measured by `npm run soak` and `npm run bench:http`, never here: this test
 * holds on a machine of any speed or load.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { commands } from '../../../commands/index.ts';
import {
  type FakeDiscord,
  startFakeDiscord,
  stringOption,
} from '../../support/fake-discord/index.ts';
import { answerText, CALLBACK, type Harness, sleep, startAdapter, until } from './helpers.ts';

let fake: FakeDiscord;
let h: Harness;

beforeAll(async () => {
  fake = await startFakeDiscord();
  h = await startAdapter(fake, commands);
});
afterAll(async () => {
  await h?.stop();
  await fake?.close();
});

const QUESTIONS = [
  'How many missiles did Iran send?',
  'Who supplied drones to Russia?',
  'What are the E3 measures?',
  'What is an SRBM?',
];

test('200 /ask interactions in about a second: every one answered once, each with its own answer', async () => {
  const sent: { id: string; token: string; question: string }[] = [];
  for (let i = 0; i < 200; i++) {
    // distinct users, so the cooldown does not short-cut the work
    const user = {
      ...fake.user,
      id: String(100_000_000_000_000_000n + BigInt(i)),
      username: `u${i}`,
    };
    const question = QUESTIONS[i % QUESTIONS.length] ?? 'Iran';
    const p = fake.sendChatInput('ask', [stringOption('question', question)], { user });
    sent.push({ id: p.id, token: p.token, question });
    // ten batches of 20, about 100 ms apart
    if (i % 20 === 19) await sleep(100);
  }
  await until(
    () => sent.every((s) => answerText(fake, s.id, s.token) !== null),
    120_000,
    'every answer',
  );
  // one first response each, all accepted
  const firsts = fake.requests((r) => r.route === CALLBACK);
  expect(firsts.filter((r) => r.status !== 204)).toEqual([]);
  expect(firsts.map((r) => r.params.id).sort()).toEqual(sent.map((s) => s.id).sort());
  // none mixed: the same question always got the same answer, and each question its own
  const byQuestion = new Map<string, Set<string>>();
  for (const s of sent) {
    const texts = byQuestion.get(s.question) ?? new Set<string>();
    texts.add(answerText(fake, s.id, s.token) ?? '');
    byQuestion.set(s.question, texts);
  }
  expect([...byQuestion.values()].map((t) => t.size)).toEqual(QUESTIONS.map(() => 1));
  const distinct = new Set([...byQuestion.values()].flatMap((t) => [...t]));
  expect(distinct.size).toBe(QUESTIONS.length);
  expect(h.logs.filter((l) => l.level >= 50)).toEqual([]);
}, 180_000);
