import type { Logger } from 'pino';
import type { UnansweredSink } from '../../commands/services.ts';
import type { Repositories } from '../storage/index.ts';

/** Records unanswered questions; a storage failure must not spoil the answer the user gets. */
export function createUnansweredSink(
  repos: Pick<Repositories, 'unanswered'>,
  logger: Logger,
): UnansweredSink {
  return {
    async record(entry) {
      try {
        await repos.unanswered.record(entry);
      } catch (err) {
        logger.error({ err }, 'could not record an unanswered question');
      }
    },
  };
}
