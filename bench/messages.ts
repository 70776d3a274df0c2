/**
 * Asking in chat, timed: how long from a message reaching the bot's gateway to its answer reaching
 * Discord, for each way of asking (a mention, a question in an /autoanswer channel, a new forum
 * post, a direct message), sent at a fixed rate in one channel (open loop, as people type), and
 * whether each was answered exactly once. The whole bot (the registry, launchBot, the real
 * discord.js client) runs in this process against the fake Discord on loopback, so the figures
 * include both sides' work on the same cores. Target: every answer within 2 s.
 *
 *   npm run --silent bench:messages -- [--mode all|mention|question|forum|dm] [--rate 50] [--count 200] [--json]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import pino from 'pino';
import { z } from 'zod';
import { commands } from '../commands/index.ts';
import { selectPlatforms } from '../src/adapters/registry.ts';
import { loadEngine } from '../src/answer/engine.ts';
import { launchBot } from '../src/bot.ts';
import { runCli } from '../src/cli/run.ts';
import { loadConfig } from '../src/config.ts';
import {
  buildUser,
  type FakeDiscord,
  type RecordedRequest,
  startFakeDiscord,
} from '../tests/support/fake-discord/index.ts';

const QUESTIONS = [
  'How many missiles did Iran send to Russia?',
  'Who supplied drones to Russia?',
  'What is an SRBM?',
  'Who is the president of Iran?',
  'When did Iran deliver drones to Russia?',
  'Which missiles did Iran give Russia?',
];
const TARGET_MS = 2000;
const LogLine = z.object({ level: z.number(), msg: z.string(), outcome: z.string().optional() });
const MODES = ['mention', 'question', 'forum', 'dm'] as const;
type Mode = (typeof MODES)[number];

interface Result {
  mode: Mode;
  rate: number;
  sent: number;
  answered: number;
  duplicates: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  withinTarget: number;
}

const at = (sorted: readonly number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? Number.NaN;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The answers to one asked message: where each mode's answer goes. */
function answersTo(fake: FakeDiscord, mode: Mode, id: string, channel: string): RecordedRequest[] {
  return fake.requests(
    (r) =>
      r.method === 'POST' &&
      r.route === '/channels/:channelId/messages' &&
      r.respondedAt !== undefined &&
      (mode === 'dm'
        ? r.params.channelId === channel &&
          (r.body as { message_reference?: { message_id?: string } }).message_reference
            ?.message_id === id
        : r.params.channelId === id),
  );
}

