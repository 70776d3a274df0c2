import { describe, expect, it } from 'vitest';
import { nameSpans } from '../../src/answer/name-spans.ts';
import { readSentence } from '../../src/answer/sentence-tokens.ts';

/** The person look of each name span in a sentence, by its words. */
function persons(sentence: string): Record<string, number> {
  const rs = readSentence(sentence);
  const out: Record<string, number> = {};
  for (const s of nameSpans(rs))
    out[
      rs.toks
        .slice(s.first, s.last + 1)
        .map((t) => t.value)
        .join(' ')
    ] = s.looks.person ?? 0;
  return out;
}

describe('nameSpans', () => {
  it('reads a region’s adjective as qualifying, naming no one', () => {
    const read = persons(
      'It went far beyond its traditional Middle Eastern sphere, said Ali Khamenei.',
    );
    expect(read['Middle Eastern']).toBe(0);
    expect(read['Ali Khamenei']).toBeGreaterThan(0);
    expect(persons('Its North Western allies balked.')['North Western']).toBe(0);
  });
});
