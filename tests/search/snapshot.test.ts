import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ask } from '../../src/answer/ask.ts';
import { learnAcronyms } from '../../src/corpus/acronyms.ts';
import { type LoadedCorpus, loadCorpus } from '../../src/corpus/load.ts';
import { type AliasGroup, acronymGroups, loadAliases } from '../../src/search/aliases.ts';
import { type Entry, SearchIndex } from '../../src/search/index.ts';
import {
  loadOrBuildIndex,
  serializeSnapshot,
  snapshotKey,
  verifySnapshot,
} from '../../src/search/snapshot.ts';

const QUESTIONS = [
  'What is an SRBM?',
  'When did Iran send drones to Russia?',
  'What does UAS stand for?',
  'Who leads Iran?',
  'Which weapons did Belarus give Russia?',
];

describe('index snapshots', () => {
  let corpus: LoadedCorpus;
  let groups: AliasGroup[];
  let key: string;
  let dir: string;

  beforeAll(async () => {
    corpus = await loadCorpus('corpus');
    groups = [
      ...(await loadAliases('corpus')).groups,
      ...acronymGroups(learnAcronyms(corpus.paragraphs)),
    ];
    key = snapshotKey(corpus.fingerprint, groups);
  });
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'dossier-snap-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('builds and saves index-<key>.json, then loads it with identical answers', async () => {
    const first = await loadOrBuildIndex(corpus.documents, groups, key, dir);
    expect(first.source).toBe('built');
    expect(await readdir(dir)).toEqual([`index-${key}.json`]);
    const second = await loadOrBuildIndex(corpus.documents, groups, key, dir);
    expect(second.source).toBe('snapshot');
    expect(second.index.size).toBe(first.index.size);
    for (const q of QUESTIONS) {
      expect(ask(second.index, q), q).toEqual(ask(first.index, q));
    }
  });

  it('loads an index whose candidates are the built one’s, scores bit for bit (fast-check)', async () => {
    const built = SearchIndex.build(corpus.documents, groups);
    const snapshot = built.toSnapshot(key);
    const checked = verifySnapshot(serializeSnapshot(snapshot), {
      key,
      paragraphs: corpus.paragraphs.length,
    });
    if (!('snapshot' in checked)) throw new Error(checked.reason);
    const loaded = SearchIndex.fromSnapshot(checked.snapshot, corpus.documents, groups);
    const loadedAsync = await SearchIndex.fromSnapshotAsync(
      checked.snapshot,
      corpus.documents,
      groups,
    );
    const terms = snapshot.index.index.map(([term]) => term);
    expect(terms.length).toBeGreaterThan(100);
    const slugs = corpus.documents.map((d) => d.slug);
    const boost = fc.double({ min: 0, max: 2, noNaN: true });
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.constantFrom(...terms, 'nosuchterm'),
            fc.double({ min: 0.05, max: 3, noNaN: true }),
          ),
          {
            minLength: 1,
            maxLength: 8,
          },
        ),
        fc.integer({ min: 1, max: 60 }),
        fc.record({ text: boost, section: boost, title: boost }),
        fc.option(fc.constantFrom(...slugs)),
        (pairs, limit, fields, slug) => {
          const weighted = new Map(pairs);
          const filter = slug === null ? undefined : (e: Entry) => e.document.slug === slug;
          const want = built.candidates(weighted, limit, filter, fields);
          expect(loaded.candidates(weighted, limit, filter, fields)).toEqual(want);
          expect(loadedAsync.candidates(weighted, limit, filter, fields)).toEqual(want);
        },
      ),
      { numRuns: 300 },
    );
    // and a loaded index snapshots to the same thing
    expect(loaded.toSnapshot(key)).toEqual(snapshot);
  });

  it('keys on the corpus fingerprint and the alias groups', () => {
    expect(key).toMatch(/^[0-9a-f]{24}$/u);
    expect(snapshotKey(corpus.fingerprint, groups)).toBe(key);
    expect(snapshotKey(`${corpus.fingerprint}x`, groups)).not.toBe(key);
    expect(snapshotKey(corpus.fingerprint, [...groups, [['a'], ['b']]])).not.toBe(key);
  });

  it('rebuilds when the key changes, leaving the old snapshot alone', async () => {
    await loadOrBuildIndex(corpus.documents, groups, key, dir);
    const otherGroups = groups.slice(1);
    const otherKey = snapshotKey(corpus.fingerprint, otherGroups);
    const again = await loadOrBuildIndex(corpus.documents, otherGroups, otherKey, dir);
    expect(again.source).toBe('built');
    expect((await readdir(dir)).sort()).toEqual(
      [`index-${key}.json`, `index-${otherKey}.json`].sort(),
    );
  });

  it('ignores and replaces a corrupt snapshot', async () => {
    const file = join(dir, `index-${key}.json`);
    for (const corrupt of ['{ not json', '{"key":"x"}', JSON.stringify({ format: 1 })]) {
      await writeFile(file, corrupt);
      const load = await loadOrBuildIndex(corpus.documents, groups, key, dir);
      expect(load.source).toBe('built');
      // the header line (checksum and counts) names the key too
      const [header] = (await readFile(file, 'utf8')).split('\n', 1);
      expect(JSON.parse(header ?? '').key).toBe(key);
      expect((await loadOrBuildIndex(corpus.documents, groups, key, dir)).source).toBe('snapshot');
    }
  });

  it('rebuilds when a snapshot under the right key does not match the documents', async () => {
    await loadOrBuildIndex(corpus.documents, groups, key, dir);
    const fewer = corpus.documents.slice(0, 1);
    const load = await loadOrBuildIndex(fewer, groups, key, dir);
    expect(load.source).toBe('built');
    expect(load.index.size).toBe(fewer[0]?.paragraphs.length);
    expect(() =>
      SearchIndex.fromSnapshot(
        { ...SearchIndex.build(corpus.documents, groups).toSnapshot(key) },
        fewer,
        groups,
      ),
    ).toThrow('search: snapshot does not match the corpus');
  });

  it('serves without saving when the directory cannot be written, or when disabled', async () => {
    const blocked = join(dir, 'a-file');
    await writeFile(blocked, 'not a directory');
    const load = await loadOrBuildIndex(corpus.documents, groups, key, join(blocked, 'sub'));
    expect(load.source).toBe('built');
    expect(ask(load.index, 'What is an SRBM?').status).toBe('answered');
    const off = await loadOrBuildIndex(corpus.documents, groups, key, null);
    expect(off.source).toBe('built');
  });
});
