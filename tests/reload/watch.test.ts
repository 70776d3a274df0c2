import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterEach, beforeEach, expect, test } from 'vitest';
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
