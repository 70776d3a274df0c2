/**
 * The engine built in a worker thread and moved over in slices answers exactly as one loaded in
 * place, with the same ids (from the same ledger) and the same facts.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type Engine, engineFromParts, engineParts, loadEngine } from '../../src/answer/engine.ts';
import { buildEngineInWorker } from '../../src/reload/build-in-worker.ts';
import { openEngineOptions } from '../../src/reload/portable-options.ts';
import { addChunk, batchDocuments, splitSnapshot } from '../../src/reload/worker-protocol.ts';

const QUESTIONS = [
  'How many missiles did Iran send?',
  'Who supplied drones to Russia?',
  'What are the E3 measures?',
  'What is an SRBM?',
];

let dir: string;
let inPlace: Engine;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'dossier-worker-'));
  const { options, close } = await openEngineOptions({
    corpusDir: 'corpus',
    snapshotDir: null,
    semanticsDir: null,
    idsDatabase: join(dir, 'bot.db'),
  });
  inPlace = await loadEngine(options).finally(close);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const answers = (e: Engine) =>
  QUESTIONS.map((q) => {
    const a = e.ask(q);
    return { status: a.status, passages: a.passages.map((p) => p.id) };
  });

describe('an engine built in a worker thread', () => {
  test('answers, cites and knows the same facts as one loaded in place', async () => {
    const moved = await buildEngineInWorker({
      corpusDir: 'corpus',
      snapshotDir: null,
      semanticsDir: null,
      idsDatabase: join(dir, 'bot.db'),
    });
    expect(moved.corpus.paragraphs.map((p) => p.id)).toEqual(
      inPlace.corpus.paragraphs.map((p) => p.id),
    );
    expect(answers(moved)).toEqual(answers(inPlace));
    expect(moved.facts.all().map((f) => f.id)).toEqual(inPlace.facts.all().map((f) => f.id));
    expect(moved.facts.timeline().length).toBe(inPlace.facts.timeline().length);
    expect(moved.neighbours('going-ballistic#p2').next?.id).toBe('going-ballistic#p3');
  });

  test('a corpus that cannot load rejects with the loader’s words; a stop terminates the worker', async () => {
    await expect(
      buildEngineInWorker({
        corpusDir: join(dir, 'missing'),
        snapshotDir: null,
        semanticsDir: null,
        idsDatabase: null,
      }),
    ).rejects.toThrow(/missing/u);
    const stop = new AbortController();
    const building = buildEngineInWorker(
      { corpusDir: 'corpus', snapshotDir: null, semanticsDir: null, idsDatabase: null },
      { signal: stop.signal },
    );
    stop.abort();
    await expect(building).rejects.toThrow('reload: stopped');
  });
});

describe('the slices it is moved in', () => {
  test('documents batch by paragraph count and a snapshot splits and refills exactly', async () => {
    const parts = engineParts(inPlace);
    const batches = batchDocuments(parts.corpus.documents, 5);
    expect(batches.flat()).toEqual(parts.corpus.documents);
    expect(batches.length).toBeGreaterThan(1);
    const { head, chunks } = splitSnapshot(parts.snapshot, 7);
    expect(chunks.length).toBeGreaterThan(3);
    expect(head.terms).toEqual([]);
    expect(head.index.fieldLength).toEqual([]);
    expect(head.counts).toEqual([]);
    for (const c of chunks) addChunk(head, c.field, structuredClone(c.items));
    expect(head).toEqual(parts.snapshot);
    const rebuilt = await engineFromParts({ ...structuredClone(parts), snapshot: head });
    expect(answers(rebuilt)).toEqual(answers(inPlace));
    expect(() => addChunk(head, 'terms', [42])).toThrow('reload: a terms chunk holds a non-string');
    expect(() => addChunk(head, 'index', [['term', 42]])).toThrow(
      'reload: an index chunk holds something other than a term’s postings',
    );
    expect(() => addChunk(head, 'fieldLength', ['3'])).toThrow(
      'reload: a fieldLength chunk holds a non-number',
    );
    expect(() => addChunk(head, 'counts', [['drone', '2']])).toThrow(
      'reload: a counts chunk holds something other than a term’s count',
    );
  });
});

describe('the corpus rule in a worker', () => {
  test('a reload built in a worker refuses links out of the corpus, unless told to follow them', async () => {
    const base = mkdtempSync(join(tmpdir(), 'dossier-worker-links-'));
    try {
      mkdirSync(join(base, 'corpus'));
      writeFileSync(join(base, 'corpus', 'good.md'), 'Drones were delivered in August 2022.\n');
      writeFileSync(join(base, 'secret.txt'), 'The admin password is hunter2 for the database.\n');
      symlinkSync(join(base, 'secret.txt'), join(base, 'corpus', 'passwd.txt'));
      const options = {
        corpusDir: join(base, 'corpus'),
        snapshotDir: null,
        semanticsDir: null,
        idsDatabase: null,
      };
      const confined = await buildEngineInWorker(options);
      expect(confined.corpus.documents.map((d) => d.path)).toEqual(['good.md']);
      expect(confined.problems.map((p) => `${p.path}: ${p.reason}`)).toEqual([
        `passwd.txt: symbolic link to ${join(base, 'secret.txt')}, outside the corpus folder; not loaded (CORPUS_FOLLOW_OUTSIDE=true would follow it)`,
      ]);
      const open = await buildEngineInWorker({ ...options, corpusFollowOutside: true });
      expect(open.corpus.documents.map((d) => d.path)).toEqual(['good.md', 'passwd.txt']);
    } finally {
      rmSync(base, { recursive: true, force: true });
    }
  });
});
