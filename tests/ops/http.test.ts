/**
 * /healthz and /metrics scraped from the running bot (launchBot against the fake Discord, HTTP
 * on a free port), the metrics parsed as Prometheus's text format.
 */
import { rmSync } from 'node:fs';
import parsePrometheus from 'parse-prometheus-text-format';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { z } from 'zod';
import type { RunningBot } from '../../src/bot.ts';
import { healthReport } from '../../src/ops/health.ts';
import { corpusCopy, launchTestBot } from '../support/bot.ts';
import { type FakeDiscord, startFakeDiscord, stringOption } from '../support/fake-discord/index.ts';

const families = z.array(
  z.object({
    name: z.string(),
    type: z.string(),
    metrics: z.array(
      z.object({
        value: z.string().optional(),
        labels: z.record(z.string(), z.string()).optional(),
        buckets: z.record(z.string(), z.string()).optional(),
      }),
    ),
  }),
);
type Families = z.infer<typeof families>;

let fake: FakeDiscord;
let dir: string;
let bot: RunningBot;
let base: string;

beforeAll(async () => {
  fake = await startFakeDiscord();
  dir = corpusCopy('dossier-ops-');
  bot = await launchTestBot(fake, dir, { HTTP_PORT: '0' });
  base = `http://127.0.0.1:${bot.httpPort}`;
});

