/**
 * Opening the SQLite database at DATABASE_PATH: a path that cannot hold one is refused before
 * SQLite is asked, naming the variable, the folder at fault and the fix, and never hangs (Node's
 * recursive mkdir loops forever under /proc).
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openStorage } from '../../src/storage/open.ts';

const FIX = 'Fix: a writable file path for the SQLite database (default data/dossier.db)';
const dir = mkdtempSync(join(tmpdir(), 'dossier-open-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The real entry point in bot mode, killed after a minute if it hangs. */
function start(databasePath: string): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'src/main.ts'],
      {
        encoding: 'utf8',
        timeout: 60_000,
        env: {
          PATH: process.env.PATH ?? '',
          DISCORD_TOKEN: 'abc.def.ghi',
          DISCORD_API_URL: 'http://127.0.0.1:1/api',
          DATABASE_PATH: databasePath,
          SNAPSHOT_DIR: 'off',
          SEMANTICS_DIR: 'off',
          CORPUS_DIR: 'corpus',
        },
      },
      (error, _stdout, stderr) =>
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stderr }),
    );
  });
}

describe.skipIf(!existsSync('/proc/self') || !existsSync('/sys/kernel'))('npm start', () => {
  it.concurrent('DATABASE_PATH under /proc: a message, not a hang', async () => {
    const { code, stderr } = await start('/proc/nope/x.db');
    expect({ code, stderr }).toEqual({
      code: 1,
      stderr: `configuration: DATABASE_PATH: "/proc/nope/x.db" cannot be created: the folder /proc/nope cannot be made (ENOENT). ${FIX}\n`,
    });
  }, 70_000);

  it.concurrent('DATABASE_PATH in /sys: names the folder that takes no files', async () => {
    const { code, stderr } = await start('/sys/x.db');
    expect(code).toBe(1);
    expect(stderr).toMatch(
      /^configuration: DATABASE_PATH: "\/sys\/x\.db" cannot be created: \/sys does not accept new files \((EACCES|EPERM|EROFS)\)\. Fix: /u,
    );
  }, 70_000);
});

describe('openStorage', () => {
  it('creates the missing folders and leaves nothing else behind', async () => {
    const path = join(dir, 'a', 'b', 'bot.db');
    const db = await openStorage({ databasePath: path });
    await db.close();
    expect(readdirSync(join(dir, 'a', 'b')).filter((f) => !f.startsWith('bot.db'))).toEqual([]);
  });

  it.skipIf(!existsSync('/sys/kernel'))(
    'refuses a folder that takes no files, by name',
    async () => {
      await expect(openStorage({ databasePath: '/sys/x.db' })).rejects.toThrow(
        /^configuration: DATABASE_PATH: "\/sys\/x\.db" cannot be created: \/sys does not accept new files/u,
      );
    },
  );
});
