/**
 * Builds an engine in a worker thread, so a reload never stalls the event loop that answers
 * interactions and heartbeats the gateway. On the Python docs (117,000 paragraphs) building in
 * the serving thread blocks it for 6–9 s at a time (indexing, then fact extraction); here the
 * serving thread only decodes the result (in batches) and loads the index snapshot.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { type Engine, type EngineOptions, engineFromParts } from '../answer/engine.ts';
import type { Document } from '../corpus/types.ts';
import type { Snapshot } from '../search/index.ts';
import type { PortableEngineOptions } from './portable-options.ts';
import { addChunk, type WorkerMessage } from './worker-protocol.ts';

/**
 * Where the worker's code is: beside this file when running from source (tsx, vitest), or
 * `reload/engine-worker.js` beside the bundle (`npm run build` makes it an entry point).
 */
function workerFile(): { path: string; typescript: boolean } {
  const candidates = [
    new URL('./engine-worker.ts', import.meta.url),
    new URL('./engine-worker.js', import.meta.url),
    new URL('./reload/engine-worker.js', import.meta.url),
  ];
  for (const url of candidates) {
    const path = fileURLToPath(url);
    if (existsSync(path)) return { path, typescript: path.endsWith('.ts') };
  }
  throw new Error(
    `reload: the engine worker is missing (looked for ${candidates.map((u) => fileURLToPath(u)).join(', ')}); rebuild with npm run build`,
  );
}

/**
 * From source (tsx, vitest) the worker registers tsx's loader before importing its TypeScript
 * entry; `--import tsx` in a worker's execArgv is not honoured on Node 20.
 */
function startWorker(options: PortableEngineOptions): Worker {
  const { path, typescript } = workerFile();
  if (!typescript) return new Worker(path, { workerData: options });
  const api = import.meta.resolve('tsx/esm/api');
  const entry = pathToFileURL(path).href;
  const boot = `const { register } = await import(${JSON.stringify(api)}); register(); await import(${JSON.stringify(entry)});`;
  return new Worker(new URL(`data:text/javascript,${encodeURIComponent(boot)}`), {
    workerData: options,
  });
}

export interface WorkerBuildOptions {
  /** Terminates the worker and rejects (the bot is stopping). */
  signal?: AbortSignal | undefined;
  /** This thread's word meaning (the worker loads its own from `semanticsDir`). */
  semantics?: EngineOptions['semantics'];
  /** Give up (and stop the worker) after this long; default 10 minutes. */
  timeoutMs?: number;
}

/**
 * Loads an engine with `options` in a worker thread and moves it here.
 * @example const next = await buildEngineInWorker({ corpusDir: 'corpus', snapshotDir: null, idsDatabase: null });
 */
export function buildEngineInWorker(
  options: PortableEngineOptions,
  build: WorkerBuildOptions = {},
): Promise<Engine> {
  return new Promise<Engine>((resolve, reject) => {
    const worker = startWorker(options);
    const documents: Document[] = [];
    let snapshot: Snapshot | null = null;
    let settled = false;
    // the worker may exit (its work done) before the engine is assembled here
    let done = false;
    const finish = (error: Error | null, engine?: Engine) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      build.signal?.removeEventListener('abort', onAbort);
      void worker.terminate();
      if (error) reject(error);
      else if (engine) resolve(engine);
    };
    const timeoutMs = build.timeoutMs ?? 600_000;
    const timer = setTimeout(
      () =>
        finish(new Error(`reload: building the index took over ${timeoutMs / 1000} s; gave up`)),
      timeoutMs,
    );
    timer.unref();
    const onAbort = () => finish(new Error('reload: stopped'));
    if (build.signal?.aborted) onAbort();
    else build.signal?.addEventListener('abort', onAbort, { once: true });
    // The worker sends one message at a time and waits to be asked for the next, after the
    // event loop has turned: interactions waiting meanwhile run between two slices.
    const askForMore = () =>
      setImmediate(() => {
        if (!settled) worker.postMessage('more');
      });
    worker.on('message', (message: WorkerMessage) => {
      if (
        message.type === 'documents' ||
        message.type === 'snapshot' ||
        message.type === 'snapshot-chunk'
      )
        askForMore();
      switch (message.type) {
        case 'documents':
          documents.push(...message.documents);
          return;
        case 'snapshot':
          snapshot = message.head;
          return;
        case 'snapshot-chunk':
          try {
            if (!snapshot) throw new Error('reload: a snapshot chunk came before its head');
            addChunk(snapshot, message.field, message.items);
          } catch (error) {
            finish(error instanceof Error ? error : new Error(String(error)));
          }
          return;
        case 'error':
          finish(new Error(message.message));
          return;
        case 'done': {
          done = true;
          const loaded = snapshot;
          if (!loaded) {
            finish(new Error('reload: the engine worker sent no index'));
            return;
          }
          engineFromParts(
            {
              ...message.rest,
              corpus: { ...message.corpus, documents },
              snapshot: loaded,
            },
            {
              semantics: build.semantics,
              snapshotDir: options.snapshotDir,
              answerThreshold: options.answerThreshold,
              shortThreshold: options.shortThreshold,
            },
          ).then(
            (engine) => finish(null, engine),
            (error: unknown) => finish(error instanceof Error ? error : new Error(String(error))),
          );
          return;
        }
      }
    });
    worker.on('error', (error) => finish(error));
    worker.on('exit', (code) => {
      if (!done) finish(new Error(`reload: the engine worker exited (${code}) before finishing`));
    });
  });
}
