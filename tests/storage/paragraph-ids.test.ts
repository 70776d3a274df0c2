/**
 * The id ledger in SQLite and in PostgreSQL, through loadEngine on a copy of the seed corpus: ids survive a
 * restart and an edit above them, facts keep their ids (so the daily rotation and votes stay
 * valid), and a removed paragraph's id is never given to another text.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { type Engine, loadEngine } from '../../src/answer/engine.ts';
import { ParagraphIdLedger } from '../../src/storage/paragraph-ids.ts';
import type { Database } from '../../src/storage/sql.ts';
import { engines, useDatabases } from '../support/storage.ts';

let dir: string;
let corpusDir: string;
const GB = 'going-ballistic.txt';
/** The first body paragraph of going-ballistic.txt, as a line to edit around. */
const FIRST_BODY = 'European and US governments announced this week';

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'dossier-ids-'));
  corpusDir = join(dir, 'corpus');
  cpSync('corpus', corpusDir, { recursive: true });
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function edit(change: (text: string) => string): void {
  const file = join(corpusDir, GB);
  writeFileSync(file, change(readFileSync(file, 'utf8')));
}

const textOf = (e: Engine, id: string) => e.corpus.byId.get(id)?.text;

describe.each(engines)('paragraph id ledger on $name', (storage) => {
  const dbs = useDatabases(storage);
  let home: Database;
  beforeEach(async () => {
    home = await dbs.open({ file: true });
  });

  /** Loads the engine as the bot does at a start: a fresh connection, closed afterwards. */
  async function start(): Promise<Engine> {
    const db = await dbs.reopen(home);
    try {
      return await loadEngine({ corpusDir, snapshotDir: null, ids: new ParagraphIdLedger(db) });
    } finally {
      await db.close();
    }
  }

  test('a first start numbers by position, exactly as without a ledger', async () => {
    const plain = await loadEngine({ corpusDir, snapshotDir: null });
    const ledgered = await start();
    expect(ledgered.corpus.paragraphs.map((p) => p.id)).toEqual(
      plain.corpus.paragraphs.map((p) => p.id),
    );
  });

  test('after a restart and a paragraph inserted above, cited ids and fact ids still name the same text', async () => {
    const before = await start();
    const p3 = textOf(before, 'going-ballistic#p3');
    const facts3 = before.facts.byParagraph('going-ballistic#p3').map((f) => f.id);
    const count = before.corpus.documents.find((d) => d.slug === 'going-ballistic')?.paragraphs
      .length;
    expect(p3).toBeDefined();
    edit((t) => t.replace(FIRST_BODY, `A paragraph added by an editor.\n\n${FIRST_BODY}`));

    const after = await start();
    expect(textOf(after, 'going-ballistic#p3')).toBe(p3);
    expect(after.facts.byParagraph('going-ballistic#p3').map((f) => f.id)).toEqual(facts3);
    const added = after.corpus.paragraphs.find((p) => p.text === 'A paragraph added by an editor.');
    expect(added?.id).toBe(`going-ballistic#p${(count ?? 0) + 1}`);
    // readers see it where it is (¶ before the paragraph it was put above), and "next" pages on
    const firstBody = before.corpus.paragraphs.find((p) => p.text.startsWith(FIRST_BODY));
    expect(added?.n).toBe(firstBody?.n);
    expect(after.neighbours(added?.id ?? '').next?.text.startsWith(FIRST_BODY)).toBe(true);
    // every other document is untouched
    for (const p of before.corpus.paragraphs.filter((x) => x.docSlug !== 'going-ballistic'))
      expect(textOf(after, p.id)).toBe(p.text);
  });

  test("a removed paragraph's id never comes back for another text", async () => {
    const before = await start();
    const removed = before.corpus.paragraphs.find((p) => p.text.startsWith(FIRST_BODY));
    expect(removed).toBeDefined();
    const id = removed?.id ?? '';
    edit((t) => t.replace(removed?.text ?? '', 'A replacement paragraph, worded anew.'));
    const after = await start();
    expect(after.corpus.byId.has(id)).toBe(false);
    edit((t) => `${t}\n\nAnother paragraph at the very end.\n`);
    const later = await start();
    expect(later.corpus.byId.has(id)).toBe(false);
    const ids = later.corpus.paragraphs.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  test('two processes on one database agree on every id', async () => {
    const a = home;
    const b = await dbs.reopen(home);
    {
      const first = await loadEngine({
        corpusDir,
        snapshotDir: null,
        ids: new ParagraphIdLedger(a),
      });
      edit((t) => t.replace(FIRST_BODY, `Inserted once.\n\n${FIRST_BODY}`));
      const [x, y] = await Promise.all([
        loadEngine({ corpusDir, snapshotDir: null, ids: new ParagraphIdLedger(a) }),
        loadEngine({ corpusDir, snapshotDir: null, ids: new ParagraphIdLedger(b) }),
      ]);
      expect(x.corpus.paragraphs.map((p) => p.id)).toEqual(y.corpus.paragraphs.map((p) => p.id));
      expect(first.corpus.paragraphs.length + 1).toBe(x.corpus.paragraphs.length);
    }
  });

  test('the database refuses a second text for a number', async () => {
    const insert = (hash: string) =>
      home.run(
        `INSERT INTO paragraph_ids (slug, text_hash, occurrence, n, first_seen)
         VALUES ('d', @hash, 0, 1, 'now')`,
        { hash },
      );
    await insert('aaa');
    await expect(insert('bbb')).rejects.toThrow(/UNIQUE|unique constraint/u);
  });
});
