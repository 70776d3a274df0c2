import type { Paragraph } from '../corpus/types.ts';
import { tagText } from '../language/nlp.ts';

/** A wink-nlp token aligned to UTF-16 offsets in the paragraph text. */
export interface Tok {
  value: string;
  /** Lower-cased value. */
  lower: string;
  pos: string;
  start: number;
  end: number;
  /** Index into `Paragraph.sentences`. */
  sentence: number;
}

/** A wink-nlp entity (DATE, DURATION, CARDINAL, MONEY, PERCENT, ORDINAL, ...) as a token range. */
export interface Ent {
  type: string;
  /** First and last token index, inclusive. */
  first: number;
  last: number;
}

export interface Analysis {
  paragraph: Paragraph;
  tokens: Tok[];
  entities: Ent[];
}

/**
 * Runs the shared wink-nlp pipeline over the sentences of a paragraph that may hold a fact (see
 * `mayHoldFacts`) and aligns every token to its offsets in the paragraph, so each extractor can
 * cut verbatim text and knows the paragraph sentence a fact came from. Skipping sentences with
 * nothing to find is most of what keeps a large corpus affordable.
 *
 * @example analyse(p).entities.filter((e) => e.type === 'DATE')
 */
export function analyse(
  paragraph: Paragraph,
  select: (sentence: string) => boolean = () => true,
): Analysis {
  const tokens: Tok[] = [];
  const entities: Ent[] = [];
  paragraph.sentences.forEach((sentence, index) => {
    if (!select(sentence.text)) return;
    readInto(sentence.text, sentence.start, index, tokens, entities);
  });
  return { paragraph, tokens, entities: mergeAdjacentNumbers(entities, tokens) };
}

function readInto(
  text: string,
  base: number,
  sentence: number,
  tokens: Tok[],
  entities: Ent[],
): void {
  const tagged = tagText(text);
  const offset = tokens.length;
  for (const t of tagged.tokens)
    tokens.push({
      value: t.value,
      lower: t.value.toLowerCase(),
      pos: t.pos,
      start: base + t.start,
      end: base + t.end,
      sentence,
    });
  for (const e of tagged.entities)
    entities.push({ type: e.type, first: offset + e.first, last: offset + e.last });
}

/** wink splits "two dozen" into two CARDINALs; one amount reads better as one figure. */
function mergeAdjacentNumbers(entities: Ent[], tokens: Tok[]): Ent[] {
  const out: Ent[] = [];
  for (const e of entities) {
    const prev = out[out.length - 1];
    if (
      prev &&
      prev.type === 'CARDINAL' &&
      e.type === 'CARDINAL' &&
      prev.last + 1 === e.first &&
      tokens[e.first]?.sentence === tokens[prev.last]?.sentence
    ) {
      prev.last = e.last;
    } else {
      out.push({ ...e });
    }
  }
  return out;
}

/** The verbatim text from token `a` to token `b` inclusive. */
export function span(an: Analysis, a: number, b: number): string {
  const first = an.tokens[a];
  const last = an.tokens[b];
  if (!first || !last || b < a) return '';
  return an.paragraph.text.slice(first.start, last.end);
}

/** The first and last token index of sentence `s`. */
export function sentenceBounds(an: Analysis, tokenIndex: number): [number, number] {
  const s = an.tokens[tokenIndex]?.sentence ?? -1;
  let a = tokenIndex;
  let b = tokenIndex;
  while (a > 0 && an.tokens[a - 1]?.sentence === s) a--;
  while (b < an.tokens.length - 1 && an.tokens[b + 1]?.sentence === s) b++;
  return [a, b];
}

/** The paragraph sentence holding token `i`, verbatim, or null. */
export function sentenceOf(an: Analysis, i: number): string | null {
  const s = an.tokens[i]?.sentence ?? -1;
  return an.paragraph.sentences[s]?.text ?? null;
}
