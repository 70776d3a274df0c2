/**
 * Discord HTTP interactions under load: how many signed /ask interactions per second one
 * instance (or several behind a round-robin "load balancer") answers with the first response at
 * p99 ≤ 1 s. Each instance is the real entry point in its own process (DISCORD_MODE=http) against
 * the fake Discord on loopback; this process signs and sends at a fixed rate (open loop: a slow
 * answer does not slow the sender, as with real users) and times each HTTP response.
 *
 *   npm run bench:http -- [--instances 1] [--separate-db] [--seconds 5] [--rates 20,40,...] [--json]
 *
 * `--burst N` instead sends N signed /ask at once (a thousand users asking in the same second)
 * and reports how fast each was acknowledged (the HTTP response: Discord's 3 s window), how many
 * were deferred (type 5) and when their answer arrived through the webhook (the fake Discord's
 * clock), and how many were shed with the busy reply.
 *
 *   npm run bench:http -- --burst 1000 [--instances 1] [--json]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { runCli } from '../src/cli/run.ts';
import { type HttpInstance, startHttpInstance } from '../tests/adapters/discord/http-process.ts';
import {
  chatInputInteraction,
  createSigner,
  deliverInteraction,
  startFakeDiscord,
  stringOption,
} from '../tests/support/fake-discord/index.ts';

const QUESTIONS = [
  'How many missiles did Iran send?',
  'Who supplied drones to Russia?',
  'What are the E3 measures?',
  'What is an SRBM?',
  'When did the Shahed drones first appear in Ukraine?',
  'Which countries imposed sanctions on Iran?',
  'What is the range of the Fateh-110?',
  'Who is the president of Iran?',
];
const TARGET_P99_MS = 1000;
/** Discord's window for the first response, and ours for a deferred answer in a burst. */
const ACK_WINDOW_MS = 3000;
const COMPLETION_TARGET_MS = 60_000;
/** The bot's busy reply, as Discord shows it (src/interactions/notices.ts BUSY). */
const BUSY_MARK = 'busy';

