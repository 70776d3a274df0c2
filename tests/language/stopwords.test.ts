import { eng } from 'stopword';
import { describe, expect, it } from 'vitest';
import { STOPWORDS, WRITTEN_CONTRACTIONS } from '../../src/language/stopwords.ts';

describe('stopwords', () => {
  it('hold the stopword package’s English list, contractions and chat shorthand', () => {
    for (const w of eng) expect(STOPWORDS.has(w), w).toBe(true);
    for (const w of ['im', 'dont', 'theyre', 'thx', 'btw', 'idk'])
      expect(STOPWORDS.has(w), w).toBe(true);
  });

  it('leave out the words a contraction’s letters spell, which only its apostrophe tells apart', () => {
    for (const c of WRITTEN_CONTRACTIONS) expect(c, c).toContain("'");
    for (const w of ['ill', 'id', 'lets', 'wed', 'shell']) expect(STOPWORDS.has(w), w).toBe(false);
  });
});
