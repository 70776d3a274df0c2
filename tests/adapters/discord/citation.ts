/** A citation of the bundled corpus, as the Discord rendering tests read it. */
import type { Citation } from '../../../src/answer/reply.ts';

export const citation: Citation = {
  paragraphId: 'going-ballistic#p2',
  documentTitle: 'Going ballistic: How Europeans can respond to Iran’s missile transfers to Russia',
  publisher: 'ECFR',
  section: null,
  n: 2,
  kind: 'body',
  url: null,
};
