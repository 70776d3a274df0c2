/**
 * Reloads under load, through the fake Discord and the whole bot: bursts of five questions every
 * 100 ms (or, on a machine too busy to answer 50 a second, as soon as the burst before has its
 * answers) during each of eight index swaps (as long as each reload takes on this machine) and
 * after it, until an answer comes from the new index. Every question gets its answer (none lost to a swap), and no answer mixes two
 * indexes: each edit rewrites one document so that all its paragraphs name the generation, and
 * every reply must name exactly one.
 */
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { RunningBot } from '../../src/bot.ts';
import type { ReloadResult } from '../../src/reload/reloader.ts';
import { answerText, CALLBACK, sleep, until } from '../adapters/discord/helpers.ts';
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
  fake = await startFakeDiscord();
  dir = corpusCopy('dossier-load-reload-');
  writeCheckpoint(0);
  bot = await launchTestBot(fake, dir);
}, 120_000);

afterAll(async () => {
  await bot?.stop();
  await fake?.close();
  rmSync(dir, { recursive: true, force: true });
});

test('questions keep coming while the index is swapped eight times: no reply lost, none mixes two indexes', async () => {
  const sent: { id: string; token: string }[] = [];
  /** The text of each answer received, by interaction id: final once there (see answerText). */
  const answers = new Map<string, string>();
  const answer = (s: { id: string; token: string }): string | null => {
    const known = answers.get(s.id);
    if (known !== undefined) return known;
    const text = answerText(fake, s.id, s.token);
    if (text !== null) answers.set(s.id, text);
    return text;
  };
  const unanswered = () => sent.filter((s) => answer(s) === null).length;
  let users = 0;
  /**
   * Five questions from five new users (so the cooldown never short-cuts one), then a pause, and
   * the next burst only once at most these five wait for their answers: questions are always in
   * flight, but a loaded machine that answers fewer than 50 a second does not build a backlog
   * without end (its queue would shed questions as busy, and no timeout would see it through).
   */
  const burst = async () => {
    for (let k = 0; k < 5; k++) {
      const i = users++;
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
    }
    await sleep(100);
    await until(() => unanswered() <= 5, 60_000, 'the answers to the burst before');
  };
  /** The generations the answers received so far name. */
  const named = () => {
    const out = new Set<string>();
    for (const s of sent)
      for (const m of (answer(s) ?? '').matchAll(/generation (\d+)/gu))
        if (m[1] !== undefined) out.add(m[1]);
    return out;
  };
  /** Bursts until an answer names `generation` (the new index serves), within patience. */
  const burstsUntilServed = async (generation: number) => {
    for (let n = 0; !named().has(String(generation)); n++) {
      if (n > 1200) throw new Error(`no answer from generation ${generation}`);
      await burst();
    }
  };
  const results: ReloadResult[] = [];
  await burstsUntilServed(0);
  for (let generation = 1; generation <= 8; generation++) {
    // questions during each swap, however long a reload takes here, and after it
    writeCheckpoint(generation);
    let settled = false;
    const reload = (bot.reloader?.reload('test') ?? Promise.reject(new Error('no reloader'))).then(
      (r) => {
        settled = true;
        return r;
      },
    );
    do await burst();
    while (!settled);
    results.push(await reload);
    await burstsUntilServed(generation);
  }
  expect(results.filter((r) => !r.ok)).toEqual([]);
  await until(() => unanswered() === 0, 120_000, 'every answer');
  const firsts = fake.requests((r) => r.route === CALLBACK);
  expect(firsts.filter((r) => r.status !== 204)).toEqual([]);
  expect(firsts.map((r) => r.params.id).sort()).toEqual(sent.map((s) => s.id).sort());
  const seen = new Set<string>();
  for (const s of sent) {
    const generations = new Set(
      [...(answer(s) ?? '').matchAll(/generation (\d+)/gu)].map((m) => m[1]),
    );
    expect(generations.size, `answer to ${s.id}`).toBe(1);
    for (const g of generations) if (g !== undefined) seen.add(g);
  }
  // the run spanned every index
  expect([...seen].sort()).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8']);
}, 240_000);
