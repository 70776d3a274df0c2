/**
 * Soak: the whole bot (launchBot, the real discord.js client) against the fake Discord for a few
 * minutes: 5 interactions a second, the gateway dropped every 30 s, a corpus edit every minute
 * (picked up by the watcher and built in a worker thread, as in production); a shorter run
 * (--minutes) scales both down so it still sees several. Reports heap growth,
 * listener and handle counts, acknowledgement times and whether any answer mixed two indexes.
 * Bounded (5 minutes at most) and not part of `npm test`.
 *
 *   npm run --silent soak -- [--minutes N] [--rate PER_SECOND] [--json]
 */
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pino from 'pino';
import { commands } from '../commands/index.ts';
import { discordPlatformAdapter } from '../src/adapters/discord/launch.ts';
import { loadEngine } from '../src/answer/engine.ts';
import { launchBot } from '../src/bot.ts';
import { runCli } from '../src/cli/run.ts';
import { loadConfig } from '../src/config.ts';
import { buildEngineInWorker } from '../src/reload/build-in-worker.ts';
import { openEngineOptions, type PortableEngineOptions } from '../src/reload/portable-options.ts';
import { startFakeDiscord, stringOption } from '../tests/support/fake-discord/index.ts';

const USAGE = 'usage: npm run --silent soak -- [--minutes N (≤ 5, default 5)] [--rate N] [--json]';
const CALLBACK = '/interactions/:id/:token/callback';
const ORIGINAL = '/webhooks/:appId/:token/messages/:messageId';
const QUESTIONS = [
  'How many missiles did Iran send?',
  'Who supplied drones to Russia?',
  'What are the E3 measures?',
  'What does the lantern checkpoint logbook record?',
];

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const round1 = (x: number) => Math.round(x * 10) / 10;

