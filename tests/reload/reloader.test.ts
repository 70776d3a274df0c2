/**
 * Reloads on a small corpus in a temporary folder: a good edit is swapped in whole; a broken one
 * keeps the engine being served and names the file and line, in the result and in the log.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { type Engine, loadEngine } from '../../src/answer/engine.ts';
import { LiveEngine } from '../../src/reload/live-engine.ts';
import { Reloader, type ReloadMetrics } from '../../src/reload/reloader.ts';
import { captureLogger } from '../adapters/discord/helpers.ts';

let dir: string;
const doc = (title: string, body: string) => `---\ntitle: ${title}\n---\n${body}\n`;
const write = (name: string, text: string) => writeFileSync(join(dir, name), text);
/** A quote opened on line 2 and never closed: the error is reported at line 2. */
const BROKEN = '---\ntitle: "unclosed\nauthor: x\n---\nBody text here.\n';

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'dossier-reload-'));
  write('rockets.md', doc('Rockets', 'The rocket programme began in 1985 at the northern base.'));
  write('ships.md', doc('Ships', 'Three frigates patrol the strait every winter.'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function setup(build?: () => Promise<Engine>) {
  const { logger, records } = captureLogger();
  const live = new LiveEngine(await loadEngine({ corpusDir: dir, snapshotDir: null }));
  const counted: { result: string; paragraphs: number }[] = [];
  const metrics: ReloadMetrics = {
    reloaded: (result, _seconds, paragraphs) => counted.push({ result, paragraphs }),
  };
  let builds = 0;
  const reloader = new Reloader({
    live,
    logger,
    metrics,
    build:
      build ??
      (() => {
        builds++;
        return loadEngine({ corpusDir: dir, snapshotDir: null });
      }),
  });
  return { live, reloader, records, counted, builds: () => builds };
}

describe('Reloader', () => {
  test('an edit is swapped in whole, and counted', async () => {
    const { live, reloader, counted } = await setup();
    const old = live.current();
    write('subs.md', doc('Submarines', 'Two submarines were launched in 2019.'));
    const result = await reloader.reload('test');
    expect(result).toMatchObject({ ok: true, documents: 3, paragraphs: 3, knownProblems: [] });
    expect(live.current()).not.toBe(old);
    expect(live.generation).toBe(2);
    expect(live.current().ask('When were the submarines launched?').passages[0]?.id).toBe(
      'subs#p1',
    );
    // the old engine is untouched: a reply that started on it finishes on it
    expect(old.corpus.documents).toHaveLength(2);
    expect(counted).toEqual([{ result: 'ok', paragraphs: 3 }]);
  });

  test('a document broken by an edit fails the reload: the old engine keeps serving, file and line are named', async () => {
    const { live, reloader, records, counted } = await setup();
    const old = live.current();
    write('ships.md', BROKEN);
    const result = await reloader.reload('test');
    expect(result).toEqual({
      ok: false,
      problems: ['ships.md:2: bad YAML in front matter: MISSING_CHAR (missing closing "quote)'],
      ms: expect.any(Number),
    });
    expect(live.current()).toBe(old);
    expect(live.generation).toBe(1);
    expect(live.current().ask('How many frigates patrol the strait?').passages[0]?.id).toBe(
      'ships#p1',
    );
    const logged = records.find((r) => r.msg.startsWith('corpus reload failed'));
    expect(logged).toMatchObject({
      level: 50,
      problems: ['ships.md:2: bad YAML in front matter: MISSING_CHAR (missing closing "quote)'],
    });
    expect(counted).toEqual([{ result: 'failed', paragraphs: 2 }]);
  });

  test('a file that was already broken at start does not block later reloads', async () => {
    write('broken.md', BROKEN);
    const { reloader } = await setup();
    write('subs.md', doc('Submarines', 'Two submarines were launched in 2019.'));
    const result = await reloader.reload('test');
    expect(result).toMatchObject({
      ok: true,
      documents: 3,
      knownProblems: [
        'broken.md:2: bad YAML in front matter: MISSING_CHAR (missing closing "quote)',
      ],
    });
  });

  test('a corpus folder gone or emptied keeps the documents being served', async () => {
    const { live, reloader } = await setup();
    const old = live.current();
    rmSync(join(dir, 'rockets.md'));
    rmSync(join(dir, 'ships.md'));
    const emptied = await reloader.reload('test');
    expect(emptied).toMatchObject({ ok: false, problems: [`${dir}: no documents left to load`] });
    rmSync(dir, { recursive: true, force: true });
    const gone = await reloader.reload('test');
    expect(gone.ok).toBe(false);
    expect(live.current()).toBe(old);
  });

  test('requests made during a reload share the next one, which sees their edits', async () => {
    let release: () => void = () => {};
    let builds = 0;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const { reloader, live } = await setup(async () => {
      builds++;
      if (builds === 1) await gate;
      return loadEngine({ corpusDir: dir, snapshotDir: null });
    });
    const first = reloader.reload('test');
    write('subs.md', doc('Submarines', 'Two submarines were launched in 2019.'));
    const second = reloader.reload('test');
    const third = reloader.reload('test');
    expect(second).toBe(third);
    release();
    await first;
    expect(await second).toMatchObject({ ok: true, documents: 3 });
    expect(builds).toBe(2);
    expect(live.generation).toBe(3);
  });

  test('closing abandons a build in progress and refuses later requests', async () => {
    const { reloader, live } = await setup(
      (signal?: AbortSignal) =>
        new Promise<Engine>((_, reject) => {
          signal?.addEventListener('abort', () => reject(new Error('reload: stopped')));
        }),
    );
    const pending = reloader.reload('test');
    await reloader.close();
    expect(await pending).toMatchObject({ ok: false, problems: ['reload: stopped'] });
    expect(await reloader.reload('test')).toMatchObject({
      ok: false,
      problems: ['the bot is stopping'],
    });
    expect(live.generation).toBe(1);
  });
});
