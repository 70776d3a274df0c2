import type { PlatformHealth, RunningPlatform } from '../adapters/platform.ts';
import type { Config } from '../config.ts';
import type { HttpServer } from '../http/server.ts';
import { registerOpsRoutes } from '../ops/health.ts';
import type { Lifecycle } from '../ops/lifecycle.ts';
import type { Metrics } from '../ops/metrics.ts';
import type { LiveEngine } from '../reload/live-engine.ts';
import { type CorpusWatcher, folderProblem } from '../reload/watch.ts';
import type { Database } from '../storage/sql.ts';
import type { Clock } from '../storage/types.ts';

/**
 * /healthz and /metrics on the bot's HTTP server, reporting what the running bot holds: its state,
 * the engine being served, the database, each platform and the corpus folder.
 */
export function registerBotHealth(
  http: HttpServer,
  deps: {
    config: Config;
    metrics: Metrics;
    lifecycle: Lifecycle;
    live: LiveEngine;
    db: Database;
    running: readonly RunningPlatform[];
    /** When the platforms had started: a platform that reports no health is connected since then. */
    startedAt: Date;
    clock: Clock;
    /** The corpus watcher once there is one (it starts after the routes are registered). */
    watcher: () => CorpusWatcher | null;
  },
): void {
  const { config, metrics, lifecycle, live, db, running, startedAt, clock } = deps;
  registerOpsRoutes(http, {
    metrics,
    metricsToken: config.METRICS_TOKEN,
    health: {
      state: () => lifecycle.state,
      index: () => {
        const engine = live.current();
        return {
          documents: engine.corpus.documents.length,
          paragraphs: engine.corpus.paragraphs.length,
          loadedAt: live.loadedAt,
          generation: live.generation,
        };
      },
      database: () => db.ping().then(() => true),
      databaseEngine: db.dialect,
      platforms: () =>
        Object.fromEntries(
          running.map((p): [string, PlatformHealth] => [
            p.id,
            p.health?.() ?? { status: 'connected', since: startedAt },
          ]),
        ),
      now: clock,
      // the watcher's view when there is one, else a look at the folder for this probe
      corpus: async () => {
        const folder = deps.watcher()?.status();
        if (folder?.state === 'missing')
          return { dir: config.CORPUS_DIR, reason: folder.reason, since: folder.since };
        if (folder) return null;
        const reason = await folderProblem(config.CORPUS_DIR);
        return reason === null ? null : { dir: config.CORPUS_DIR, reason };
      },
    },
  });
}
