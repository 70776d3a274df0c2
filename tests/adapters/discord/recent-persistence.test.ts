/**
 * Buttons that refer to a question (Share, 👍/👎) keep working after a restart and from any process
 * on one database: recent questions live in SQLite, not in one process's memory.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { commands } from '../../../commands/index.ts';
import { discordPlatformAdapter } from '../../../src/adapters/discord/launch.ts';
import { launchBot, type RunningBot } from '../../../src/bot.ts';
import { loadConfig } from '../../../src/config.ts';
import {
  booleanOption,
  type FakeDiscord,
  startFakeDiscord,
  stringOption,
} from '../../support/fake-discord/index.ts';
import { CALLBACK, engine, settle, until } from './helpers.ts';

const QUESTION = 'How many missiles did Iran send to Russia?';

let fake: FakeDiscord;
let dir: string;
const running: RunningBot[] = [];

async function bot(): Promise<RunningBot> {
  const config = loadConfig(
    {
      DISCORD_TOKEN: fake.token,
      DISCORD_API_URL: fake.restUrl,
      DATABASE_PATH: join(dir, 'bot.db'),
      SNAPSHOT_DIR: 'off',
      DAILY_ENABLED: 'false',
    },
    { dotenv: false },
  );
  const b = await launchBot({
    config,
    logger: pino({ level: 'silent' }),
    engine: await engine(),
    platforms: [discordPlatformAdapter({ token: fake.token, apiUrl: fake.restUrl, commands })],
  });
  running.push(b);
  return b;
}

/**
 * What each of the `count` processes answered to an interaction, once all have responded: the
 * answer wherever it landed (see settle: a loaded machine's lagging loop defers at once, and the
 * answer then comes in an edit or a follow-up). A process whose deferral Discord refused (the
 * other process answered first) never sends its answer: it is left out.
 */
async function callbacks(interactionId: string, count: number) {
  const made = () =>
    fake.requests(
      (r) => r.route === CALLBACK && r.params.id === interactionId && r.respondedAt !== undefined,
    );
  await until(() => made().length >= count, 5000, `${count} callback(s)`);
  const out: { status: number; body: string }[] = [];
  for (const r of made()) {
    const answer = await settle(fake, r);
    if (answer.deferral === null && (answer.type === 5 || answer.type === 6)) continue;
    out.push({ status: r.status ?? 0, body: JSON.stringify(answer.data) });
  }
  return out;
}

/** The custom id of the first button whose id starts with `prefix` in a callback body. */
function buttonId(body: string, prefix: string): string {
  const match = new RegExp(`"custom_id":"(${prefix}[^"]*)"`, 'u').exec(body);
  if (!match?.[1]) throw new Error(`no ${prefix} button in ${body}`);
  return match[1];
}

beforeAll(async () => {
  fake = await startFakeDiscord();
  dir = mkdtempSync(join(tmpdir(), 'dossier-recent-'));
});
afterAll(async () => {
  for (const b of running) await b.stop();
  await fake?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('recent questions in the database', () => {
  test('Share and 👍 pressed after a restart still find their question', async () => {
    const first = await bot();
    const asked = fake.sendChatInput('ask', [stringOption('question', QUESTION)]);
    const [privateAnswer] = await callbacks(asked.id, 1);
    const share = buttonId(privateAnswer?.body ?? '', 'ask:share:');
    const askedPublic = fake.sendChatInput('ask', [
      stringOption('question', QUESTION),
      booleanOption('private', false),
    ]);
    const [publicAnswer] = await callbacks(askedPublic.id, 1);
    const up = buttonId(publicAnswer?.body ?? '', 'ask:up:');
    await first.stop();
    running.length = 0;

    const second = await bot();
    const pressShare = fake.sendButton({
      customId: share,
      message: fake.seedMessage({ content: 'private answer', flags: 64 }),
      ephemeral: true,
    });
    const [shared] = await callbacks(pressShare.id, 1);
    expect(shared?.body).toContain('Shared by');
    expect(shared?.body).not.toContain('expired');

    const pressUp = fake.sendButton({
      customId: up,
      message: fake.seedMessage({ content: 'public answer' }),
    });
    const [voted] = await callbacks(pressUp.id, 1);
    expect(voted?.body).toContain('Thanks, your vote was recorded.');
    const key = up.slice('ask:up:'.length);
    expect(
      await second.db.get('SELECT question, vote FROM feedback_votes WHERE message_id = @key', {
        key,
      }),
    ).toEqual({ question: QUESTION, vote: 1 });
    await second.stop();
    running.length = 0;
  });

  test('two processes on one database: whichever handles the press finds the question', async () => {
    await bot();
    await bot();
    const asked = fake.sendChatInput('ask', [stringOption('question', QUESTION)]);
    // Both processes answer (Discord takes the first); each remembered the question.
    const answers = await callbacks(asked.id, 2);
    const accepted = answers.find((a) => a.status > 0 && a.status < 300);
    const share = buttonId(accepted?.body ?? '', 'ask:share:');
    const press = fake.sendButton({
      customId: share,
      message: fake.seedMessage({ content: 'private answer', flags: 64 }),
      ephemeral: true,
    });
    // Both processes handle the press; with keys in one process's memory, one would answer
    // "This answer has expired". (One that deferred and lost the race sends no answer to read.)
    const presses = await callbacks(press.id, 2);
    expect(presses.length).toBeGreaterThan(0);
    for (const p of presses) {
      expect(p.body).toContain('Shared by');
      expect(p.body).not.toContain('expired');
    }
  });
});
