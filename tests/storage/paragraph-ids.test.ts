/**
 * The id ledger in SQLite, through loadEngine on a copy of the seed corpus: ids survive a
 * restart and an edit above them, facts keep their ids (so the daily rotation and votes stay
 * valid), and a removed paragraph's id is never given to another text.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { type Engine, loadEngine } from '../../src/answer/engine.ts';
import { type Db, openDatabase } from '../../src/storage/db.ts';
import { ParagraphIdLedger } from '../../src/storage/paragraph-ids.ts';

let dir: string;
let corpusDir: string;
let dbPath: string;
const GB = 'going-ballistic.txt';
/** The first body paragraph of going-ballistic.txt, as a line to edit around. */
const FIRST_BODY = 'European and US governments announced this week';

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'dossier-ids-'));
  corpusDir = join(dir, 'corpus');
  cpSync('corpus', corpusDir, { recursive: true });
  dbPath = join(dir, 'bot.db');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Loads the engine as the bot does at a start: a fresh connection, closed afterwards. */
async function start(): Promise<Engine> {
  const db: Db = openDatabase(dbPath);
  try {
    return await loadEngine({ corpusDir, snapshotDir: null, ids: new ParagraphIdLedger(db) });
  } finally {
    db.close();
  }
}

function edit(change: (text: string) => string): void {
  const file = join(corpusDir, GB);
  writeFileSync(file, change(readFileSync(file, 'utf8')));
}

const textOf = (e: Engine, id: string) => e.corpus.byId.get(id)?.text;

describe('paragraph id ledger', () => {
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

  test('two processes on one database file agree on every id', async () => {
    const a = openDatabase(dbPath);
    const b = openDatabase(dbPath);
    try {
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
    } finally {
      a.close();
      b.close();
    }
  });

  test('the database refuses a second text for a number', () => {
    const db = openDatabase(':memory:');
    const insert = db.prepare(
      'INSERT INTO paragraph_ids (slug, text_hash, occurrence, n, first_seen) VALUES (?, ?, 0, ?, ?)',
    );
    insert.run('d', 'aaa', 1, 'now');
    expect(() => insert.run('d', 'bbb', 1, 'now')).toThrow(/UNIQUE/u);
    db.close();
  });
});
