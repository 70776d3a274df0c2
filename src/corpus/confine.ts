/**
 * The corpus folder's boundary. A corpus often arrives by `git pull` or an unpacked archive, and
 * a symbolic link in it (`passwd.txt -> /etc/passwd`, `notes -> /run/secrets`,
 * `status.txt -> /proc/self/status`) would otherwise be read, indexed and quoted to anyone who
 * asks. Every path the bot reads under the corpus (documents, folders, aliases.yaml, facts.yaml)
 * and every path the live watcher follows is resolved with realpath and kept only when it lies
 * inside the corpus folder's own real path, by the one rule here. A link inside the corpus to
 * another place inside it keeps working; a chain of links that leaves and comes back in is judged
 * by where it ends. `followOutside` (CORPUS_FOLLOW_OUTSIDE=true) turns the rule off.
 *
 * Not covered (see README, "Security notes"): hard links (indistinguishable from the file itself)
 * and mount points inside the folder.
 */
import { readFileSync, readlinkSync, realpathSync } from 'node:fs';
import { readFile, readlink, realpath } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';

export interface ConfineOptions {
  /** Read links that lead outside the corpus folder too (CORPUS_FOLLOW_OUTSIDE); default false. */
  followOutside?: boolean | undefined;
}

/** True when `real` (a resolved path) is `root` (a resolved path) or lies under it. */
export function isInside(root: string, real: string): boolean {
  const rel = relative(root, real);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}

/** Where a path leads: its real path, or why it is refused (a link out of the corpus). */
export type Confined = { ok: true; real: string } | { ok: false; reason: string; target: string };

/** The problem text for a path whose real path is outside: names the link and where it goes. */
function outside(path: string, real: string, link: string | null): Confined {
  const where =
    link === null
      ? `resolves to ${real}`
      : `symbolic link to ${resolve(path, '..', link) === real ? link : `${link} (${real})`}`;
  return {
    ok: false,
    target: real,
    reason: `${where}, outside the corpus folder; not loaded (CORPUS_FOLLOW_OUTSIDE=true would follow it)`,
  };
}

function readlinkOrNull(path: string): string | null {
  try {
    return readlinkSync(path);
  } catch {
    return null;
  }
}

/**
 * The one rule: `path` resolved (every link on the way), and whether it may be read as part of
 * the corpus whose real folder is `rootReal`. Rejects as realpath does (ENOENT for a broken link,
 * ELOOP for a loop).
 * @example const where = await confine(rootReal, 'corpus/passwd.txt'); if (!where.ok) problems.push(where.reason)
 */
export async function confine(
  rootReal: string,
  path: string,
  opts: ConfineOptions = {},
): Promise<Confined> {
  const real = await realpath(path);
  if (opts.followOutside === true || isInside(rootReal, real)) return { ok: true, real };
  return outside(path, real, await readlink(path).catch(() => null));
}

/** confine, synchronously (for the watcher's filter and synchronous readers). */
export function confineSync(rootReal: string, path: string, opts: ConfineOptions = {}): Confined {
  const real = realpathSync(path);
  if (opts.followOutside === true || isInside(rootReal, real)) return { ok: true, real };
  return outside(path, real, readlinkOrNull(path));
}

/** A corpus file refused by the rule: `reason` is meant for people (corpus:check prints it). */
export class OutsideCorpusError extends Error {
  constructor(
    readonly path: string,
    readonly target: string,
    readonly reason: string,
  ) {
    super(`corpus: ${path}: ${reason}`);
  }
}

/**
 * Reads `<dir>/<name>` as text if it lies inside the corpus folder. Rejects with the file
 * system's error (ENOENT when there is none) or OutsideCorpusError.
 * @example const text = await readCorpusFile('corpus', 'aliases.yaml');
 */
export async function readCorpusFile(
  dir: string,
  name: string,
  opts: ConfineOptions = {},
): Promise<string> {
  const where = await confine(await realpath(dir), join(dir, name), opts);
  if (!where.ok) throw new OutsideCorpusError(name, where.target, where.reason);
  return readFile(where.real, 'utf8');
}

/** readCorpusFile, synchronously. */
export function readCorpusFileSync(dir: string, name: string, opts: ConfineOptions = {}): string {
  const where = confineSync(realpathSync(dir), join(dir, name), opts);
  if (!where.ok) throw new OutsideCorpusError(name, where.target, where.reason);
  return readFileSync(where.real, 'utf8');
}
