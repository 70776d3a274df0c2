import { JUDGEMENT } from './doc-terms.ts';
import { clauseEnd, isBoundary, nounPhraseForward, readable } from './phrases.ts';
import type { Analysis } from './tokens.ts';
import { sentenceBounds, span } from './tokens.ts';

/** A term the text defines in words, before it becomes a Fact. */
export interface TermHit {
  subject: string;
  value: string;
  anchor: number;
}

const COPULA = new Set(['is', 'was', 'are', 'were']);
const INDEFINITE = new Set(['a', 'an']);

/**
 * Terms the text itself defines, in two plain English forms (acronyms come from learnAcronyms):
 * - "Hezbollah is a Lebanese militant group" at the start of a sentence
 * - "the Wagner Group, a private militia, ..." (an appositive with an indefinite article)
 *
 * @example termsIn(analyse(p)) // [{ subject: 'Hezbollah', value: 'a Lebanese militant group', ... }]
 */
export function termsIn(an: Analysis): TermHit[] {
  const out: TermHit[] = [];
  const toks = an.tokens;
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i];
    if (t?.pos !== 'PROPN') continue;
    const [sa, sb] = sentenceBounds(an, i);
    // a run of proper nouns, optionally after "The": the term
    let end = i;
    while (toks[end + 1]?.pos === 'PROPN' && toks[end + 1]?.sentence === t.sentence) end++;
    const start = i;
    i = end;
    const next = toks[end + 1];
    const art = toks[end + 2];
    if (!next || !art || !INDEFINITE.has(art.lower)) continue;
    const atSentenceStart = start === sa || (start === sa + 1 && toks[sa]?.lower === 'the');
    let defEnd = -1;
    if (COPULA.has(next.lower) && atSentenceStart) {
      defEnd = nounPhraseForward(an, end + 3, sb);
      if (defEnd >= 0) {
        // "a militia that fought ...": keep the noun phrase's own qualifiers up to the clause end
        const more = clauseEnd(an, defEnd, sb);
        if (more - end < 14) defEnd = more;
      }
    } else if (next.value === ',' && toks[start - 1]?.pos !== 'ADP') {
      // "On Unix, a DLL ..." fronts a phrase; only a bare name takes an appositive
      const npEnd = nounPhraseForward(an, end + 3, sb);
      // an appositive closes with a comma, or the sentence ends
      if (npEnd >= 0 && (isBoundary(toks[npEnd + 1]) || npEnd === sb)) defEnd = npEnd;
    }
    if (defEnd < 0) continue;
    const subject = span(an, start, end);
    const value = readable(an, end + 2, defEnd);
    if (subject.length < 2 || value.split(' ').length < 2 || JUDGEMENT.test(value)) continue;
    out.push({ subject, value, anchor: start });
  }
  return out;
}
