/**
 * Corpus reloads: build a new engine off the hot path, check it, swap it in whole. A reload that
 * fails (the corpus folder is gone, a document that loaded before is now broken, nothing would be
 * left) keeps the engine being served and says which file and line is at fault.
 */
import type { Logger } from 'pino';
import type { Engine } from '../answer/engine.ts';
import { type CorpusProblem, formatProblem } from '../corpus/types.ts';
import type { LiveEngine } from './live-engine.ts';

/** What started a reload (for the log). */
export type ReloadTrigger = 'watch' | 'command' | 'test';

export type ReloadResult =
  | {
      ok: true;
      documents: number;
      paragraphs: number;
      ms: number;
      /** Problems the corpus already had before this reload (those files are still skipped). */
      knownProblems: string[];
    }
  | {
      ok: false;
      /** Each `path:line: reason` (or one error without a file) that stopped the reload. */
      problems: string[];
      ms: number;
    };

/** What a reload reports to metrics. */
export interface ReloadMetrics {
  reloaded(result: 'ok' | 'failed', seconds: number, paragraphs: number): void;
}

export interface ReloaderOptions {
  live: LiveEngine;
  /**
   * Builds a new engine from the corpus as it is now (same options as at start); `signal`
   * aborts when the bot stops (a build in a worker thread is then terminated).
   */
  build: (signal: AbortSignal) => Promise<Engine>;
  logger: Logger;
  metrics?: ReloadMetrics | undefined;
  now?: () => Date;
}

/** `path: reason`: the same problem in a file moved by an edit above it is not a new one. */
const problemKey = (p: CorpusProblem) => `${p.path}\0${p.reason}`;

/**
 * Why `next` must not replace `prev`, or [] when it may: a problem `prev` did not have (a file
 * that loaded before and is broken now, or a new broken file), or a corpus that lost every
 * paragraph (a folder emptied by a checkout in progress).
 */
export function reloadProblems(prev: Engine, next: Engine): string[] {
  const known = new Set(prev.problems.map(problemKey));
  const fresh = next.problems.filter((p) => !known.has(problemKey(p))).map(formatProblem);
  if (next.corpus.paragraphs.length === 0 && prev.corpus.paragraphs.length > 0)
    fresh.push(`${next.corpus.dir}: no documents left to load`);
  return fresh;
}

/**
 * Serialises reloads: one runs at a time; a request made while one runs gets the next run, which
 * starts when the current one ends and sees every change made before it (requests made meanwhile
 * share it). Never rejects.
 */
export class Reloader {
  readonly #opts: ReloaderOptions;
  #running: Promise<ReloadResult> | null = null;
  #queued: Promise<ReloadResult> | null = null;
  readonly #abort = new AbortController();

  constructor(opts: ReloaderOptions) {
    this.#opts = opts;
  }

  reload(trigger: ReloadTrigger): Promise<ReloadResult> {
    if (this.#abort.signal.aborted)
      return Promise.resolve({ ok: false, problems: ['the bot is stopping'], ms: 0 });
    if (!this.#running) {
      this.#running = this.#run(trigger).finally(() => {
        this.#running = null;
      });
      return this.#running;
    }
    if (!this.#queued) {
      const after = this.#running;
      this.#queued = after.then(() => {
        this.#queued = null;
        return this.reload(trigger);
      });
    }
    return this.#queued;
  }

  /** Resolves once no reload is running or queued. */
  async idle(): Promise<void> {
    while (this.#running || this.#queued) await (this.#queued ?? this.#running);
  }

  /** Stops: a build in progress is abandoned (the served engine stays), later requests fail. */
  async close(): Promise<void> {
    this.#abort.abort();
    await this.idle();
  }

  async #run(trigger: ReloadTrigger): Promise<ReloadResult> {
    const { live, logger, metrics } = this.#opts;
    const started = performance.now();
    const prev = live.current();
    let problems: string[];
    let next: Engine | null = null;
    try {
      next = await this.#opts.build(this.#abort.signal);
      if (this.#abort.signal.aborted) throw new Error('the bot is stopping');
      problems = reloadProblems(prev, next);
    } catch (error) {
      problems = [error instanceof Error ? error.message : String(error)];
    }
    const ms = Math.round(performance.now() - started);
    if (next === null || problems.length > 0) {
      metrics?.reloaded('failed', ms / 1000, prev.corpus.paragraphs.length);
      logger.error(
        { trigger, problems, ms },
        'corpus reload failed; still serving the previous documents',
      );
      return { ok: false, problems, ms };
    }
    live.swap(next, this.#opts.now?.() ?? new Date());
    metrics?.reloaded('ok', ms / 1000, next.corpus.paragraphs.length);
    const knownProblems = next.problems.map(formatProblem);
    logger.info(
      {
        trigger,
        documents: next.corpus.documents.length,
        paragraphs: next.corpus.paragraphs.length,
        generation: live.generation,
        ms,
        ...(knownProblems.length > 0 ? { knownProblems } : {}),
      },
      'corpus reloaded',
    );
    return {
      ok: true,
      documents: next.corpus.documents.length,
      paragraphs: next.corpus.paragraphs.length,
      ms,
      knownProblems,
    };
  }
}
