/**
 * A turn's shape, read from wink-nlp's parts of speech (the same tagger the question reader uses):
 * whether it is a fragment, where its wh-phrase is, and whether a pronoun or a demonstrative in it
 * points outside the turn. The pronouns are listed here: a closed class of English.
 */
import { MAX_QUESTION_CHARS } from '../answer/ask.ts';
import { type TaggedToken, tagText } from '../language/nlp.ts';

const WH = new Set(['what', 'which', 'who', 'whom', 'whose', 'when', 'where', 'why', 'how']);
// Third-person pronouns by what they can stand for.
export const PERSONAL = new Set(['he', 'him', 'his', 'himself', 'she', 'her', 'hers', 'herself']);
export const NEUTER = new Set(['it', 'its', 'itself']);
export const PLURAL = new Set(['they', 'them', 'their', 'theirs', 'themselves']);
const DEMONSTRATIVE = new Set(['this', 'that', 'these', 'those']);
const NOMINAL = new Set(['NOUN', 'PROPN']);
// a possessive may stand for its own clause's subject ("what does the ECFR say about its…")
const POSSESSIVE = new Set(['his', 'its', 'their', 'theirs', 'hers']);
// "the ones in 2022", "which one": a pro-form, not a thing named
export const PRO_FORMS = new Set(['one', 'ones']);

export interface Tok {
  value: string;
  lower: string;
  pos: string;
}

export function tag(text: string): Tok[] {
  return tagText(text.slice(0, MAX_QUESTION_CHARS)).tokens.map((t: TaggedToken) => ({
    value: t.value,
    lower: t.value.toLowerCase(),
    pos: t.pos,
  }));
}

/**
 * A fragment that opens with its wh-phrase ("when?", "for what purpose?") asks a new question of
 * the old subject; one whose wh-word comes after other words ("compared to whom?") extends the
 * previous question instead.
 */
export function opensWithWh(toks: readonly Tok[]): boolean {
  const words = toks.filter((t) => t.pos !== 'PUNCT');
  const at = words.findIndex((t) => WH.has(t.lower));
  return at >= 0 && words.slice(0, at).every((t) => t.pos === 'ADP');
}

export function hasWh(toks: readonly Tok[]): boolean {
  return toks.some((t) => WH.has(t.lower));
}

/** Where the wh-phrase ends: the wh-word and what follows it up to the first verb. */
function whPhraseEnd(toks: readonly Tok[]): number {
  const at = toks.findIndex((t) => WH.has(t.lower));
  if (at < 0 || at > 2) return -1;
  let k = at + 1;
  while (k < toks.length && toks[k]?.pos !== 'AUX' && toks[k]?.pos !== 'VERB') k++;
  return k - 1;
}

/**
 * Whether a third-person pronoun or a demonstrative points outside the turn: "when did they do
 * that?" does, "whose views does the article say it does not reflect?" does not (the article
 * comes before "it"). A word of the wh-phrase is never the antecedent: it is what is asked.
 */
export function hasAnaphor(toks: readonly Tok[]): boolean {
  const whEnd = whPhraseEnd(toks);
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i] as Tok;
    // an object pronoun is never its own clause's subject or co-argument ("did Tehran admit it?"):
    // only a noun before a clause boundary ("…and", a comma, "that") can be what it stands for
    const from = isObject(toks, i) ? clauseStart(toks, whEnd + 1, i) : whEnd + 1;
    const before = toks.slice(from, Math.max(i, from)).filter((b) => NOMINAL.has(b.pos));
    if (PERSONAL.has(t.lower)) {
      if (!before.some((b) => b.pos === 'PROPN')) return true;
    } else if (NEUTER.has(t.lower)) {
      if (!before.some((b) => !isPlural(b))) return true;
    } else if (PLURAL.has(t.lower)) {
      if (!before.some(isPlural) && !coordinated(toks, whEnd + 1, i)) return true;
    } else if (DEMONSTRATIVE.has(t.lower)) {
      if (demonstrativePointsBack(toks, i)) return true;
    } else if (PRO_FORMS.has(t.lower) && isProForm(toks, i)) {
      return true;
    } else if (t.lower === 'there' || t.lower === 'then') {
      // "what happened there?", "what did Iran do then?" (not "there is…")
      const next = toks[i + 1];
      if (!next || next.pos === 'PUNCT') return true;
    }
  }
  return false;
}

/** A pronoun right after a verb or preposition, not the subject of a clause of its own. */
function isObject(toks: readonly Tok[], i: number): boolean {
  if (POSSESSIVE.has(toks[i]?.lower ?? '')) return false;
  const prev = toks[i - 1];
  const next = toks[i + 1];
  const opensClause = next !== undefined && (next.pos === 'AUX' || next.pos === 'VERB');
  return (prev?.pos === 'VERB' || prev?.pos === 'ADP') && !opensClause;
}

/** Where the clause holding token `i` begins: after the last "and", comma or subordinator. */
function clauseStart(toks: readonly Tok[], from: number, i: number): number {
  for (let k = i - 1; k >= from; k--) {
    const t = toks[k] as Tok;
    if (t.lower === 'and' || t.value === ',' || t.pos === 'SCONJ' || t.lower === 'that')
      return k + 1;
  }
  return i;
}

/** "the ones in 2022", "which one": "one" standing for a noun of an earlier turn. */
function isProForm(toks: readonly Tok[], i: number): boolean {
  const prev = toks[i - 1];
  return prev !== undefined && (prev.pos === 'DET' || prev.pos === 'ADJ' || WH.has(prev.lower));
}

/** "that deal", "after that", "do that?", "was that…": not "the deal that Iran signed". */
function demonstrativePointsBack(toks: readonly Tok[], i: number): boolean {
  const t = toks[i] as Tok;
  const prev = toks[i - 1];
  const next = toks[i + 1];
  if (t.lower !== 'that') return true;
  if (!next || next.pos === 'PUNCT') return true;
  if (prev && (NOMINAL.has(prev.pos) || prev.pos === 'VERB')) return false;
  return t.pos === 'DET' || i === 0 || prev?.pos === 'ADP' || prev?.pos === 'AUX';
}

function isPlural(t: Tok): boolean {
  return t.pos === 'NOUN' && /[^s]s$/u.test(t.lower);
}

/** "Iran and Russia … they": two nominals joined by "and" between `from` and `to`. */
function coordinated(toks: readonly Tok[], from: number, to: number): boolean {
  for (let k = Math.max(from + 1, 1); k < to - 1; k++) {
    if (
      toks[k]?.lower === 'and' &&
      NOMINAL.has(toks[k - 1]?.pos ?? '') &&
      (NOMINAL.has(toks[k + 1]?.pos ?? '') || toks[k + 1]?.pos === 'DET')
    )
      return true;
  }
  return false;
}

/**
 * A turn without a clause of its own: no verb at all ("for what purpose?", "when?"), or a wh-word
 * left at the end with no auxiliary ("compared to whom?").
 */
export function isFragment(toks: readonly Tok[]): boolean {
  const words = toks.filter((t) => t.pos !== 'PUNCT');
  // "who controls…": the word after a leading "who" is its verb, whatever the tagger says
  if (words[0]?.lower === 'who' && words.length > 1) return false;
  const aux = words.some((t) => t.pos === 'AUX');
  if (!aux && !words.some((t) => t.pos === 'VERB')) return true;
  const lastWord = words.at(-1);
  return !aux && lastWord !== undefined && WH.has(lastWord.lower) && words.length > 1;
}
