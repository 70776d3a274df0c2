import type { GapsReport } from '../../commands/services.ts';
import type { Repositories } from '../storage/index.ts';

/** /gaps over the unanswered-questions table. */
export function createGapsReport(repos: Pick<Repositories, 'unanswered'>): GapsReport {
  return {
    top: async (limit, scope) =>
      (await repos.unanswered.topGaps(limit, scope ?? '')).map((g) => ({
        question: g.example,
        count: g.count,
        lastAsked: g.lastAsked,
        missingTerms: g.missingTerms,
      })),
  };
}
