import { stemWord } from '../language/analyzer.ts';
import { tagText } from '../language/nlp.ts';
import { foldMarks } from '../language/normalize.ts';

/** A wink-nlp token of one sentence, with its UTF-16 offsets into the sentence text. */
export interface STok {
  value: string;
  lower: string;
  pos: string;
  start: number;
  end: number;
  /** The analyzer's form (acronyms lower-cased, not stemmed), comparable with indexTerms(). */
  stem: string;
  /** Starts with a capital letter. */
  cap: boolean;
}

/** A wink-nlp entity (DATE, DURATION, CARDINAL, MONEY, PERCENT, ORDINAL, TIME) as a token range. */
export interface SEnt {
  type: string;
  first: number;
  last: number;
}

export interface ReadSentence {
  text: string;
  toks: STok[];
  ents: SEnt[];
}

const ACRONYM = /^\p{Lu}[\p{Lu}\p{N}]+$/u;

/** The analyzer's indexed form of one word (see analyzer.ts makeToken). */
export function analyzerStem(value: string): string {
  let v = value;
  if (/^(?:\p{L}\.)+\p{L}?\.?$/u.test(v)) v = v.replace(/\./gu, '');
  v = v.replace(/['’]s$/iu, '').replace(/['’]$/u, '');
  return ACRONYM.test(v) ? foldMarks(v.toLowerCase()) : stemWord(v);
}

/**
 * Tags one sentence with wink-nlp (~0.1–0.3 ms) and recovers each token's offsets: wink keeps a
 * token's characters, so searching forward from the previous token finds it; a token it rewrote
 * keeps the cursor position and an empty span.
 */
export function readSentence(text: string): ReadSentence {
  const tagged = tagText(text);
  const toks: STok[] = tagged.tokens.map((t) => ({
    ...t,
    lower: t.value.toLowerCase(),
    stem: /[\p{L}\p{N}]/u.test(t.value) ? analyzerStem(t.value) : t.value,
    cap: /^\p{Lu}/u.test(t.value),
  }));
  const ents: SEnt[] = [];
  for (const { type, first, last } of tagged.entities) {
    const prev = ents[ents.length - 1];
    // "two dozen", "several hundred thousand": one amount, not two
    if (prev && prev.type === 'CARDINAL' && type === 'CARDINAL' && prev.last + 1 === first)
      prev.last = last;
    else ents.push({ type, first, last });
  }
  return { text, toks, ents };
}
