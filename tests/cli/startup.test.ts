/**
 * The real entry points (src/main.ts and the CLIs) started with a bad environment: one line that
 * names the variable and the fix, exit code 1, never a raw ENOENT or SQLite's own words.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EntryPoint, runScript, type ScriptRun } from '../support/scripts.ts';

/** Runs an entry point from the repo root as `npm run`/`npm start` would, with `env` over a clean base. */
function run(script: EntryPoint, args: string[], env: Record<string, string>): Promise<ScriptRun> {
  return runScript(script, args, {
    env: {
      PATH: process.env.PATH ?? '',
      // empty values keep a developer's .env from filling them in (dotenv never overrides)
      DISCORD_TOKEN: '',
      DISCORD_API_URL: '',
      SNAPSHOT_DIR: 'off',
      // word meaning is not what these test, and preparing it prints progress
      SEMANTICS_DIR: 'off',
      CORPUS_DIR: 'corpus',
      ...env,
    },
  });
}

const CORPUS_FIX = 'Fix: a folder of .md, .txt or .html documents (default corpus)';
const DB_FIX = 'Fix: a writable file path for the SQLite database (default data/dossier.db)';
const TOKEN_FIX =
  'Fix: copy the bot token from https://discord.com/developers/applications → your app → Bot → Reset Token';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dossier-startup-'));
  await mkdir(join(dir, 'linked'));
  await writeFile(join(dir, 'linked', 'good.md'), 'Drones were delivered in August 2022.\n');
  await symlink('nowhere.md', join(dir, 'linked', 'gone.md'));
  await symlink('loop.md', join(dir, 'linked', 'loop.md'));
  await writeFile(join(dir, 'a-file.txt'), 'not a folder');
  await writeFile(join(dir, 'garbage.db'), 'this is not a database, just some text\n');
  await mkdir(join(dir, 'db-folder'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('a corpus with broken links loads the rest', () => {
  it.concurrent('corpus:check lists each broken link and fails, without a raw ENOENT', async () => {
    const { code, stdout, stderr } = await run(
      'src/cli/corpus-check.ts',
      ['--corpus', join(dir, 'linked')],
      {},
    );
    expect(code).toBe(1);
    expect(stderr.split('\n').filter(Boolean)).toEqual([
      `${join(dir, 'linked')}/gone.md: broken symbolic link (its target does not exist); not loaded`,
      `${join(dir, 'linked')}/loop.md: symbolic link loop; not loaded`,
    ]);
    expect(stdout).toContain('1 documents, 1 paragraphs');
  }, 120_000);

  it.concurrent('ask answers from what loaded', async () => {
    const { code, stdout, stderr } = await run('src/cli/ask.ts', ['When were drones delivered?'], {
      CORPUS_DIR: join(dir, 'linked'),
      LOG_LEVEL: 'silent',
    });
    expect(stderr).not.toMatch(/ENOENT|ELOOP/u);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^answered/u);
    expect(stdout).toContain('good#p1');
  }, 120_000);

  it.concurrent('the terminal chat prints each corpus problem once', async () => {
    const { code, stderr } = await run('src/main.ts', [], { CORPUS_DIR: join(dir, 'linked') });
    expect(code).toBe(0);
    const mentions = (s: string) => stderr.split(s).length - 1;
    expect(mentions('gone.md')).toBe(1);
    expect(mentions('loop.md')).toBe(1);
    expect(stderr).toContain(
      'corpus: gone.md: broken symbolic link (its target does not exist); not loaded\n',
    );
  }, 120_000);
});

describe('CORPUS_DIR', () => {
  it.concurrent('that does not exist: npm start, ask and corpus:check name it', async () => {
    const missing = join(dir, 'no-such-folder');
    const message = `configuration: CORPUS_DIR: "${missing}" does not exist. ${CORPUS_FIX}\n`;
    const env = { CORPUS_DIR: missing };
    for (const [script, args] of [
      ['src/main.ts', []],
      ['src/cli/ask.ts', ['Who?']],
      ['src/cli/corpus-check.ts', []],
    ] as const) {
      const { code, stdout, stderr } = await run(script, [...args], env);
      expect({ script, code, stderr, stdout }).toEqual({
        script,
        code: 1,
        stderr: message,
        stdout: '',
      });
    }
  }, 120_000);

  it.concurrent('that is a file', async () => {
    const file = join(dir, 'a-file.txt');
    const { code, stderr } = await run('src/main.ts', [], { CORPUS_DIR: file });
    expect(code).toBe(1);
    expect(stderr).toBe(
      `configuration: CORPUS_DIR: "${file}" is a file, not a folder. ${CORPUS_FIX}\n`,
    );
  }, 120_000);
});

describe('DATABASE_PATH (bot mode)', () => {
  // a well-formed token: these must fail before any connection is tried
  const bot = (path: string) => ({ DISCORD_TOKEN: 'abc.def.ghi', DATABASE_PATH: path });

  it.concurrent('that is not a SQLite database', async () => {
    const path = join(dir, 'garbage.db');
    const { code, stderr } = await run('src/main.ts', [], bot(path));
    expect(code).toBe(1);
    expect(stderr).toBe(
      `configuration: DATABASE_PATH: "${path}" is not a SQLite database. ${DB_FIX}\n`,
    );
  }, 120_000);

  it.concurrent('that is a folder', async () => {
    const path = join(dir, 'db-folder');
    const { code, stderr } = await run('src/main.ts', [], bot(path));
    expect(code).toBe(1);
    expect(stderr).toBe(
      `configuration: DATABASE_PATH: "${path}" is a folder, not a file. ${DB_FIX}\n`,
    );
  }, 120_000);

  it.concurrent('inside a file rather than a folder', async () => {
    const path = join(dir, 'a-file.txt', 'dossier.db');
    const { code, stderr } = await run('src/main.ts', [], bot(path));
    expect(code).toBe(1);
    expect(stderr).toBe(
      `configuration: DATABASE_PATH: "${path}" cannot be created: ${join(dir, 'a-file.txt')} is a file, not a folder. ${DB_FIX}\n`,
    );
  }, 120_000);

  // Root ignores file modes, so the test makes the file immutable (chattr), and is skipped on a
  // file system without immutable files (tmpfs) or a machine without chattr.
  it.concurrent('that cannot be written', async ({ skip }) => {
    const path = join(dir, 'read-only.db');
    new Database(path).close();
    try {
      execFileSync('chattr', ['+i', path], { stdio: 'ignore' });
    } catch {
      skip('chattr +i is not available here');
    }
    try {
      const { code, stderr } = await run('src/main.ts', [], bot(path));
      expect(code).toBe(1);
      expect(stderr).toBe(`configuration: DATABASE_PATH: "${path}" is read-only. ${DB_FIX}\n`);
    } finally {
      execFileSync('chattr', ['-i', path]);
    }
  }, 120_000);
});

describe('DATABASE_URL (bot mode)', () => {
  const bot = (url: string) => ({ DISCORD_TOKEN: 'abc.def.ghi', DATABASE_URL: url });
  const URL_FIX =
    'Fix: postgres://USER:PASSWORD@HOST:5432/DATABASE for a PostgreSQL server that every instance shares (check host, port, user, password and that the server runs: psql "$DATABASE_URL" -c "select 1"), or leave it empty for the SQLite file at DATABASE_PATH';

  it.concurrent('a server that is not there: where, why and the fix, never the password', async () => {
    const { code, stderr } = await run(
      'src/main.ts',
      [],
      bot('postgres://dossier:s3cret@127.0.0.1:1/dossier'),
    );
    expect(code).toBe(1);
    expect(stderr).toBe(
      `configuration: DATABASE_URL: cannot connect to PostgreSQL at 127.0.0.1:1/dossier: connect ECONNREFUSED 127.0.0.1:1. ${URL_FIX}\n`,
    );
  }, 120_000);

  it.concurrent('not a postgres:// URL', async () => {
    const { code, stderr } = await run('src/main.ts', [], bot('mysql://u:p@db/bot'));
    expect(code).toBe(1);
    expect(stderr).toBe(
      `configuration: DATABASE_URL: must be a postgres:// or postgresql:// URL. ${URL_FIX}\n`,
    );
    expect(stderr).not.toContain('mysql://');
  }, 120_000);
});

describe('DISCORD_TOKEN', () => {
  for (const [what, token, reason] of [
    ['a line break', 'abc.def\nghi', 'contains a line break'],
    ['a space', 'abc.def ghi', 'contains a space'],
    ['a non-ASCII character', 'abc.déf.ghi', 'contains a non-ASCII character (U+00E9)'],
    ['an invisible character', 'abc.def\u200B.ghi', 'contains a non-ASCII character (U+200B)'],
  ] as const) {
    it.concurrent(`with ${what}`, async () => {
      const { code, stderr } = await run('src/main.ts', [], { DISCORD_TOKEN: token });
      expect(code).toBe(1);
      expect(stderr).toBe(
        `configuration: DISCORD_TOKEN: ${reason}; a token is one line of ASCII letters, digits and punctuation. ${TOKEN_FIX}\n`,
      );
    }, 120_000);
  }
});

describe('ask --document', () => {
  it.concurrent('that names no document is an error that lists the documents', async () => {
    const { code, stdout, stderr } = await run(
      'src/cli/ask.ts',
      ['What is an SRBM?', '--document', 'going-balistic'],
      { LOG_LEVEL: 'silent' },
    );
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe(
      'ask: there is no document "going-balistic"; the documents are going-ballistic, iran-russia-alliance\n',
    );
  }, 120_000);
});
