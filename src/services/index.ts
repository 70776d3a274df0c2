/**
 * The Services commands use, built over the repositories and the daily scheduler. One set per
 * platform: the daily posts a command sees are its own platform's.
 */
import type { Logger } from 'pino';
import type { Services } from '../../commands/services.ts';
import type { Engine } from '../answer/engine.ts';
import type { DailyService } from '../daily/service.ts';
import type { Repositories } from '../storage/index.ts';
import type { Platform } from '../storage/types.ts';
import { createDailyPosts } from './daily-posts.ts';
import { createFeedbackSink } from './feedback-sink.ts';
import { createGapsReport } from './gaps-report.ts';
import { createUnansweredSink } from './unanswered-sink.ts';

export { createDailyPosts, createFeedbackSink, createGapsReport, createUnansweredSink };

export interface ServicesDeps {
  repos: Repositories;
  daily: DailyService;
  /** The engine, or where to read the one being served (a reload swaps it). */
  engine: Pick<Engine, 'corpus' | 'facts'> | { current(): Pick<Engine, 'corpus' | 'facts'> };
  /** Whether this process runs the scheduler (DAILY_ENABLED). */
  posting: boolean;
  logger: Logger;
}

/** Every service, backed by the database, for commands run on `platform`. */
export function createServices(deps: ServicesDeps, platform: Platform): Services {
  return {
    recent: deps.repos.recent,
    feedback: createFeedbackSink(deps.repos, deps.logger),
    unanswered: createUnansweredSink(deps.repos, deps.logger),
    daily: createDailyPosts({
      daily: deps.daily,
      engine: deps.engine,
      posting: deps.posting,
      platform,
    }),
    gaps: createGapsReport(deps.repos),
  };
}
