/**
 * Watches the corpus folder and asks for a reload once edits settle. chokidar (v4: one small
 * dependency, every Node 20) rather than fs.watch: it follows a tree whose folders come and go,
 * reports editors' save-by-rename as one change, and can poll where inotify does not reach
 * (network and container mounts); fs.watch's recursive mode on Linux arrived late in Node 20
 * and misses new subfolders in some versions.
 *
 * Two things chokidar does not do, done here: it follows symbolic links wherever they lead (the
 * corpus rule, corpus/confine.ts, keeps it inside the folder), and once the watched folder itself
 * is deleted it stops for good, and a folder restored at the same path (a `git clone` again, a
 * deploy that swaps a symbolic link) is never watched. So the folder itself is checked every
 * `checkEveryMs`: while it is gone the watcher says so (`status()`, shown by /healthz), and when
 * it is back, or replaced by another folder, watching starts again and a reload is asked for.
 */
import { realpathSync, statSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename, extname, resolve } from 'node:path';
import { type FSWatcher, watch } from 'chokidar';
import type { Logger } from 'pino';
import { type ConfineOptions, confineSync } from '../corpus/confine.ts';

/** Files whose change changes the engine: documents, aliases.yaml, facts.yaml. */
const RELEVANT = new Set(['.md', '.markdown', '.txt', '.html', '.htm', '.pdf', '.yaml', '.yml']);

export interface WatchOptions extends ConfineOptions {
  /** Called once edits have been quiet for `debounceMs` (or after `maxWaitMs` of steady edits). */
  onChange: (paths: string[]) => void;
  logger: Logger;
  /** Default 500 ms: a save, or a `git pull` touching many files, becomes one reload. */
  debounceMs?: number;
  /** Default 5 s: files changing all the time still reload this often. */
  maxWaitMs?: number;
  /** Poll instead of using inotify (network or container mounts). */
  polling?: boolean;
  /** Counted and logged, never fatal: /reload still works without the watcher. */
  onError?: (error: unknown) => void;
  /** How often the folder itself is checked (gone, back, replaced); default 1000 ms. */
  checkEveryMs?: number;
  /** When the folder went missing (for `status().since`); default the system clock. */
  now?: () => Date;
}

/** The watched folder: there (and watched), or gone since a moment, and why. */
export type FolderStatus =
  | { state: 'watching' }
  | { state: 'missing'; since: Date; reason: string };

export interface CorpusWatcher {
  /** Resolves once the current scan is done (changes after it are reported). */
  readonly ready: Promise<void>;
  /** Whether the folder is there to be watched. */
  status(): FolderStatus;
  /** The folders being watched (resolved as chokidar holds them). */
  watchedPaths(): string[];
  close(): Promise<void>;
}

/**
 * Why the corpus folder cannot be watched or read right now, or null when it can.
 * @example await folderProblem('corpus') // 'does not exist'
 */
export async function folderProblem(dir: string): Promise<string | null> {
  try {
    return (await stat(dir)).isDirectory() ? null : 'is a file, not a folder';
  } catch (error) {
    const code = typeof error === 'object' && error && 'code' in error ? error.code : undefined;
    return code === 'ENOENT' || code === 'ENOTDIR'
      ? 'does not exist'
      : `cannot be read (${String(code ?? error)})`;
  }
}

/** The folder's identity: a folder restored, or a link swapped to another one, is a new one. */
async function identity(dir: string): Promise<string | null> {
  try {
    const s = await stat(dir);
    return s.isDirectory() ? `${s.dev}:${s.ino}` : null;
  } catch {
    return null;
  }
}

function identitySync(dir: string): string | null {
  try {
    const s = statSync(dir);
    return s.isDirectory() ? `${s.dev}:${s.ino}` : null;
  } catch {
    return null;
  }
}

/**
 * @example const watcher = watchCorpus('corpus', { onChange: () => void reloader.reload('watch'), logger });
 */
