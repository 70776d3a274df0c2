/**
 * A question set file as SQuAD v2 JSON, whichever public form it comes in: Natural Questions as
 * google-research-datasets/QED publishes it (`.jsonlines`, qed.ts), WikiQA's own tab-separated
 * file (`.tsv`, wikiqa.ts), else SQuAD v2 JSON itself. `eval --squad` and `npm run fit` read
 * their files through it.
 */
import { qedToSquad } from './qed.ts';
import { wikiqaToSquad } from './wikiqa.ts';

/** The file's text as SQuAD v2 JSON, by its name's ending (see above). */
export function squadJson(file: string, text: string): unknown {
  if (file.endsWith('.jsonlines')) return qedToSquad(text);
  if (file.endsWith('.tsv')) return wikiqaToSquad(text);
  return JSON.parse(text);
}
