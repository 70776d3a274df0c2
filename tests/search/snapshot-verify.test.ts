/** A snapshot is used only when its content checks out; anything else is logged and rebuilt. */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import pino, { type Logger } from 'pino';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ask } from '../../src/answer/ask.ts';
import { learnAcronyms } from '../../src/corpus/acronyms.ts';
import { type LoadedCorpus, loadCorpus } from '../../src/corpus/load.ts';
import { type AliasGroup, acronymGroups, loadAliases } from '../../src/search/aliases.ts';
import { SearchIndex, type Snapshot } from '../../src/search/index.ts';
import {
  loadOrBuildIndex,
  serializeSnapshot,
  snapshotKey,
  verifySnapshot,
} from '../../src/search/snapshot.ts';

function captureLogger(): { logger: Logger; records: Record<string, unknown>[] } {
  const records: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString().split('\n'))
        if (line.trim() !== '') records.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { logger: pino({ level: 'debug' }, stream), records };
}

describe('snapshot verification', () => {
  let corpus: LoadedCorpus;
  let groups: AliasGroup[];
  let key: string;
  let good: Snapshot;
  let dir: string;
  let file: string;

  beforeAll(async () => {
    corpus = await loadCorpus('corpus');
    groups = [
      ...(await loadAliases('corpus')).groups,
      ...acronymGroups(learnAcronyms(corpus.paragraphs)),
    ];
    key = snapshotKey(corpus.fingerprint, groups);
    good = SearchIndex.build(corpus.documents, groups).toSnapshot(key);
  });
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'dossier-verify-'));
    file = join(dir, `index-${key}.json`);
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  /** Loads with the snapshot in `file`, expecting a rebuild that still answers, and its log line. */
  async function expectRebuilt(reason: string | RegExp) {
    const { logger, records } = captureLogger();
    const load = await loadOrBuildIndex(corpus.documents, groups, key, dir, { logger });
    expect(load.source).toBe('built');
    expect(ask(load.index, 'What is an SRBM?').status).toBe('answered');
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ level: 40, msg: 'index snapshot rejected; rebuilding' });
    expect(records[0]?.reason).toMatch(reason);
    // and the rebuilt snapshot replaced it
    expect((await loadOrBuildIndex(corpus.documents, groups, key, dir, { logger })).source).toBe(
      'snapshot',
    );
    expect(records).toHaveLength(1);
  }

  // Right shape, wrong content: as a buggy writer or a hand edit would leave it.
  const emptyIndex = (): Snapshot => ({
    ...SearchIndex.build([], groups).toSnapshot(key),
    terms: good.terms,
  });
  const blankTerms = (): Snapshot => ({ ...good, terms: good.terms.map(() => '') });

  it('rejects an edited snapshot by its checksum', async () => {
    const text = serializeSnapshot(good);
    await writeFile(file, text.replace('"missil', '"missal'));
    await expectRebuilt('its checksum does not match its content');
  });

  it('rejects one cut short', async () => {
    const text = serializeSnapshot(good);
    await writeFile(file, text.slice(0, text.length - 100));
    await expectRebuilt('its checksum does not match its content');
  });

  it('rejects a consistent snapshot with an empty index', async () => {
    await writeFile(file, serializeSnapshot(emptyIndex()));
    await expectRebuilt(`its index holds 0 paragraphs, not ${corpus.paragraphs.length}`);
  });

  it('rejects a consistent snapshot whose sentence terms are blank', async () => {
    await writeFile(file, serializeSnapshot(blankTerms()));
    await expectRebuilt('its sentence terms are blank');
  });

  it('rejects a consistent snapshot whose field lengths are not one per paragraph and field', async () => {
    await writeFile(
      file,
      serializeSnapshot({
        ...good,
        index: { ...good.index, fieldLength: good.index.fieldLength.slice(3) },
      }),
    );
    await expectRebuilt(/^it does not load: .*field lengths for another number of paragraphs/u);
  });

  it('rejects a snapshot written without a checksum (an older build)', async () => {
    await writeFile(file, JSON.stringify(good));
    await expectRebuilt('it has no checksum header');
  });

  it('rejects a snapshot counting a term in more paragraphs than it has, or counts of another shape', () => {
    const paragraphs = corpus.paragraphs.length;
    const over: Snapshot = { ...good, counts: [...good.counts, ['drone', paragraphs + 1]] };
    expect(verifySnapshot(serializeSnapshot(over), { key, paragraphs })).toEqual({
      reason: `it counts a term in more than its ${paragraphs} paragraphs`,
    });
    const text = serializeSnapshot({ ...good, counts: [['drone', 0]] });
    expect(verifySnapshot(text, { key, paragraphs })).toEqual({
      reason: 'it is not an index snapshot',
    });
  });

  it('rejects a snapshot for a different number of paragraphs before parsing it', () => {
    const text = serializeSnapshot(good);
    expect(verifySnapshot(text, { key, paragraphs: corpus.paragraphs.length + 1 })).toEqual({
      reason: `it holds ${corpus.paragraphs.length} paragraphs, the corpus has ${corpus.paragraphs.length + 1}`,
    });
    expect(verifySnapshot(text, { key: 'other', paragraphs: corpus.paragraphs.length })).toEqual({
      reason: 'it was made for another corpus or index version',
    });
    expect(verifySnapshot(text, { key, paragraphs: corpus.paragraphs.length })).toEqual({
      snapshot: good,
    });
  });

  it('loads a good snapshot without a word', async () => {
    await writeFile(file, serializeSnapshot(good));
    const { logger, records } = captureLogger();
    const load = await loadOrBuildIndex(corpus.documents, groups, key, dir, { logger });
    expect(load.source).toBe('snapshot');
    expect(records).toEqual([]);
    expect(await readFile(file, 'utf8')).toBe(serializeSnapshot(good));
  });
});
