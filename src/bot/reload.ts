import type { Logger } from 'pino';
import type { Engine } from '../answer/engine.ts';
import type { Config } from '../config.ts';
import type { Lifecycle } from '../ops/lifecycle.ts';
import type { Metrics } from '../ops/metrics.ts';
import type { LiveEngine } from '../reload/live-engine.ts';
import { Reloader } from '../reload/reloader.ts';
import { type CorpusWatcher, type WatchOptions, watchCorpus } from '../reload/watch.ts';
import type { Clock } from '../storage/types.ts';

/** Corpus reloads into `live` with `build`, each counted in the metrics. */
export function createReloader(deps: {
  live: LiveEngine;
  build: (signal: AbortSignal) => Promise<Engine>;
  logger: Logger;
  clock: Clock;
  metrics: Metrics;
}): Reloader {
  const { live, build, logger, clock, metrics } = deps;
  return new Reloader({
    live,
    build,
    logger,
    now: clock,
    metrics: {
      reloaded: (result, seconds, paragraphs) => {
        metrics.reloads.labels(result).inc();
        metrics.reloadSeconds.observe(seconds);
        metrics.indexParagraphs.set(paragraphs);
      },
    },
  });
}

/** Watches CORPUS_DIR (CORPUS_WATCH=true or poll) and reloads when its files change. */
export function watchForReloads(deps: {
  config: Config;
  reloader: Reloader;
  lifecycle: Lifecycle;
  logger: Logger;
  clock: Clock;
  watch: Pick<WatchOptions, 'debounceMs' | 'checkEveryMs'> | undefined;
}): CorpusWatcher {
  const { config, reloader, lifecycle, logger, clock } = deps;
  return watchCorpus(config.CORPUS_DIR, {
    ...deps.watch,
    logger,
    followOutside: config.CORPUS_FOLLOW_OUTSIDE,
    now: clock,
    polling: config.CORPUS_WATCH === 'poll',
    onChange: (paths) => {
      logger.info({ paths: paths.slice(0, 5), changed: paths.length }, 'corpus changed');
      void reloader.reload('watch');
    },
    onError: () => lifecycle.error('corpus_watch'),
  });
}