function heapMb(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  gc?.();
  return process.memoryUsage().heapUsed / 1048576;
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      minutes: { type: 'string', default: '5' },
      rate: { type: 'string', default: '5' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.error(USAGE);
    return 0;
  }
  const minutes = Math.min(5, Math.max(0.25, Number(values.minutes)));
  const rate = Math.min(50, Math.max(1, Number(values.rate)));
  if (!Number.isFinite(minutes) || !Number.isFinite(rate)) throw new Error(USAGE);
  const durationMs = minutes * 60_000;

  const dir = mkdtempSync(join(tmpdir(), 'dossier-soak-'));
  const corpusDir = join(dir, 'corpus');
  cpSync('corpus', corpusDir, { recursive: true });
  let generation = 0;
  const writeCheckpoint = () =>
    writeFileSync(
      join(corpusDir, 'checkpoint.md'),
      `---\ntitle: Lantern checkpoint\n---\n${[
        `The lantern checkpoint logbook records generation ${generation} of the harbour survey.`,
        `Every lantern checkpoint entry in generation ${generation} notes the tide and the wind.`,
        `Inspectors sign the lantern checkpoint sheet for generation ${generation} at dusk.`,
      ].join('\n\n')}\n`,
    );
  writeCheckpoint();

  const fake = await startFakeDiscord({ interactionAckWindowMs: 3000 });
  const config = loadConfig(
    {
      DISCORD_TOKEN: fake.token,
      DISCORD_API_URL: fake.restUrl,
      DATABASE_PATH: join(dir, 'bot.db'),
      CORPUS_DIR: corpusDir,
      SNAPSHOT_DIR: 'off',
      DAILY_ENABLED: 'false',
      CORPUS_WATCH: 'true',
      HTTP_PORT: '0',
    },
    { dotenv: false },
  );
  const portable: PortableEngineOptions = {
    corpusDir,
    snapshotDir: null,
    semanticsDir: null,
    idsDatabase: config.DATABASE_PATH,
  };
  const opened = await openEngineOptions(portable);
  const engine = await loadEngine(opened.options).finally(() => opened.close());
  const bot = await launchBot({
    config,
    logger: pino({ level: 'warn' }, pino.destination(2)),
    engine,
    platforms: [discordPlatformAdapter({ token: fake.token, apiUrl: fake.restUrl, commands })],
    rebuild: (signal) => buildEngineInWorker(portable, { signal }),
  });
  await bot.watcher?.ready;
  const discord = bot.platforms[0];
  const client =
    discord && 'discord' in discord
      ? (discord.discord as { client: NodeJS.EventEmitter }).client
      : null;
  const listeners = () => ({
    process: process.eventNames().reduce((n, e) => n + process.listenerCount(e), 0),
    client: client ? client.eventNames().reduce((n, e) => n + client.listenerCount(e), 0) : 0,
    handles: process.getActiveResourcesInfo().length,
  });

  const sent: { id: string; token: string; at: number }[] = [];
  let reconnects = 0;
  let edits = 0;
  const started = Date.now();
  let baseline: { heapMb: number; listeners: ReturnType<typeof listeners> } | null = null;
  // Warm-up lasts until the bot has been through one of everything it repeats (a reconnect and a
  // reload: the first of each pays for one-time structures such as the worker thread's module
  // graph), and at least 20 s; growth after that is what a long run would keep adding.
  const warmupMs = Math.min(20_000, durationMs / 5);
  const heapSeries: { atS: number; heapMb: number }[] = [];
  let nextSample = started + 30_000;
  // the issue's rhythm (30 s, 1 min); a short run scales it down so it still sees a few of each
  const reconnectEveryMs = Math.min(30_000, durationMs / 3);
  const editEveryMs = Math.min(60_000, durationMs / 2.5);
  let nextReconnect = started + reconnectEveryMs;
  let nextEdit = started + editEveryMs;
  const interval = 1000 / rate;
  // What the fake Discord recorded, folded as it comes and then dropped: the fake runs in this
  // process, and 1,500 recorded answers (~10 MB of bodies) would count as the bot's heap.
  const firsts = new Map<string, { time: number; status: number | undefined }>();
  const callbackGenerations = new Map<string, string[]>();
  const editGenerations = new Map<string, string[]>();
  const generationsIn = (body: unknown) => {
    const message = body as { embeds?: { description?: string }[] } | undefined;
    const text = (message?.embeds ?? []).map((e) => e.description ?? '').join('\n');
    return [...new Set([...text.matchAll(/generation (\d+)/gu)].map((m) => m[1] ?? ''))];
  };
  const fold = () => {
    for (const r of fake.requests()) {
      if (r.route === CALLBACK) {
        const id = r.params.id ?? '';
        if (firsts.has(id)) continue;
        firsts.set(id, { time: r.time, status: r.status });
        callbackGenerations.set(
          id,
          generationsIn((r.body as { data?: unknown } | undefined)?.data),
        );
      } else if (r.route === ORIGINAL) {
        const token = r.params.token ?? '';
        if (!editGenerations.has(token)) editGenerations.set(token, generationsIn(r.body));
      }
    }
    fake.clearRequests();
  };
  for (let i = 0; Date.now() - started < durationMs; i++) {
    const user = {
      ...fake.user,
      id: String(300_000_000_000_000_000n + BigInt(i % 97)),
      username: `u${i % 97}`,
    };
    const p = fake.sendChatInput(
      'ask',
      [stringOption('question', QUESTIONS[i % QUESTIONS.length] ?? 'Iran')],
      { user },
    );
    sent.push({ id: p.id, token: p.token, at: Date.now() });
    const now = Date.now();
    if (i % 50 === 49) fold();
    if (now >= nextSample) {
      nextSample += 30_000;
      fold();
      heapSeries.push({ atS: Math.round((now - started) / 1000), heapMb: round1(heapMb()) });
    }
    if (!baseline && now - started >= warmupMs && reconnects > 0 && bot.live.generation > 1) {
      fold();
      baseline = { heapMb: heapMb(), listeners: listeners() };
    }
    if (now >= nextReconnect) {
      nextReconnect += reconnectEveryMs;
      reconnects++;
      void fake.dropConnection({ terminate: true });
    }
    if (now >= nextEdit) {
      nextEdit += editEveryMs;
      edits++;
      generation++;
      writeCheckpoint();
    }
    await sleep(Math.max(0, started + (i + 1) * interval - Date.now()));
  }
  // let the last answers and any reload finish
  await sleep(3000);
  await bot.reloader?.idle();
  fold();
  const end = { heapMb: heapMb(), listeners: listeners() };

  const acks = sent.map((s) => {
    const f = firsts.get(s.id);
    return f ? f.time - s.at : Number.POSITIVE_INFINITY;
  });
  let mixed = 0;
  const generationsSeen = new Set<string>();
  for (const s of sent) {
    // a deferred answer is the edit; a quick one is the callback's own message
    const gens = editGenerations.get(s.token) ?? callbackGenerations.get(s.id) ?? [];
    if (gens.length > 1) mixed++;
    for (const g of gens) generationsSeen.add(g);
  }
  const sorted = [...acks].sort((a, b) => a - b);
  const pct = (p: number) =>
    sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
  const base = baseline ?? end;
  const report = {
    minutes,
    interactions: sent.length,
    reconnects,
    corpusEdits: edits,
    reloads: bot.live.generation - 1,
    generationsAnswered: generationsSeen.size,
    ackMs: { p50: pct(0.5), p99: pct(0.99), max: sorted.at(-1) ?? 0 },
    unacknowledged: acks.filter((a) => !Number.isFinite(a)).length,
    over2500Ms: acks.filter((a) => a > 2500).length,
    failedFirstResponses: [...firsts.values()].filter((f) => f.status !== 204).length,
    mixedAnswers: mixed,
    heapMb: {
      afterWarmup: Math.round(base.heapMb * 10) / 10,
      end: Math.round(end.heapMb * 10) / 10,
    },
    heapSeriesMb: heapSeries,
    heapGrowthPct: Math.round(((end.heapMb - base.heapMb) / base.heapMb) * 1000) / 10,
    listeners: { afterWarmup: base.listeners, end: end.listeners },
  };
  await bot.stop();
  await fake.close();
  rmSync(dir, { recursive: true, force: true });

  const ok =
    report.unacknowledged === 0 &&
    report.over2500Ms === 0 &&
    report.failedFirstResponses === 0 &&
    report.mixedAnswers === 0 &&
    report.heapGrowthPct < 10 &&
    report.listeners.end.process <= report.listeners.afterWarmup.process &&
    report.listeners.end.client <= report.listeners.afterWarmup.client;
  if (values.json) console.log(JSON.stringify({ ok, ...report }, null, 2));
  else {
    console.log(
      `soak: ${minutes} min, ${report.interactions} interactions, ${reconnects} reconnects, ${edits} corpus edits → ${report.reloads} reloads`,
    );
    console.log(
      `  first response: p50 ${report.ackMs.p50} ms, p99 ${report.ackMs.p99} ms, max ${report.ackMs.max} ms; over 2.5 s: ${report.over2500Ms}; missing: ${report.unacknowledged}; refused: ${report.failedFirstResponses}`,
    );
    console.log(
      `  answers naming two index generations: ${mixed} (generations seen: ${report.generationsAnswered})`,
    );
    console.log(
      `  heap after warm-up ${report.heapMb.afterWarmup} MB → end ${report.heapMb.end} MB (${report.heapGrowthPct} %)`,
    );
    console.log(`  heap every 30 s (MB): ${heapSeries.map((h) => h.heapMb).join(' ')}`);
    console.log(
      `  listeners (process/client) ${base.listeners.process}/${base.listeners.client} → ${end.listeners.process}/${end.listeners.client}; active handles ${base.listeners.handles} → ${end.listeners.handles}`,
    );
    console.log(ok ? 'soak: ok' : 'soak: FAILED');
  }
  return ok ? 0 : 1;
}

runCli(main, 'soak');