afterAll(async () => {
  await bot?.stop();
  await fake?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function scrape(): Promise<Families> {
  const res = await fetch(`${base}/metrics`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toContain('text/plain');
  return families.parse(parsePrometheus(await res.text()));
}

const family = (all: Families, name: string) => {
  const found = all.find((f) => f.name === name);
  if (!found) throw new Error(`no metric ${name} in ${all.map((f) => f.name).join(', ')}`);
  return found;
};
const sample = (all: Families, name: string, labels: Record<string, string> = {}) =>
  family(all, name).metrics.find((m) =>
    Object.entries(labels).every(([k, v]) => m.labels?.[k] === v),
  );

describe('the bot over HTTP', () => {
  test('/healthz: ready, with the index, the database and each platform', async () => {
    const res = await fetch(`${base}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      status: 'ok',
      reasons: [],
      index: { documents: 2, paragraphs: 23, loadedAt: expect.any(String), generation: 1 },
      database: 'ok',
      databaseEngine: 'sqlite',
      platforms: { discord: { status: 'connected', since: expect.any(String) } },
    });
  });

  test('/metrics: questions, answer time, index size, reloads and the process, in Prometheus text format', async () => {
    const p = fake.sendChatInput('ask', [stringOption('question', 'What is an SRBM?')]);
    await fake.waitForRequest((r) => r.params.id === p.id, 5000);
    expect(await bot.reloader?.reload('test')).toMatchObject({ ok: true });
    const all = await scrape();
    expect(family(all, 'dossier_questions_total').type).toBe('COUNTER');
    expect(
      sample(all, 'dossier_questions_total', { platform: 'discord', outcome: 'answered' })?.value,
    ).toBe('1');
    expect(
      sample(all, 'dossier_interactions_total', { kind: 'command', outcome: 'answered' })?.value,
    ).toBe('1');
    const answer = family(all, 'dossier_answer_seconds');
    expect(answer.type).toBe('HISTOGRAM');
    // every observation falls in the +Inf bucket (this parser keeps buckets, not _count, per label set)
    expect(answer.metrics[0]?.buckets?.['+Inf']).toBe('1');
    expect(sample(all, 'dossier_index_paragraphs')?.value).toBe('23');
    expect(sample(all, 'dossier_reloads_total', { result: 'ok' })?.value).toBe('1');
    expect(sample(all, 'dossier_reloads_total', { result: 'failed' })?.value).toBe('0');
    expect(family(all, 'dossier_daily_posts_total').type).toBe('COUNTER');
    expect(sample(all, 'dossier_errors_total', { source: 'unhandled_rejection' })?.value).toBe('0');
    expect(Number(sample(all, 'process_cpu_user_seconds_total')?.value)).toBeGreaterThan(0);
    expect(Number(sample(all, 'nodejs_heap_size_used_bytes')?.value)).toBeGreaterThan(0);
    const health = (await (await fetch(`${base}/healthz`)).json()) as {
      index: { generation: number };
    };
    expect(health.index.generation).toBe(2);
  });

  test('/healthz is 503 while stopping', async () => {
    bot.lifecycle.state = 'stopping';
    try {
      const res = await fetch(`${base}/healthz`);
      expect(res.status).toBe(503);
      expect(await res.json()).toMatchObject({ status: 'stopping', reasons: ['stopping'] });
    } finally {
      bot.lifecycle.state = 'running';
    }
  });
});

describe('health rules', () => {
  const now = new Date('2024-03-05T12:00:00Z');
  const at = (secondsAgo: number) => new Date(now.getTime() - secondsAgo * 1000);
  const sources = (over: Partial<Parameters<typeof healthReport>[0]> = {}) =>
    healthReport({
      state: () => 'running',
      index: () => ({ documents: 1, paragraphs: 5, loadedAt: at(60), generation: 1 }),
      database: () => true,
      platforms: () => ({ discord: { status: 'connected', since: at(60) } }),
      now: () => now,
      ...over,
    });

  test('a resume in progress is still ready; one that lasts, a lost platform or database is not', async () => {
    expect((await sources()).ready).toBe(true);
    const resuming = { discord: { status: 'reconnecting' as const, since: at(5) } };
    expect((await sources({ platforms: () => resuming })).ready).toBe(true);
    const stuck = { discord: { status: 'reconnecting' as const, since: at(45) } };
    expect((await sources({ platforms: () => stuck })).report).toMatchObject({
      status: 'unhealthy',
      reasons: ['discord has been reconnecting for over 30 s'],
    });
    const gone = {
      discord: {
        status: 'disconnected' as const,
        since: at(1),
        detail: 'gateway closed with 4004',
      },
    };
    expect((await sources({ platforms: () => gone })).report.reasons).toEqual([
      'discord is disconnected',
    ]);
    const dbDown = () => {
      throw new Error('The database connection is not open');
    };
    expect((await sources({ database: dbDown })).report).toMatchObject({
      status: 'unhealthy',
      database: 'down',
      reasons: ['the database does not answer'],
    });
    // A server that takes the connection but never answers must not hang the probe.
    const hung = () => new Promise<boolean>(() => {});
    expect((await sources({ database: hung, databaseTimeoutMs: 50 })).report.database).toBe('down');
    const refused = () => Promise.reject(new Error('Connection terminated unexpectedly'));
    expect((await sources({ database: refused })).report.database).toBe('down');
    expect((await sources({ state: () => 'starting' })).ready).toBe(false);
  });
});

describe('closing the operator endpoints', () => {
  const token = 'scrape-secret-0123456789';
  let closed: RunningBot;
  let closedDir: string;
  let origin: string;
  beforeAll(async () => {
    closedDir = corpusCopy('dossier-ops-closed-');
    // 127.0.0.2 is loopback too, but not the address 127.0.0.1 listens on
    closed = await launchTestBot(fake, closedDir, {
      HTTP_PORT: '0',
      HTTP_HOST: '127.0.0.2',
      METRICS_TOKEN: token,
    });
    origin = `http://127.0.0.2:${closed.httpPort}`;
  });
  afterAll(async () => {
    await closed?.stop();
    rmSync(closedDir, { recursive: true, force: true });
  });

  test('HTTP_HOST: the server listens on that address only', async () => {
    expect((await fetch(`${origin}/healthz`)).status).toBe(200);
    await expect(fetch(`http://127.0.0.1:${closed.httpPort}/healthz`)).rejects.toThrow();
  });

  test('METRICS_TOKEN: /metrics wants it as a Bearer token; /healthz without it says only its status', async () => {
    const none = await fetch(`${origin}/metrics`);
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toBe('Bearer');
    const wrong = await fetch(`${origin}/metrics`, {
      headers: { authorization: `Bearer ${token.replace(/.$/u, 'x')}` },
    });
    expect(wrong.status).toBe(401);
    const right = await fetch(`${origin}/metrics`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(right.status).toBe(200);
    expect(await right.text()).toContain('dossier_interactions_total');
    const brief = await fetch(`${origin}/healthz`);
    expect(brief.status).toBe(200);
    expect(await brief.json()).toEqual({ status: 'ok' });
    const full = await fetch(`${origin}/healthz`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(await full.json()).toMatchObject({ status: 'ok', database: 'ok' });
  });
});
