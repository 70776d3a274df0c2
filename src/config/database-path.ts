import {
  accessSync,
  closeSync,
  constants,
  mkdirSync,
  openSync,
  readSync,
  type Stats,
  statSync,
  unlinkSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { valueError } from './errors.ts';

/**
 * Checks before the bot starts that DATABASE_PATH can be a SQLite database: not a folder, not
 * some other file, writable, or creatable where it does not exist yet. Missing folders are made
 * here, one level at a time, and the folder is tried with a file of our own: `access()` says yes
 * to root everywhere, but /sys and /proc take no new files, and Node's recursive mkdir never
 * returns under /proc (it loops on ENOENT). Throws a ConfigError saying which; SQLite's own words
 * ("unable to open database file") do not say what to fix. Nothing here waits: each step is one
 * system call, bounded by the path's depth.
 */
export function checkDatabasePath(path: string): void {
  if (path === ':memory:' || path === '') return;
  const fail = (problem: string): never => {
    throw valueError('DATABASE_PATH', `"${path}" ${problem}`);
  };
  const folder = dirname(path);
  const stats = statOrNull(path);
  if (stats) {
    if (stats.isDirectory()) fail('is a folder, not a file');
    if (stats.size > 0 && !hasSqliteHeader(path)) fail('is not a SQLite database');
    if (!writable(path)) fail('is read-only');
    // the write-ahead log is created beside the file
    if (!writable(folder)) fail(`is in a read-only folder (${folder})`);
    const refused = newFileProblem(folder);
    if (refused) fail(`is in a folder that does not accept new files (${folder}: ${refused})`);
    return;
  }
  // It will be created, with any missing folders: the nearest existing one must allow that.
  const missing: string[] = [];
  for (let at = folder; ; at = dirname(at)) {
    const found = statOrNull(at);
    if (found) {
      if (!found.isDirectory()) fail(`cannot be created: ${at} is a file, not a folder`);
      if (!writable(at)) fail(`cannot be created: ${at} is read-only`);
      break;
    }
    missing.unshift(at);
    if (dirname(at) === at) break;
  }
  for (const at of missing) {
    try {
      mkdirSync(at);
    } catch (error) {
      if (errnoCode(error) !== 'EEXIST')
        fail(`cannot be created: the folder ${at} cannot be made (${errnoCode(error) ?? error})`);
    }
  }
  const refused = newFileProblem(folder);
  if (refused) fail(`cannot be created: ${folder} does not accept new files (${refused})`);
}

function errnoCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  return typeof error.code === 'string' ? error.code : undefined;
}

/** Why a new file cannot be made in `folder` (its errno), or null when one was made and removed. */
function newFileProblem(folder: string): string | null {
  const probe = join(folder, `.dossier-write-check-${process.pid}`);
  try {
    closeSync(openSync(probe, 'w'));
    unlinkSync(probe);
    return null;
  } catch (error) {
    return errnoCode(error) ?? String(error);
  }
}

function statOrNull(path: string): Stats | null {
  try {
    return statSync(path);
  } catch {
    return null;
  }
}

function writable(path: string): boolean {
  try {
    accessSync(path, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

function hasSqliteHeader(path: string): boolean {
  const header = Buffer.alloc(16);
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const read = readSync(fd, header, 0, 16, 0);
    return read === 16 && header.toString('latin1') === 'SQLite format 3\0';
  } catch {
    return false;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