async function run(
  fake: FakeDiscord,
  mode: Mode,
  rate: number,
  count: number,
  channels: { help: string; forum: string },
): Promise<Result> {
  fake.clearRequests();
  const asked: { id: string; channel: string; at: number }[] = [];
  const gap = 1000 / rate;
  const started = Date.now();
  for (let i = 0; i < count; i++) {
    // open loop: each message leaves at its time, whatever the bot is doing
    const due = started + i * gap;
    const wait = due - Date.now();
    if (wait > 0) await sleep(wait);
    const author = buildUser({ username: `bench${mode}${i}` });
    const content = QUESTIONS[i % QUESTIONS.length] ?? 'What is an SRBM?';
    const at = Date.now();
    if (mode === 'forum') {
      const { thread } = fake.createForumPost({
        forumId: channels.forum,
        title: 'Question',
        content,
        author,
      });
      asked.push({ id: thread.id, channel: thread.id, at });
    } else if (mode === 'dm') {
      const m = fake.sendDirectMessage({ content, author });
      asked.push({ id: m.id, channel: m.channel_id, at });
    } else {
      const m = fake.postMessage({
        content,
        author,
        mentionBot: mode === 'mention',
        ...(mode === 'question' ? { channelId: channels.help } : {}),
      });
      asked.push({ id: m.id, channel: m.channel_id, at });
    }
  }
  // wait for the answers (or give up after a minute without progress)
  let last = -1;
  let quietSince = Date.now();
  for (;;) {
    const done = asked.filter((a) => answersTo(fake, mode, a.id, a.channel).length > 0).length;
    if (done === asked.length) break;
    if (done !== last) {
      last = done;
      quietSince = Date.now();
    } else if (Date.now() - quietSince > 60_000) break;
    await sleep(20);
  }
  const latencies: number[] = [];
  let duplicates = 0;
  for (const a of asked) {
    const answers = answersTo(fake, mode, a.id, a.channel);
    if (answers.length > 1) duplicates += answers.length - 1;
    const first = answers[0];
    if (first?.respondedAt !== undefined) latencies.push(first.respondedAt - a.at);
  }
  latencies.sort((x, y) => x - y);
  return {
    mode,
    rate,
    sent: asked.length,
    answered: latencies.length,
    duplicates,
    p50Ms: at(latencies, 0.5),
    p99Ms: at(latencies, 0.99),
    maxMs: latencies[latencies.length - 1] ?? Number.NaN,
    withinTarget: latencies.filter((ms) => ms <= TARGET_MS).length,
  };
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      mode: { type: 'string', default: 'all' },
      rate: { type: 'string', default: '50' },
      count: { type: 'string', default: '200' },
      json: { type: 'boolean', default: false },
    },
  });
  const modes: readonly Mode[] =
    values.mode === 'all' ? MODES : MODES.filter((m) => m === values.mode);
  if (modes.length === 0) throw new Error(`bench: unknown --mode ${values.mode}`);
  const rate = Number(values.rate);
  const count = Number(values.count);
  const fake = await startFakeDiscord({
    messageContentIntent: true,
    guilds: [
      { channels: [{ name: 'general' }, { name: 'help' }], forums: [{ name: 'questions' }] },
    ],
  });
  const guild = fake.world.defaultGuild;
  const channels = { help: guild.channels[1]?.id ?? '', forum: guild.channels[2]?.id ?? '' };
  const dir = mkdtempSync(join(tmpdir(), 'dossier-bench-messages-'));
  const config = loadConfig(
    {
      DISCORD_TOKEN: fake.token,
      DISCORD_API_URL: fake.restUrl,
      DISCORD_DMS: 'true',
      DISCORD_MESSAGE_CONTENT: 'true',
      DATABASE_PATH: join(dir, 'bot.db'),
      SNAPSHOT_DIR: 'off',
      DAILY_ENABLED: 'false',
      CORPUS_WATCH: 'false',
    },
    { dotenv: false },
  );
  // The bot's log is read, not printed: each message's outcome, and what went wrong if any
  const outcomes = new Map<string, number>();
  const problems: string[] = [];
  const logger = pino(
    { level: 'info' },
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString().split('\n')) {
          if (line === '') continue;
          const record = LogLine.safeParse(JSON.parse(line));
          if (!record.success) continue;
          const { msg, outcome, level } = record.data;
          if (msg === 'message' && outcome) outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
          else if (level >= 40 && !msg.includes('rate limited') && problems.length < 10)
            problems.push(line.slice(0, 300));
        }
        done();
      },
    }),
  );
  const platforms = await Promise.all(
    selectPlatforms(config).servers.map((entry) =>
      entry.load(config, { commands, logger, entryScript: '', execArgv: [] }),
    ),
  );
  const engine = await loadEngine({ corpusDir: config.CORPUS_DIR, snapshotDir: null });
  const bot = await launchBot({ config, logger, engine, platforms });
  try {
    const settings = bot.servicesFor('discord').autoanswer;
    if (!settings) throw new Error('bench: the bot reads no messages');
    for (const [channelId, mode] of [
      [channels.help, 'questions'],
      [channels.forum, 'forum'],
    ] as const)
      await settings.set({
        guildId: guild.id,
        channelId,
        mode,
        quiet: true,
        humanRole: null,
        createdBy: 'bench',
      });
    const results: Result[] = [];
    for (const mode of modes) results.push(await run(fake, mode, rate, count, channels));
    if (values.json) {
      console.log(JSON.stringify({ results, outcomes: Object.fromEntries(outcomes), problems }));
    } else {
      console.log(
        `target: every answer within ${TARGET_MS} ms; ${count} messages per mode at ${rate}/s`,
      );
      for (const r of results)
        console.log(
          `${r.mode.padEnd(9)} answered ${r.answered}/${r.sent}, duplicates ${r.duplicates}, ` +
            `p50 ${r.p50Ms} ms, p99 ${r.p99Ms} ms, max ${r.maxMs} ms, within ${TARGET_MS} ms: ${r.withinTarget}`,
        );
      console.log(`outcomes: ${JSON.stringify(Object.fromEntries(outcomes))}`);
      for (const problem of problems) console.log(`logged: ${problem}`);
    }
    const ok = results.every(
      (r) => r.answered === r.sent && r.duplicates === 0 && r.withinTarget === r.sent,
    );
    return ok ? 0 : 1;
  } finally {
    await bot.stop();
    await fake.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

runCli(main, 'bench:messages');
