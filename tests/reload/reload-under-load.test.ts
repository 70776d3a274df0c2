/**
 * Reloads under load, through the fake Discord and the whole bot: 50 questions a second for 4 s
 * while the index is swapped every 400 ms. Every question gets its answer (none lost to a swap),
 * and no answer mixes two indexes: each edit rewrites one document so that all its paragraphs
 * name the generation, and every reply must name exactly one.
 */
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { RunningBot } from '../../src/bot.ts';
import type { ReloadResult } from '../../src/reload/reloader.ts';
import { CALLBACK, ORIGINAL, sleep, until } from '../adapters/discord/helpers.ts';
import { corpusCopy, launchTestBot } from '../support/bot.ts';
import { type FakeDiscord, startFakeDiscord, stringOption } from '../support/fake-discord/index.ts';

let fake: FakeDiscord;
let dir: string;
let bot: RunningBot;

/** Three paragraphs, each naming the generation, so any two of them cited together must agree. */
function writeCheckpoint(generation: number): void {
  const body = [
    `The lantern checkpoint logbook records generation ${generation} of the harbour survey.`,
    `Every lantern checkpoint entry in generation ${generation} notes the tide and the wind.`,
    `Inspectors sign the lantern checkpoint sheet for generation ${generation} at dusk.`,
  ].join('\n\n');
  writeFileSync(
    join(dir, 'corpus', 'checkpoint.md'),
    `---\ntitle: Lantern checkpoint\n---\n${body}\n`,
  );
}

beforeAll(async () => {
  fake = await startFakeDiscord({ interactionAckWindowMs: 3000 });
  dir = corpusCopy('dossier-load-reload-');
  writeCheckpoint(0);
  bot = await launchTestBot(fake, dir);
}, 20_000);

afterAll(async () => {
  await bot?.stop();
  await fake?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The text an interaction's answer ended up showing: its callback, or the edit of a deferral. */
function answerText(id: string, token: string): string | null {
  const callback = fake.requests((r) => r.route === CALLBACK && r.params.id === id)[0];
  const edit = fake.requests((r) => r.route === ORIGINAL && r.params.token === token)[0];
  const body = (edit?.body ?? (callback?.body as { data?: unknown } | undefined)?.data) as
    | { embeds?: { description?: string }[]; content?: string }
    | undefined;
  if (!body) return null;
  return [body.content ?? '', ...(body.embeds ?? []).map((e) => e.description ?? '')].join('\n');
}

test('50 questions a second while the index is swapped: no reply lost, none mixes two indexes', async () => {
  const sent: { id: string; token: string }[] = [];
  const reloads: Promise<ReloadResult>[] = [];
  const started = Date.now();
  let generation = 0;
  let nextSwap = started + 400;
  for (let i = 0; Date.now() - started < 4000; i++) {
    const user = {
      ...fake.user,
      id: String(200_000_000_000_000_000n + BigInt(i)),
      username: `u${i}`,
    };
    const p = fake.sendChatInput(
      'ask',
      [stringOption('question', 'What does the lantern checkpoint logbook record?')],
      { user },
    );
    sent.push({ id: p.id, token: p.token });
    if (Date.now() >= nextSwap) {
      writeCheckpoint(++generation);
      reloads.push(bot.reloader?.reload('test') ?? Promise.reject(new Error('no reloader')));
      nextSwap += 400;
    }
    // 50 a second, in bursts of five
    if (i % 5 === 4) await sleep(100);
  }
  const results = await Promise.all(reloads);
  expect(results.filter((r) => r.ok).length).toBeGreaterThanOrEqual(5);
  await until(() => sent.every((s) => answerText(s.id, s.token) !== null), 15_000, 'every answer');
  const firsts = fake.requests((r) => r.route === CALLBACK);
  expect(firsts.filter((r) => r.status !== 204)).toEqual([]);
  expect(new Set(firsts.map((r) => r.params.id)).size).toBe(sent.length);
  const seen = new Set<string>();
  for (const s of sent) {
    const generations = new Set(
      [...(answerText(s.id, s.token) ?? '').matchAll(/generation (\d+)/gu)].map((m) => m[1]),
    );
    expect(generations.size, `answer to ${s.id}`).toBe(1);
    for (const g of generations) if (g !== undefined) seen.add(g);
  }
  // the run really spanned several indexes
  expect(seen.size).toBeGreaterThanOrEqual(4);
  expect(sent.length).toBeGreaterThanOrEqual(150);
}, 60_000);
