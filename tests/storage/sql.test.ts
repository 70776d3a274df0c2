import { describe, expect, it } from 'vitest';
import { paramNames, toNumbered } from '../../src/storage/sql.ts';
import { engines, useDatabases } from '../support/storage.ts';

describe('named parameters', () => {
  it('numbers each distinct @name once, in order of first use', () => {
    expect(paramNames('SELECT @a, @b_2, @a WHERE x = @c')).toEqual(['a', 'b_2', 'c']);
    expect(toNumbered('UPDATE t SET a = @a, at = @iso WHERE k = @a AND u < @iso')).toEqual({
      text: 'UPDATE t SET a = $1, at = $2 WHERE k = $1 AND u < $2',
      names: ['a', 'iso'],
    });
  });
});

describe.each(engines)('transactions and statements on $name', (engine) => {
  const dbs = useDatabases(engine);

  async function table() {
    const db = await dbs.open({ file: true });
    await db.run('CREATE TABLE t (k TEXT PRIMARY KEY, v INTEGER NOT NULL)');
    return db;
  }
  const count = async (db: Awaited<ReturnType<typeof table>>) =>
    (await db.all('SELECT k FROM t ORDER BY k')).length;

  it('binds named parameters, reports changed rows, and refuses a missing parameter', async () => {
    const db = await table();
    expect(await db.run('INSERT INTO t (k, v) VALUES (@k, @v)', { k: 'a', v: 1 })).toBe(1);
    expect(await db.run('INSERT INTO t (k, v) VALUES (@k, @v)', { k: 'b', v: 2 })).toBe(1);
    expect(await db.run('UPDATE t SET v = v + @by', { by: 10 })).toBe(2);
    expect(await db.get('SELECT k, v FROM t WHERE k = @k', { k: 'b' })).toEqual({ k: 'b', v: 12 });
    expect(await db.get('SELECT k FROM t WHERE k = @k', { k: 'zz' })).toBeUndefined();
    await expect(db.run('UPDATE t SET v = @v', {})).rejects.toThrow(
      'sql: no value for parameter @v',
    );
  });

  it('commits a transaction that resolves and rolls back one that rejects', async () => {
    const db = await table();
    await db.transaction(async (tx) => {
      await tx.run("INSERT INTO t (k, v) VALUES ('a', 1)");
      // A transaction on the handle joins the outer one.
      await tx.transaction((inner) => inner.run("INSERT INTO t (k, v) VALUES ('b', 2)"));
    });
    await expect(
      db.transaction(async (tx) => {
        await tx.run("INSERT INTO t (k, v) VALUES ('c', 3)");
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    expect(await count(db)).toBe(2);
    let leaked: Parameters<Parameters<typeof db.transaction>[0]>[0] | undefined;
    await db.transaction(async (tx) => {
      leaked = tx;
    });
    await expect(leaked?.get('SELECT 1')).rejects.toThrow('used after its transaction ended');
  });

  it('a transaction’s writes are seen by others only once it commits', async () => {
    const db = await table();
    const other = await dbs.reopen(db);
    let inside!: () => void;
    const insertDone = new Promise<void>((resolve) => {
      inside = resolve;
    });
    let finish!: () => void;
    const held = new Promise<void>((resolve) => {
      finish = resolve;
    });
    const tx = db.transaction(async (t) => {
      await t.run("INSERT INTO t (k, v) VALUES ('a', 1)");
      inside();
      await held;
    });
    await insertDone;
    // SQLite: this handle and every other handle on the file in this process wait for the
    // transaction (one lock per file, so none of them busy-waits on SQLite's lock while the
    // holder cannot run). PostgreSQL: other connections read committed data only. Either way
    // nobody sees the uncommitted row.
    const sameHandle = db.all('SELECT k FROM t');
    const otherHandle = other.all('SELECT k FROM t');
    if (engine.name === 'postgres') {
      expect(await sameHandle).toEqual([]);
      expect(await otherHandle).toEqual([]);
    }
    finish();
    await tx;
    if (engine.name === 'sqlite') {
      expect(await sameHandle).toHaveLength(1);
      expect(await otherHandle).toHaveLength(1);
    }
    expect(await count(other)).toBe(1);
  });

  it('answers a ping, and says where it is', async () => {
    const db = await dbs.open();
    await expect(db.ping()).resolves.toBeUndefined();
    expect(db.location).toMatch(
      engine.name === 'sqlite' ? /^:memory:$/ : /^127\.0\.0\.1:\d+\/postgres$/,
    );
  });
});
