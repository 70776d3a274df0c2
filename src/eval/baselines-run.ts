import { type Baseline, lunrDefault, miniSearchDefault, winkBm25 } from './baselines.ts';
import { type RetrievalScore, type SquadSet, scoreRetrieval } from './squad.ts';

export { lunrDefault, miniSearchDefault, winkBm25 };

/** Builds a baseline over the set's contexts and scores it on the set's questions. */
export function scoreRetrievalOf(
  set: SquadSet,
  make: (texts: SquadSet['contexts']) => Baseline,
): RetrievalScore {
  return scoreRetrieval(set.questions, make(set.contexts));
}
