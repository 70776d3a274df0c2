import type { Logger } from 'pino';
import type { FeedbackSink } from '../../commands/services.ts';
import type { Repositories } from '../storage/index.ts';
import { platformSchema } from '../storage/types.ts';

/** Stores 👍/👎; the answer key stands for the message (one vote per user per answer). */
export function createFeedbackSink(
  repos: Pick<Repositories, 'feedback'>,
  logger: Logger,
): FeedbackSink {
  return {
    async record(vote) {
      const platform = platformSchema.safeParse(vote.platform);
      if (!platform.success) {
        logger.warn({ platform: vote.platform }, 'feedback from a platform without storage');
        return;
      }
      await repos.feedback.vote({
        platform: platform.data,
        messageId: vote.answerKey,
        userId: vote.userId,
        question: vote.question,
        passageIds: vote.passageIds,
        vote: vote.vote,
      });
    },
  };
}
