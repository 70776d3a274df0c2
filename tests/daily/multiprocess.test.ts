import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { nodeCommand } from '../support/scripts.ts';
import { engines, useDatabases } from '../support/storage.ts';
import { FakeClock, FakePlatform, FakeSender, makeService, tempDir } from './helpers.ts';

interface Child {
  proc: ChildProcessWithoutNullStreams;
  ready: Promise<void>;
  exit: Promise<{ code: number | null; stdout: string; stderr: string }>;
}

function spawnTicker(database: string, nowIso: string, outFile: string, mode: string): Child {
  const [command, args] = nodeCommand('tests/daily/fixtures/tick-once.ts', [
    database,
    nowIso,
    outFile,
    mode,
  ]);
  const proc = spawn(command, args, { cwd: process.cwd() });
  let stdout = '';
  let stderr = '';
  const ready = new Promise<void>((resolve, reject) => {
    proc.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (stdout.includes('ready\n')) resolve();
    });
    proc.on('exit', () => reject(new Error(`child exited before ready: ${stderr}`)));
  });
  proc.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exit = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    proc.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
  return { proc, ready, exit };
}

interface Line {
  pid: number;
  channelId: string;
  nonce: string;
}

function readLines(path: string): Line[] {
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => {
      const v: unknown = JSON.parse(l);
      if (
        typeof v === 'object' &&
        v !== null &&
        'pid' in v &&
        typeof v.pid === 'number' &&
        'channelId' in v &&
        typeof v.channelId === 'string' &&
        'nonce' in v &&
        typeof v.nonce === 'string'
      ) {
        return { pid: v.pid, channelId: v.channelId, nonce: v.nonce };
      }
      throw new Error(`bad line ${l}`);
    });
}

describe.each(engines)('separate processes on one $name database', (engine) => {
  const dbs = useDatabases(engine);

  async function setup(channels: number) {
    const { dir, cleanup } = tempDir();
    onTestFinished(cleanup);
    const outFile = join(dir, 'sent.jsonl');
    const db = await dbs.open({ file: true });
    const clock = new FakeClock('2025-06-01T09:00:00Z');
    const platform = new FakePlatform(clock);
    const sender = new FakeSender(platform);
    const service = makeService(db, clock, sender);
    for (let i = 0; i < channels; i++) {
      await service.subscriptions.upsert({
        platform: 'discord',
        guildId: 'g',
        channelId: `c${i}`,
        localTime: '09:00',
        timeZone: 'UTC',
        createdBy: 'a',
      });
    }
    return { database: dbs.target(db), outFile, clock, sender, service };
  }

  it('three processes racing post once per channel', async () => {
    const { database, outFile, clock, sender, service } = await setup(20);
    const children = [0, 1].map(() =>
      spawnTicker(database, clock.now().toISOString(), outFile, 'normal'),
    );
    await Promise.all(children.map((c) => c.ready));
    for (const c of children) c.proc.stdin.write('go\n');
    const mine = await service.tick();
    const exits = await Promise.all(children.map((c) => c.exit));
    for (const e of exits) expect(e.code, e.stderr).toBe(0);

    const sent = [
      ...readLines(outFile).map((l) => l.channelId),
      ...sender.sendCalls.map((c) => c.channelId),
    ];
    expect(sent.sort()).toEqual(Array.from({ length: 20 }, (_, i) => `c${i}`).sort());
    expect(mine.error).toBe(0);
    for (let i = 0; i < 20; i++) {
      const row = await service.ledger.get({
        platform: 'discord',
        channelId: `c${i}`,
        localDate: '2025-06-01',
      });
      expect(row?.status).toBe('sent');
    }
  });

  it('a process killed between send and mark is recovered with the same nonce', async () => {
    const { database, outFile, clock, sender, service } = await setup(1);
    const child = spawnTicker(database, clock.now().toISOString(), outFile, 'crash');
    await child.ready;
    child.proc.stdin.write('go\n');
    expect((await child.exit).code).toBe(3);
    const [line] = readLines(outFile);
    expect(line?.channelId).toBe('c0');

    // The restarted bot waits out the dead process's lease, then re-sends with its nonce, which
    // Discord (enforce_nonce) answers with the message that already went out.
    expect(await service.tick()).toMatchObject({ busy: 1 });
    clock.advance(2 * 60_000);
    expect(await service.tick()).toMatchObject({ posted: 1 });
    expect(sender.sendCalls.map((c) => c.nonce)).toEqual([line?.nonce]);
    const row = await service.ledger.get({
      platform: 'discord',
      channelId: 'c0',
      localDate: '2025-06-01',
    });
    expect(row).toMatchObject({ status: 'sent', nonce: line?.nonce, attempts: 2 });
  });
});