interface Step {
  rate: number;
  sent: number;
  answered: number;
  /** Non-200, no first response, or later than Discord's 3 s. */
  failed: number;
  deferred: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

const at = (sorted: readonly number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? Number.NaN;

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      instances: { type: 'string', default: '1' },
      seconds: { type: 'string', default: '5' },
      rates: { type: 'string', default: '20,40,60,80,100,120,150,180,220,260,300' },
      json: { type: 'boolean', default: false },
      // one SQLite file per instance: what the HTTP path scales to once the database is not
      // shared (PostgreSQL's job); by default they share one file, as the tests do
      'separate-db': { type: 'boolean', default: false },
      burst: { type: 'string' },
    },
  });
  const instances = Number(values.instances);
  const seconds = Number(values.seconds);
  const rates = values.rates.split(',').map(Number);
  const fake = await startFakeDiscord();
  const signer = createSigner();
  const dir = mkdtempSync(join(tmpdir(), 'dossier-bench-http-'));
  const bots: HttpInstance[] = [];
  const log = (line: string) => {
    if (!values.json) console.log(line);
  };
  try {
    const env = {
      DISCORD_TOKEN: fake.token,
      DISCORD_API_URL: fake.restUrl,
      DISCORD_PUBLIC_KEY: signer.publicKeyHex,
      DATABASE_PATH: join(dir, 'bot.db'),
      LOG_LEVEL: 'warn',
    };
    for (let i = 0; i < instances; i++)
      bots.push(
        await startHttpInstance({
          ...env,
          ...(values['separate-db'] ? { DATABASE_PATH: join(dir, `bot-${i}.db`) } : {}),
        }),
      );
    log(
      `${instances} instance(s) up (${values['separate-db'] ? 'one SQLite file each' : 'sharing one SQLite file'}); ${seconds} s per rate, target p99 ≤ ${TARGET_P99_MS} ms`,
    );
    let user = 0n;
    const errors = new Map<string, number>();
    const send = (i: number) => {
      user += 1n;
      // a new user each time, so the per-user cooldown never short-cuts the work
      const payload = chatInputInteraction(
        fake.context({
          user: { ...fake.user, id: String(200_000_000_000_000_000n + user), username: 'u' },
        }),
        {
          name: 'ask',
          options: [stringOption('question', QUESTIONS[i % QUESTIONS.length] ?? 'Iran')],
        },
      );
      const url = bots[i % bots.length]?.url ?? '';
      return deliverInteraction(fake.world, fake.rest, url, payload, { signer }).then(
        (delivery) => ({ ...delivery, token: payload.token }),
        (error: unknown) => {
          const cause =
            error instanceof Error && error.cause instanceof Error ? error.cause : error;
          errors.set(String(cause), (errors.get(String(cause)) ?? 0) + 1);
          return { status: 0, body: null, ms: Number.POSITIVE_INFINITY, token: payload.token };
        },
      );
    };
    // warm-up (JIT, the index's per-paragraph caches): 3 s at 40/s per instance
    const warm: ReturnType<typeof send>[] = [];
    for (let i = 0; i < 120 * instances; i++) {
      warm.push(send(i));
      if (i % (4 * instances) === 4 * instances - 1) await new Promise((r) => setTimeout(r, 100));
    }
    await Promise.all(warm);
    fake.reset();
    fake.world.messages.clear();
    fake.world.interactionsById.clear();
    fake.world.interactionsByToken.clear();

    if (values.burst !== undefined) {
      const report = await burst(Number(values.burst), send, fake);
      if (errors.size > 0) log(`request errors: ${JSON.stringify(Object.fromEntries(errors))}`);
      if (values.json) console.log(JSON.stringify({ instances, burst: report }));
      else printBurst(report, instances, log);
      return 0;
    }

    const steps: Step[] = [];
    for (const rate of rates) {
      const total = Math.round(rate * seconds);
      const pending: ReturnType<typeof send>[] = [];
      const start = performance.now();
      for (let i = 0; i < total; i++) {
        const due = start + (i * 1000) / rate;
        const wait = due - performance.now();
        if (wait > 1) await new Promise((r) => setTimeout(r, wait));
        pending.push(send(i));
      }
      const results = await Promise.all(pending);
      const ok = results.filter((r) => r.status === 200 && r.ms <= 3000);
      const sorted = results.map((r) => r.ms).sort((a, b) => a - b);
      const step: Step = {
        rate,
        sent: total,
        answered: ok.length,
        failed: total - ok.length,
        deferred: results.filter((r) => (r.body as { type?: number } | null)?.type === 5).length,
        p50Ms: Math.round(at(sorted, 0.5)),
        p99Ms: Math.round(at(sorted, 0.99)),
        maxMs: Math.round(sorted.at(-1) ?? Number.NaN),
      };
      steps.push(step);
      log(
        `${String(rate).padStart(4)}/s: ${step.answered}/${step.sent} answered, ${step.deferred} deferred, p50 ${step.p50Ms} ms, p99 ${step.p99Ms} ms, max ${step.maxMs} ms`,
      );
      if (errors.size > 0) log(`  request errors: ${JSON.stringify(Object.fromEntries(errors))}`);
      const slow = results.filter((r) => r.status === 200 && r.ms > 3000).length;
      if (slow > 0) log(`  ${slow} answered later than Discord's 3 s`);
      errors.clear();
      // the fake keeps every request and message: drop them, or this process's GC pauses
      // would show up as the bot's latency
      fake.reset();
      fake.world.messages.clear();
      fake.world.interactionsById.clear();
      fake.world.interactionsByToken.clear();
      // let queues drain before the next step
      await new Promise((r) => setTimeout(r, 1500));
      if (step.p99Ms > 3 * TARGET_P99_MS) break;
    }
    const sustained = steps
      .filter((s) => s.p99Ms <= TARGET_P99_MS && s.failed === 0)
      .reduce((best, s) => Math.max(best, s.rate), 0);
    if (values.json) console.log(JSON.stringify({ instances, seconds, sustained, steps }));
    else
      log(
        `sustained at p99 ≤ ${TARGET_P99_MS} ms: ${sustained} interactions/s with ${instances} instance(s)`,
      );
    return 0;
  } finally {
    await Promise.all(bots.map((b) => b.stop()));
    await fake.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

interface BurstReport {
  sent: number;
  /** The HTTP response: its time from sending, in ms. */
  ack: { p50: number; p99: number; max: number };
  ackedWithin3s: number;
  /** Answered in the HTTP response itself (type 4), not shed. */
  answeredAtOnce: number;
  /** Acknowledged with type 5; the answer followed through the webhook. */
  deferred: number;
  /** From sending to the answer (the HTTP response, or the webhook edit for deferred ones). */
  completion: { p50: number; p99: number; max: number };
  /** Deferred ones whose answer never came within the wait, or came after 60 s. */
  deferredLate: number;
  shed: number;
  /** Non-200 or no response at all. */
  failed: number;
}

type Send = (i: number) => Promise<{ status: number; body: unknown; ms: number; token: string }>;

/**
 * N interactions sent at once; each one's answer time is its HTTP response (type 4) or the first
 * webhook edit or follow-up the fake Discord received for its token (type 5).
 */
async function burst(
  n: number,
  send: Send,
  fake: Awaited<ReturnType<typeof startFakeDiscord>>,
): Promise<BurstReport> {
  const started = Date.now();
  const results = await Promise.all(
    Array.from({ length: n }, (_, i) => {
      const sentAt = Date.now();
      return send(i).then((r) => ({ ...r, sentAt }));
    }),
  );
  const tokens = new Map<string, number>();
  const deferred: { token: string; at: number }[] = [];
  const completion: number[] = [];
  let shed = 0;
  let answeredAtOnce = 0;
  let failed = 0;
  for (const r of results) {
    const body = r.body as { type?: number } | null;
    if (r.status !== 200 || body === null) {
      failed++;
    } else if (body.type === 5) {
      deferred.push({ token: r.token, at: r.sentAt });
    } else if (JSON.stringify(body).includes(BUSY_MARK)) {
      shed++;
    } else {
      answeredAtOnce++;
      completion.push(r.ms);
    }
  }
  for (const d of deferred) tokens.set(d.token, d.at);
  // wait for every deferred answer (or give up 90 s after the burst began)
  const answered = new Map<string, number>();
  while (answered.size < deferred.length && Date.now() - started < 90_000) {
    for (const req of fake.requests(
      (q) =>
        q.method !== 'GET' &&
        (q.route === '/webhooks/:appId/:token/messages/:messageId' ||
          q.route === '/webhooks/:appId/:token'),
    )) {
      const token = req.params.token ?? '';
      const at = tokens.get(token);
      if (at !== undefined && !answered.has(token)) answered.set(token, req.time - at);
    }
    if (answered.size < deferred.length) await new Promise((r) => setTimeout(r, 250));
  }
  completion.push(...answered.values());
  const acks = results.map((r) => r.ms).sort((a, b) => a - b);
  completion.sort((a, b) => a - b);
  const summary = (sorted: number[]) => ({
    p50: Math.round(at(sorted, 0.5)),
    p99: Math.round(at(sorted, 0.99)),
    max: Math.round(sorted.at(-1) ?? Number.NaN),
  });
  return {
    sent: n,
    ack: summary(acks),
    ackedWithin3s: results.filter((r) => r.status === 200 && r.ms <= ACK_WINDOW_MS).length,
    answeredAtOnce,
    deferred: deferred.length,
    completion: summary(completion),
    deferredLate:
      deferred.length - [...answered.values()].filter((ms) => ms <= COMPLETION_TARGET_MS).length,
    shed,
    failed,
  };
}

function printBurst(r: BurstReport, instances: number, log: (line: string) => void): void {
  log(`burst of ${r.sent} signed /ask at once on ${instances} instance(s):`);
  log(
    `  acknowledged: p50 ${r.ack.p50} ms, p99 ${r.ack.p99} ms, max ${r.ack.max} ms; ${r.ackedWithin3s}/${r.sent} within 3 s (${((100 * r.ackedWithin3s) / r.sent).toFixed(1)}%)`,
  );
  log(
    `  ${r.answeredAtOnce} answered in the response, ${r.deferred} deferred (type 5), ${r.shed} shed (busy), ${r.failed} failed`,
  );
  log(
    `  answered: p50 ${r.completion.p50} ms, p99 ${r.completion.p99} ms, max ${r.completion.max} ms; deferred answered later than 60 s or never: ${r.deferredLate}`,
  );
  const ok = r.ackedWithin3s === r.sent && r.deferredLate === 0;
  log(
    ok
      ? '  target met: every interaction acknowledged within 3 s, every deferred one answered within 60 s'
      : '  target NOT met',
  );
}

runCli(main, 'bench:http');
