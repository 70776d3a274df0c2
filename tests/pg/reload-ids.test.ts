/**
 * A reload built in a worker thread keeps paragraph ids in the PostgreSQL ledger every instance
 * shares: the worker opens its own connection, so an instance that reloads after an edit and
 * another that starts afterwards give every paragraph the same id, and the new paragraph the next
 * number.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadEngine } from '../../src/answer/engine.ts';
import { buildEngineInWorker } from '../../src/reload/build-in-worker.ts';
import {
  openEngineOptions,
  type PortableEngineOptions,
} from '../../src/reload/portable-options.ts';
import { freshPostgresUrl, postgresUrl } from '../support/storage.ts';

const FIRST_BODY = 'European and US governments announced this week';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'dossier-pg-reload-'));
  cpSync('corpus', join(dir, 'corpus'), { recursive: true });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.skipIf(!postgresUrl)('paragraph ids on PostgreSQL across a reload in a worker', () => {
  test('unchanged paragraphs keep their ids; every instance agrees', async () => {
    const portable: PortableEngineOptions = {
      corpusDir: join(dir, 'corpus'),
      snapshotDir: null,
      semanticsDir: null,
      idsDatabase: await freshPostgresUrl(),
    };
    const start = async () => {
      const { options, close } = await openEngineOptions(portable);
      return loadEngine(options).finally(close);
    };
    const before = await start();
    const file = join(dir, 'corpus', 'going-ballistic.txt');
    writeFileSync(
      file,
      readFileSync(file, 'utf8').replace(FIRST_BODY, `Added by an editor.\n\n${FIRST_BODY}`),
    );
    const reloaded = await buildEngineInWorker(portable);
    const count = before.corpus.documents.find((d) => d.slug === 'going-ballistic')?.paragraphs
      .length;
    for (const p of before.corpus.paragraphs)
      expect(reloaded.corpus.byId.get(p.id)?.text).toBe(p.text);
    const added = reloaded.corpus.paragraphs.find((p) => p.text === 'Added by an editor.');
    expect(added?.id).toBe(`going-ballistic#p${(count ?? 0) + 1}`);
    // Another instance starting now reads the ids the reload recorded.
    const other = await start();
    expect(other.corpus.paragraphs.map((p) => p.id)).toEqual(
      reloaded.corpus.paragraphs.map((p) => p.id),
    );
  }, 60_000);
});
