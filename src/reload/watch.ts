/**
 * Watches the corpus folder and asks for a reload once edits settle. chokidar (v4: one small
 * dependency, every Node 20) rather than fs.watch: it follows a tree whose folders come and go,
 * reports editors' save-by-rename as one change, and can poll where inotify does not reach
 * (network and container mounts); fs.watch's recursive mode on Linux arrived late in Node 20
 * and misses new subfolders in some versions.
 */
import { basename, extname } from 'node:path';
import { watch } from 'chokidar';
import type { Logger } from 'pino';

/** Files whose change changes the engine: documents, aliases.yaml, facts.yaml. */
const RELEVANT = new Set(['.md', '.markdown', '.txt', '.html', '.htm', '.yaml', '.yml']);

export interface WatchOptions {
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
}

export interface CorpusWatcher {
  /** Resolves once the initial scan is done (changes after it are reported). */
  ready: Promise<void>;
  close(): Promise<void>;
}

/**
 * @example const watcher = watchCorpus('corpus', { onChange: () => void reloader.reload('watch'), logger });
 */
export function watchCorpus(dir: string, options: WatchOptions): CorpusWatcher {
  const debounceMs = options.debounceMs ?? 500;
  const maxWaitMs = options.maxWaitMs ?? 5000;
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
    if (!RELEVANT.has(extname(path).toLowerCase())) return;
    if (pending.length === 0) firstAt = Date.now();
    if (pending.length < 100) pending.push(path);
    clearTimeout(quiet);
    const wait = Math.max(0, Math.min(debounceMs, firstAt + maxWaitMs - Date.now()));
    quiet = setTimeout(fire, wait);
  };
  const watcher = watch(dir, {
    ignoreInitial: true,
    // hidden files are editors' swap files and git's business; loadCorpus skips them too
    ignored: (path: string) => path !== dir && basename(path).startsWith('.'),
    usePolling: options.polling ?? false,
    interval: 1000,
    followSymlinks: true,
  });
  watcher.on('all', (_event, path) => changed(path));
  watcher.on('error', (error) => {
    options.logger.warn({ err: error }, 'corpus watcher error; /reload still works');
    options.onError?.(error);
  });
  const ready = new Promise<void>((resolve) => watcher.once('ready', () => resolve()));
  return {
    ready,
    close: async () => {
      closed = true;
      clearTimeout(quiet);
      await watcher.close();
    },
  };
}
