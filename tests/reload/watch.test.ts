import { mkdirSync, mkdtempSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { type CorpusWatcher, watchCorpus } from '../../src/reload/watch.ts';
import { sleep, until } from '../adapters/discord/helpers.ts';

let dir: string;
let watcher: CorpusWatcher | undefined;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'dossier-watch-'));
  writeFileSync(join(dir, 'a.md'), 'First.\n');
});
afterEach(async () => {
  await watcher?.close();
  rmSync(dir, { recursive: true, force: true });
});

test('a burst of edits becomes one change; hidden and unrelated files are ignored', async () => {
  const changes: string[][] = [];
  watcher = watchCorpus(dir, {
    logger: pino({ level: 'silent' }),
    debounceMs: 250,
    onChange: (paths) => changes.push(paths),
  });
  await watcher.ready;
  writeFileSync(join(dir, '.a.md.swp'), 'editor swap file');
  writeFileSync(join(dir, 'notes.log'), 'not a document');
  await sleep(400);
  expect(changes).toEqual([]);

  for (let i = 0; i < 5; i++) {
    writeFileSync(join(dir, 'a.md'), `Edit ${i}.\n`);
    await sleep(20);
  }
  mkdirSync(join(dir, 'sub'));
  writeFileSync(join(dir, 'sub', 'b.md'), 'In a new folder.\n');
  writeFileSync(join(dir, 'aliases.yaml'), 'groups: []\n');
  const seen = () => changes.flat();
  await until(
    () => ['a.md', 'b.md', 'aliases.yaml'].every((f) => seen().some((p) => p.endsWith(f))),
    5000,
    'every edited file reported',
  );
  await sleep(400);
  // seven file events; a new folder is scanned a moment later, so at most two reloads
  expect(changes.length).toBeLessThanOrEqual(2);
  expect(changes[0]?.filter((p) => p.endsWith('a.md')).length).toBeGreaterThan(1);

  const before = changes.length;
  await watcher.close();
  writeFileSync(join(dir, 'a.md'), 'After close.\n');
  await sleep(400);
  expect(changes).toHaveLength(before);
});

describe('the corpus rule', () => {
  test('a link out of the corpus folder is not watched; a change inside still is', async () => {
    const out = mkdtempSync(join(tmpdir(), 'dossier-watch-out-'));
    try {
      mkdirSync(join(out, 'folder'));
      writeFileSync(join(out, 'folder', 'x.md'), 'Outside.\n');
      symlinkSync(join(out, 'folder'), join(dir, 'leaky'));
      mkdirSync(join(dir, 'real'));
      writeFileSync(join(dir, 'real', 'b.md'), 'Inside.\n');
      const changes: string[][] = [];
      watcher = watchCorpus(dir, {
        logger: pino({ level: 'silent' }),
        debounceMs: 20,
        onChange: (paths) => changes.push(paths),
      });
      await watcher.ready;
      const watched = watcher.watchedPaths();
      expect(watched).toContain(join(dir, 'real'));
      expect(watched.filter((p) => p.includes('leaky') || p.startsWith(out))).toEqual([]);
      writeFileSync(join(out, 'folder', 'new.md'), 'Outside, new.\n');
      writeFileSync(join(dir, 'real', 'marker.md'), 'Inside, new.\n');
      await until(() => changes.flat().some((p) => p.endsWith('marker.md')), 5000, 'the marker');
      expect(changes.flat().filter((p) => p.includes('leaky') || p.startsWith(out))).toEqual([]);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});

describe('the folder itself', () => {
  const since = new Date('2025-03-01T10:00:00Z');
  const start = (changes: string[][], target = dir) =>
    watchCorpus(target, {
      logger: pino({ level: 'silent' }),
      debounceMs: 20,
      checkEveryMs: 20,
      now: () => since,
      onChange: (paths) => changes.push(paths),
    });

  test('deleted: says so while it is gone; restored: watched again, and a reload is asked for', async () => {
    const changes: string[][] = [];
    watcher = start(changes);
    await watcher.ready;
    expect(watcher.status()).toEqual({ state: 'watching' });
    rmSync(dir, { recursive: true, force: true });
    await until(() => watcher?.status().state === 'missing', 5000, 'missing');
    expect(watcher.status()).toEqual({ state: 'missing', since, reason: 'does not exist' });
    const before = changes.length;
    mkdirSync(dir);
    writeFileSync(join(dir, 'b.md'), 'Restored.\n');
    await until(() => watcher?.status().state === 'watching', 5000, 'watching again');
    await until(() => changes.slice(before).flat().includes(dir), 5000, 'a reload asked for');
    await watcher.ready;
    writeFileSync(join(dir, 'c.md'), 'Written after the restore.\n');
    await until(() => changes.flat().some((p) => p.endsWith('c.md')), 5000, 'a later edit');
  });

  test('a symbolic link swapped to another folder (a deploy): the new folder is watched', async () => {
    const v2 = mkdtempSync(join(tmpdir(), 'dossier-watch-v2-'));
    const link = `${dir}-link`;
    try {
      symlinkSync(dir, link);
      const changes: string[][] = [];
      watcher = start(changes, link);
      await watcher.ready;
      symlinkSync(v2, `${link}.next`);
      renameSync(`${link}.next`, link);
      await until(() => changes.flat().includes(link), 5000, 'a reload asked for');
      await watcher.ready;
      writeFileSync(join(v2, 'new.md'), 'In the new release.\n');
      await until(() => changes.flat().some((p) => p.endsWith('new.md')), 5000, 'an edit there');
      expect(watcher.status()).toEqual({ state: 'watching' });
    } finally {
      rmSync(link, { force: true });
      rmSync(v2, { recursive: true, force: true });
    }
  });
});