export function watchCorpus(dir: string, options: WatchOptions): CorpusWatcher {
  const debounceMs = options.debounceMs ?? 500;
  const maxWaitMs = options.maxWaitMs ?? 5000;
  const now = options.now ?? (() => new Date());
  const { logger } = options;
  let pending: string[] = [];
  let quiet: NodeJS.Timeout | undefined;
  let firstAt = 0;
  let closed = false;
  const fire = () => {
    clearTimeout(quiet);
    quiet = undefined;
    const paths = pending;
    pending = [];
    if (!closed && paths.length > 0) options.onChange(paths);
  };
  const changed = (path: string) => {
    if (!RELEVANT.has(extname(path).toLowerCase()) && path !== dir) return;
    if (pending.length === 0) firstAt = Date.now();
    if (pending.length < 100) pending.push(path);
    clearTimeout(quiet);
    const wait = Math.max(0, Math.min(debounceMs, firstAt + maxWaitMs - Date.now()));
    quiet = setTimeout(fire, wait);
  };

  let status: FolderStatus = { state: 'watching' };
  let current: { watcher: FSWatcher; ready: Promise<void>; id: string | null } | null = null;

  const start = () => {
    const id = identitySync(dir);
    let rootReal: string;
    try {
      rootReal = realpathSync(dir);
    } catch {
      rootReal = resolve(dir);
    }
    // The corpus rule (corpus/confine.ts): a link leading outside the folder is not followed.
    // A path that no longer resolves (a file just deleted) is kept: its deletion is a change.
    const outside = (path: string) => {
      try {
        return !confineSync(rootReal, path, options).ok;
      } catch {
        return false;
      }
    };
    const watcher = watch(dir, {
      ignoreInitial: true,
      // hidden files are editors' swap files and git's business; loadCorpus skips them too
      ignored: (path: string) => path !== dir && (basename(path).startsWith('.') || outside(path)),
      usePolling: options.polling ?? false,
      interval: 1000,
      followSymlinks: true,
    });
    watcher.on('all', (event, path) => {
      changed(path);
      // the folder itself went away: find out now rather than at the next check
      if (event === 'unlinkDir' && resolve(path) === resolve(dir)) void check();
    });
    watcher.on('error', (error) => {
      logger.warn({ err: error }, 'corpus watcher error; /reload still works');
      options.onError?.(error);
      void check();
    });
    const ready = new Promise<void>((done) => watcher.once('ready', () => done()));
    current = { watcher, ready, id };
  };

  const stop = async () => {
    const was = current;
    current = null;
    await was?.watcher.close();
  };

  // One check at a time; a check asked for while one runs is done by it.
  let checking: Promise<void> | null = null;
  const check = (): Promise<void> => {
    checking ??= (async () => {
      try {
        const id = await identity(dir);
        if (closed) return;
        if (id === null) {
          if (status.state === 'missing') return;
          const reason = (await folderProblem(dir)) ?? 'does not exist';
          status = { state: 'missing', since: now(), reason };
          logger.warn(
            { dir, reason },
            'corpus folder gone; answering from the documents loaded before, and watching for it to come back',
          );
          await stop();
          return;
        }
        if (status.state === 'missing' || current?.id !== id) {
          const back = status.state === 'missing';
          await stop();
          if (closed) return;
          start();
          status = { state: 'watching' };
          logger.info(
            { dir },
            back
              ? 'corpus folder is back; watching it again'
              : 'corpus folder replaced; watching the new one',
          );
          changed(dir);
        }
      } finally {
        checking = null;
      }
    })();
    return checking;
  };

  start();
  const timer = setInterval(() => void check(), options.checkEveryMs ?? 1000);
  timer.unref();

  return {
    get ready() {
      return current?.ready ?? Promise.resolve();
    },
    status: () => status,
    watchedPaths: () => Object.keys(current?.watcher.getWatched() ?? {}),
    close: async () => {
      closed = true;
      clearInterval(timer);
      clearTimeout(quiet);
      await checking;
      await stop();
    },
  };
}
