/**
 * The running bot (fake Discord, HTTP on a free port, the watcher on) whose corpus folder is
 * deleted and then restored: /healthz says degraded, with the reason, while it is gone, the bot
 * keeps answering from what it loaded, and once it is back the watcher reloads and /healthz is ok.
 */
import { renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { RunningBot } from '../../src/bot.ts';
import { corpusCopy, launchTestBot } from '../support/bot.ts';
import { type FakeDiscord, startFakeDiscord } from '../support/fake-discord/index.ts';
import { patience } from '../support/patience.ts';

let fake: FakeDiscord;
let dir: string;
let bot: RunningBot;

beforeAll(async () => {
  fake = await startFakeDiscord();
  dir = corpusCopy('dossier-gone-');
  bot = await launchTestBot(
    fake,
    dir,
    { HTTP_PORT: '0', CORPUS_WATCH: 'true' },
    { watch: { debounceMs: 20, checkEveryMs: 20 } },
  );
});

afterAll(async () => {
  await bot?.stop();
  await fake?.close();
  rmSync(dir, { recursive: true, force: true });
});

interface Health {
  status: string;
  reasons: string[];
  index: { documents: number; generation: number };
}

async function health(): Promise<{ code: number; body: Health }> {
  const res = await fetch(`http://127.0.0.1:${bot.httpPort}/healthz`);
  return { code: res.status, body: (await res.json()) as Health };
}

/** Polls /healthz until `pred` holds; rejects after `patience(timeoutMs)` (not a timing check). */
async function healthUntil(pred: (h: Health) => boolean, what: string, timeoutMs = 10_000) {
  const end = Date.now() + patience(timeoutMs);
  for (;;) {
    const { body } = await health();
    if (pred(body)) return body;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(body)}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

test('deleted: degraded with the reason and still answering; restored: reloaded and ok', async () => {
  const corpus = join(dir, 'corpus');
  await bot.watcher?.ready;
  expect(await health()).toMatchObject({ code: 200, body: { status: 'ok', reasons: [] } });
  const before = bot.live.generation;

  renameSync(corpus, join(dir, 'moved-away'));
  const gone = await healthUntil((h) => h.status === 'degraded', 'degraded');
  expect(gone.reasons).toEqual([
    expect.stringMatching(
      new RegExp(
        `^the corpus folder ${corpus} does not exist \\(since .+\\); answering from the documents loaded before$`,
        'u',
      ),
    ),
  ]);
  expect((await health()).code).toBe(200);
  expect(bot.live.current().corpus.documents.length).toBe(2);

  // moved back whole: a copy lands file by file, and a reload may rightly read it half done
  renameSync(join(dir, 'moved-away'), corpus);
  const back = await healthUntil(
    (h) => h.status === 'ok' && h.index.generation > before,
    'ok after a reload',
  );
  expect(back).toMatchObject({ status: 'ok', reasons: [], index: { documents: 2 } });
});
