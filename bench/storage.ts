/**
 * Storage figures for the README: the latency of each repository operation on SQLite (a WAL
 * file) and on PostgreSQL (a pool over loopback), and the daily claim across several processes
 * on one PostgreSQL: subscriptions × processes all ticking at the posting time, posts per second
 * and duplicates (must be 0).
 *
 * PostgreSQL: DATABASE_URL when set (a fresh schema is made in it), else a throwaway server from
 * PostgreSQL's binaries (as test:pg does, but durable: fsync and synchronous commit on, as SQLite
 * is durable here too, WAL with synchronous=NORMAL).
 *   npm run --silent bench:storage -- [--ops N] [--channels N] [--processes N] [--json]
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { runCli } from '../src/cli/run.ts';
import { createRepositories, type Repositories } from '../src/storage/index.ts';
import { openPostgres } from '../src/storage/postgres.ts';
import type { Database } from '../src/storage/sql.ts';
import { openSqlite } from '../src/storage/sqlite.ts';
import { startPostgres } from '../tests/support/postgres-server.ts';

const USAGE =
  'usage: npm run --silent bench:storage -- [--ops N] [--channels N] [--processes N] [--json]';
const TICKER = join(import.meta.dirname, '..', 'tests', 'daily', 'fixtures', 'tick-once.ts');

interface OpFigures {
  op: string;
  sqlite: { p50: number; p99: number };
  postgres: { p50: number; p99: number };
}

function percentile(sorted: number[], p: number): number {
  const i = Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length));
  return Math.round((sorted[i] ?? 0) * 1000) / 1000;
}

async function time(n: number, fn: (i: number) => Promise<unknown>) {
  for (let i = 0; i < Math.min(50, n); i++) await fn(-1 - i); // warm-up (statement caches, pool)
  const ms: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await fn(i);
    ms.push(performance.now() - t);
  }
  ms.sort((a, b) => a - b);
  return { p50: percentile(ms, 50), p99: percentile(ms, 99) };
}

/** Each operation a command or the scheduler performs, timed one at a time (no concurrency). */
async function operations(repos: Repositories, n: number) {
  const ref = (i: number) => ({ platform: 'discord' as const, channelId: `c${i}` });
  const day = { localDate: '2025-06-01' };
  const out: Record<string, { p50: number; p99: number }> = {};
  out['subscriptions.upsert'] = await time(n, (i) =>
    repos.subscriptions.upsert({
      ...ref(i),
      guildId: 'g',
      localTime: '09:00',
      timeZone: 'Europe/Berlin',
      createdBy: 'admin',
    }),
  );
  out['subscriptions.get'] = await time(n, (i) => repos.subscriptions.get(ref(Math.abs(i))));
  out['subscriptions.listEnabled (n rows)'] = await time(Math.min(n, 200), () =>
    repos.subscriptions.listEnabled(),
  );
  out['ledger.claim (new day)'] = await time(n, (i) =>
    repos.ledger.claim({ ...ref(i), ...day }, 'me'),
  );
  out['ledger.claim (taken)'] = await time(n, (i) =>
    repos.ledger.claim({ ...ref(Math.abs(i)), ...day }, 'other'),
  );
  out['ledger.markSent'] = await time(n, (i) =>
    repos.ledger.markSent({ ...ref(i), ...day }, `m${i}`),
  );
  out['rotation.next + record'] = await time(n, async (i) => {
    const pick = await repos.rotation.next(ref(Math.abs(i) % 50), ['a', 'b', 'c', 'd', 'e']);
    if (pick) await repos.rotation.record(ref(Math.abs(i) % 50), pick.factId, pick.cycle);
  });
  out['feedback.vote'] = await time(n, (i) =>
    repos.feedback.vote({
      platform: 'discord',
      messageId: `m${i}`,
      userId: 'u',
      question: 'What is an SRBM?',
      passageIds: ['going-ballistic#p3'],
      vote: 1,
    }),
  );
  const keys: string[] = [];
  out['recent.remember'] = await time(n, async () => {
    keys.push(
      await repos.recent.remember({
        question: 'How many missiles did Iran send?',
        passageIds: ['going-ballistic#p3'],
        userId: 'u',
        scope: { platform: 'discord', guildId: 'g', userId: 'u' },
      }),
    );
  });
  out['recent.get'] = await time(n, (i) => repos.recent.get(keys[Math.abs(i) % keys.length] ?? ''));
  out['unanswered.record'] = await time(n, (i) =>
    repos.unanswered.record({
      question: `Who is ${i % 20}?`,
      missingTerms: [`x${i % 20}`],
      scope: 'g',
    }),
  );
  out['unanswered.topGaps'] = await time(Math.min(n, 200), () => repos.unanswered.topGaps(10, 'g'));
  return out;
}

interface Ticker {
  proc: ChildProcessWithoutNullStreams;
  ready: Promise<void>;
  exit: Promise<string>;
}

function ticker(url: string, nowIso: string, outFile: string): Ticker {
  const proc = spawn(process.execPath, ['--import', 'tsx', TICKER, url, nowIso, outFile, 'normal']);
  let stdout = '';
  let stderr = '';
  proc.stderr.on('data', (c: Buffer) => {
    stderr += c.toString();
  });
  const ready = new Promise<void>((resolve, reject) => {
    proc.stdout.on('data', (c: Buffer) => {
      stdout += c.toString();
      if (stdout.includes('ready\n')) resolve();
    });
    proc.on('exit', () => reject(new Error(`ticker exited early: ${stderr}`)));
  });
  const exit = new Promise<string>((resolve, reject) =>
    proc.on('exit', (code) =>
      code === 0 ? resolve(stdout) : reject(new Error(`ticker failed (${code}): ${stderr}`)),
    ),
  );
  return { proc, ready, exit };
}

