/** PostgreSQL only: migrations, their lock, and the errors start-up turns into a message. */
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import {
  DatabaseConnectError,
  describeUrl,
  migrations,
  openPostgres,
} from '../../src/storage/index.ts';
import { freshPostgresUrl, postgresUrl } from '../support/storage.ts';

const latest = Math.max(...migrations.map((m) => m.version));

describe('PostgreSQL connection errors', () => {
  it('a server that refuses the connection is one line naming where, never the password', async () => {
    const url = 'postgres://dossier:s3cret-pw@127.0.0.1:1/dossier';
    const err = await openPostgres(url, { connectTimeoutMs: 2000 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DatabaseConnectError);
    const message = err instanceof Error ? err.message : '';
    expect(message).toBe(
      'cannot connect to PostgreSQL at 127.0.0.1:1/dossier: connect ECONNREFUSED 127.0.0.1:1',
    );
    expect(message).not.toContain('s3cret');
  });

  it('describes a URL without its credentials', () => {
    expect(describeUrl('postgres://u:p@db.example:6543/bot?sslmode=require')).toBe(
      'db.example:6543/bot',
    );
    expect(describeUrl('postgresql://u@db/bot')).toBe('db:5432/bot');
    expect(describeUrl('not a url')).toBe('(unparsable URL)');
  });
});

describe.skipIf(!postgresUrl)('PostgreSQL migrations', () => {
  async function versions(url: string): Promise<{ version: number; name: string }[]> {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const res = await client.query(
        'SELECT version, name FROM schema_migrations ORDER BY version',
      );
      return res.rows.map((r: { version: number; name: string }) => ({
        version: r.version,
        name: r.name,
      }));
    } finally {
      await client.end();
    }
  }

  it('records every migration once in schema_migrations and creates every table', async () => {
    const url = await freshPostgresUrl();
    const db = await openPostgres(url);
    try {
      expect(await versions(url)).toEqual(
        migrations.map((m) => ({ version: m.version, name: m.name })),
      );
      const tables = await db.all(
        `SELECT table_name AS name FROM information_schema.tables
         WHERE table_schema = current_schema() ORDER BY table_name`,
      );
      expect(tables.map((t) => (t as { name: string }).name)).toEqual([
        'answered_messages',
        'autoanswer_channels',
        'conversation_turns',
        'feedback_votes',
        'paragraph_ids',
        'post_ledger',
        'recent_questions',
        'rotation_state',
        'rotation_used',
        'schema_migrations',
        'subscriptions',
        'unanswered_questions',
      ]);
    } finally {
      await db.close();
    }
    // Reopening applies nothing new.
    const again = await openPostgres(url);
    await again.close();
    expect(await versions(url)).toHaveLength(latest);
  });

  it('six instances starting at once migrate once, none fails', async () => {
    const url = await freshPostgresUrl();
    const dbs = await Promise.all(
      Array.from({ length: 6 }, () => openPostgres(url, { poolSize: 2 })),
    );
    await Promise.all(dbs.map((db) => db.close()));
    expect((await versions(url)).map((v) => v.version)).toEqual(migrations.map((m) => m.version));
  });

  it('a failing migration is rolled back whole, named in the error, and the earlier ones stay', async () => {
    const url = await freshPostgresUrl();
    const broken = [
      ...migrations,
      {
        version: latest + 1,
        name: 'half-broken',
        sql: '',
        postgres: 'CREATE TABLE partial (x INTEGER); INSERT INTO nope VALUES (1);',
      },
    ];
    await expect(openPostgres(url, { migrations: broken })).rejects.toThrow(
      `migration ${latest + 1} (half-broken) failed: relation "nope" does not exist`,
    );
    expect(await versions(url)).toHaveLength(latest);
    const db = await openPostgres(url);
    try {
      expect(await db.get("SELECT to_regclass('partial') AS t")).toEqual({ t: null });
    } finally {
      await db.close();
    }
  });

  it('a database that does not exist is a connection error', async () => {
    const url = new URL(postgresUrl);
    url.pathname = '/no_such_db';
    await expect(openPostgres(url.toString())).rejects.toThrow(
      /^cannot connect to PostgreSQL at 127\.0\.0\.1:\d+\/no_such_db: database "no_such_db" does not exist$/,
    );
  });
});
