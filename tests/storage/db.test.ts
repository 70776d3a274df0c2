import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { migrate, migrations, openDatabase, schemaVersion } from '../../src/storage/index.ts';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'dossier-db-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const latest = Math.max(...migrations.map((m) => m.version));

describe('openDatabase (SQLite)', () => {
  it('creates the parent directory, uses WAL and a busy timeout, and migrates', () => {
    const path = join(tempDir(), 'nested', 'deeper', 'dossier.db');
    const db = openDatabase(path);
    expect(existsSync(path)).toBe(true);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
    expect(schemaVersion(db)).toBe(latest);
    const tables = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
      .pluck()
      .all();
    expect(tables).toEqual(
      expect.arrayContaining([
        'conversation_turns',
        'answered_messages',
        'autoanswer_channels',
        'feedback_votes',
        'post_ledger',
        'rotation_state',
        'rotation_used',
        'subscriptions',
        'unanswered_questions',
      ]),
    );
    db.close();
  });

  it('supports :memory:', () => {
    const db = openDatabase(':memory:');
    expect(schemaVersion(db)).toBe(latest);
    db.close();
  });

  it('migrations are idempotent: reopening and re-running change nothing', () => {
    const path = join(tempDir(), 'dossier.db');
    const a = openDatabase(path);
    a.prepare(
      `INSERT INTO unanswered_questions (normalized, question, missing_terms, created_at)
       VALUES ('x', 'x?', '[]', '2025-01-01T00:00:00.000Z')`,
    ).run();
    expect(migrate(a)).toBe(latest);
    expect(migrate(a)).toBe(latest);
    const b = openDatabase(path);
    expect(schemaVersion(b)).toBe(latest);
    expect(b.prepare('SELECT count(*) FROM unanswered_questions').pluck().get()).toBe(1);
    a.close();
    b.close();
  });

  it('applies only newer migrations, each once, and rolls back a failing one', () => {
    const db = openDatabase(':memory:');
    const extra = [
      ...migrations,
      {
        version: latest + 1,
        name: 'add a table',
        sql: 'CREATE TABLE extra (x INTEGER)',
        postgres: 'CREATE TABLE extra (x INTEGER)',
      },
    ];
    expect(migrate(db, extra)).toBe(latest + 1);
    expect(migrate(db, extra)).toBe(latest + 1);
    const broken = [
      ...extra,
      {
        version: latest + 2,
        name: 'half-broken',
        sql: 'CREATE TABLE partial (x INTEGER); INSERT INTO nope VALUES (1);',
        postgres: '',
      },
    ];
    expect(() => migrate(db, broken)).toThrow();
    expect(schemaVersion(db)).toBe(latest + 1);
    expect(
      db.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'partial'").pluck().get(),
    ).toBe(0);
    db.close();
  });
});