/**
 * `channels` subscriptions due now, `processes` schedulers ticking at once on one database (a
 * postgres:// URL or a SQLite file).
 */
async function dailyRace(target: string, channels: number, processes: number) {
  const db = target.startsWith('postgres')
    ? await openPostgres(target, { poolSize: 4 })
    : openSqlite(target);
  const repos = createRepositories(db, () => new Date('2025-06-01T00:00:00Z'));
  for (let i = 0; i < channels; i++)
    await repos.subscriptions.upsert({
      platform: 'discord',
      guildId: 'g',
      channelId: `race${i}`,
      localTime: '09:00',
      timeZone: 'UTC',
      createdBy: 'admin',
    });
  await db.close();
  const dir = mkdtempSync(join(tmpdir(), 'dossier-bench-'));
  try {
    const outFile = join(dir, 'sent.jsonl');
    const tickers = Array.from({ length: processes }, () =>
      ticker(target, '2025-06-01T09:00:00Z', outFile),
    );
    await Promise.all(tickers.map((t) => t.ready));
    const started = performance.now();
    for (const t of tickers) t.proc.stdin.write('go\n');
    await Promise.all(tickers.map((t) => t.exit));
    const seconds = (performance.now() - started) / 1000;
    const lines = readFileSync(outFile, 'utf8').split('\n').filter(Boolean);
    const sends = lines.map((l) => JSON.parse(l) as { channelId: string; pid: number });
    const distinct = new Set(sends.map((s) => s.channelId)).size;
    const perProcess = [...new Set(sends.map((s) => s.pid))].map(
      (pid) => sends.filter((s) => s.pid === pid).length,
    );
    return {
      channels,
      processes,
      sends: sends.length,
      duplicates: sends.length - distinct,
      missing: channels - distinct,
      seconds: Math.round(seconds * 100) / 100,
      postsPerSecond: Math.round(distinct / seconds),
      perProcess,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function freshSchema(url: string): Promise<string> {
  const schema = `bench_${randomBytes(4).toString('hex')}`;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(`CREATE SCHEMA ${schema}`);
  await client.end();
  const u = new URL(url);
  u.searchParams.set('options', `-c search_path=${schema}`);
  return u.toString();
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      ops: { type: 'string', default: '500' },
      channels: { type: 'string', default: '600' },
      processes: { type: 'string', default: '3' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const n = Number(values.ops);
  const channels = Number(values.channels);
  const processes = Number(values.processes);
  if (![n, channels, processes].every((v) => Number.isInteger(v) && v > 0)) {
    console.error(USAGE);
    return 2;
  }
  const server = process.env.DATABASE_URL ? null : await startPostgres({ durable: true });
  const baseUrl = process.env.DATABASE_URL ?? server?.url ?? '';
  const dir = mkdtempSync(join(tmpdir(), 'dossier-bench-sqlite-'));
  const opened: Database[] = [];
  try {
    const sqlite = openSqlite(join(dir, 'bench.db'));
    const postgres = await openPostgres(await freshSchema(baseUrl), { poolSize: 10 });
    opened.push(sqlite, postgres);
    const onSqlite = await operations(createRepositories(sqlite), n);
    const onPostgres = await operations(createRepositories(postgres), n);
    const ops: OpFigures[] = Object.keys(onSqlite).map((op) => ({
      op,
      sqlite: onSqlite[op] ?? { p50: 0, p99: 0 },
      postgres: onPostgres[op] ?? { p50: 0, p99: 0 },
    }));
    const race = await dailyRace(await freshSchema(baseUrl), channels, processes);
    const sqliteRace = await dailyRace(join(dir, 'race.db'), channels, processes);
    if (values.json) {
      console.log(
        JSON.stringify(
          { server: server?.version ?? 'DATABASE_URL', ops, race, sqliteRace },
          null,
          2,
        ),
      );
      return 0;
    }
    console.log(`repository operations, ${n} each, one at a time (ms, p50 / p99):`);
    console.log(`  ${'operation'.padEnd(36)} ${'SQLite'.padEnd(16)} PostgreSQL`);
    for (const o of ops)
      console.log(
        `  ${o.op.padEnd(36)} ${`${o.sqlite.p50} / ${o.sqlite.p99}`.padEnd(16)} ${o.postgres.p50} / ${o.postgres.p99}`,
      );
    for (const [name, r] of [
      ['PostgreSQL', race],
      ['one SQLite file', sqliteRace],
    ] as const)
      console.log(
        `daily claim race on ${name}: ${r.channels} channels due, ${r.processes} processes ticking at once: ` +
          `${r.sends} sends (${r.duplicates} duplicate, ${r.missing} missing) in ${r.seconds} s, ` +
          `${r.postsPerSecond} posts/s; per process ${r.perProcess.join(' + ')}`,
      );
    const clean = [race, sqliteRace].every((r) => r.duplicates === 0 && r.missing === 0);
    return clean ? 0 : 1;
  } finally {
    for (const db of opened) await db.close();
    rmSync(dir, { recursive: true, force: true });
    server?.stop();
  }
}

runCli(main, 'bench:storage');
