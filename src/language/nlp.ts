import model from 'wink-eng-lite-web-model';
import winkNLP, { type ItemEntity, type WinkMethods } from 'wink-nlp';

let instance: WinkMethods | undefined;
let lean: WinkMethods | undefined;

/**
 * The shared wink-nlp instance with its whole pipeline (sentences, entities, negation, sentiment,
 * parts of speech): the facts and the short answer read its entities. Loading the model takes
 * ~100–200 ms, so it is made once, lazily.
 */
export function nlp(): WinkMethods {
  instance ??= winkNLP({ ...model, core: () => historyFreeCore(model) });
  return instance;
}

/**
 * A second instance that finds only sentences and parts of speech, for what reads nothing else:
 * every question (`wordsAndTags`, the asking sentence) and the corpus's sentence splitting. A read
 * costs about half a full one (on the Python docs' bench questions 22 µs against 48 µs): wink
 * runs entities, negation and sentiment after the sentences and apart from the tags
 * (wink-nlp/src/wink-nlp.js, `readDoc`), so the tokens, tags and sentences are the same. Its own
 * copy of the model costs ~9 MB and one more load.
 */
export function sentencesAndTags(): WinkMethods {
  lean ??= winkNLP({ ...model, core: () => historyFreeCore(model) }, ['sbd', 'pos']);
  return lean;
}

/** One of the model's tokenizer rules: a regular expression's source, its flags, a category code. */
type TokenRule = [source: string, flags: string, category: number];

/** The possessive rule as the model ships it: "'s" or "’s" only at the end of the piece. */
const POSSESSIVE_AT_END = String.raw`[\'\’]s$`;
/** Any "'s" or "’s" that no letter, digit or combining mark follows (the model's word characters). */
const POSSESSIVE = String.raw`[\'\’]s(?![a-z\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u00FF0-9\u0300-\u036f\u2060])`;
/** A run of periods, split off before the word rule can take one of them as a word's last letter. */
const PERIODS: TokenRule = [String.raw`\.{2,}$`, 'g', 12];

/**
 * The model's core with two tokenizer rules changed so that how wink-nlp splits a text does not
 * depend on what it read before (winkjs/wink-nlp#143), which had made tests flaky in one process.
 *
 * wink-nlp 2.4.0 adds every token it emits to the model's lexeme table (`add` in
 * node_modules/wink-nlp/src/cache.js:154, the table grows at :129), and its tokenizer keeps any
 * space-separated piece found in that table whole (`_addTokenIfInCache`, src/tokenizer.js:212).
 * Two of its paths split the same characters differently: "Iran's" alone has its "'s" split off
 * (the `anyWithRP` helper), but "Iran's." goes to the recursive tokenizer with its period
 * (src/tokenizer.js:90), whose possessive rule `[\'\’]s$` matches only at the piece's end, so
 * the word rule emits "Iran's" whole and the table learns it; from then on "Who is Iran's
 * supreme leader?" reads "Iran's" as one proper noun. The same happens before ",", ":", "-",
 * "/", "&" and a closing quote, and with "’s". Likewise "F-16..." or "Iran'll..." end in
 * "." + ".." until the word is in the table, and in "..." after. Here the possessive rule splits
 * any "'s" that no word character follows, and runs of periods are split before the word rule,
 * so both paths agree and the table no longer changes how a text is split.
 * Throws when the model's rules are not the ones this was written against.
 */
function historyFreeCore(shipped: typeof model): unknown {
  const load: unknown = shipped.core;
  if (typeof load !== 'function') throw new Error('wink-eng-lite-web-model: no core() to load');
  const core: unknown = load.call(shipped);
  const rules = (core as { trex?: { rtc?: unknown } } | null)?.trex?.rtc;
  const possessive = Array.isArray(rules)
    ? rules.findIndex((r: unknown) => Array.isArray(r) && r[0] === POSSESSIVE_AT_END)
    : -1;
  const words = Array.isArray(rules)
    ? rules.findIndex((r: unknown) => Array.isArray(r) && r[2] === 1)
    : -1;
  if (!Array.isArray(rules) || possessive < 0 || words < possessive) {
    throw new Error(
      'wink-eng-lite-web-model: its tokenizer rules changed (no possessive rule before the word rule); revisit historyFreeCore in src/language/nlp.ts',
    );
  }
  const rule = rules[possessive] as TokenRule;
  rules[possessive] = [POSSESSIVE, rule[1], rule[2]];
  rules.splice(words, 0, [...PERIODS]);
  return core;
}

let lastTagged: { text: string; values: readonly string[]; pos: readonly string[] } | undefined;

/**
 * wink-nlp's tokens of a text and their part-of-speech tags. A question is tagged by two readers
 * (its shape, language/question.ts, and its words' parts of speech, search/query.ts), usually as
 * the same text: the last text's reading is kept, so the second reads it again for nothing.
 * Reading is deterministic (`historyFreeCore`), so the kept reading is the one a new read gives.
 */
export function wordsAndTags(text: string): { values: readonly string[]; pos: readonly string[] } {
  if (lastTagged?.text === text) return lastTagged;
  const engine = sentencesAndTags();
  const doc = engine.readDoc(text);
  const tokens = doc.tokens();
  lastTagged = {
    text,
    values: tokens.out(engine.its.value) as string[],
    pos: tokens.out(engine.its.pos) as string[],
  };
  return lastTagged;
}

/** A wink-nlp token with its UTF-16 offsets into the text it was read from. */
export interface TaggedToken {
  value: string;
  pos: string;
  start: number;
  end: number;
}

/** A wink-nlp entity (DATE, DURATION, CARDINAL, MONEY, …) as an inclusive token range. */
export interface TaggedEntity {
  type: string;
  first: number;
  last: number;
}

/**
 * Tags a text with wink-nlp and recovers each token's offsets: wink keeps a token's original
 * characters, so searching forward from the previous token finds it, even where it splits
 * contractions ("wo" + "n’t"); a token it rewrote keeps the cursor position and an empty span.
 * The facts extractors and the short-answer reader both read sentences through this.
 */
export function tagText(text: string): { tokens: TaggedToken[]; entities: TaggedEntity[] } {
  const engine = nlp();
  const its = engine.its;
  const doc = engine.readDoc(text);
  const values = doc.tokens().out(its.value) as string[];
  const pos = doc.tokens().out(its.pos) as string[];
  const tokens: TaggedToken[] = [];
  let cursor = 0;
  for (let i = 0; i < values.length; i++) {
    const value = values[i] ?? '';
    const found = text.indexOf(value, cursor);
    const start = found >= 0 && found - cursor < 64 ? found : cursor;
    const end = found === start ? start + value.length : start;
    cursor = end;
    tokens.push({ value, pos: pos[i] ?? 'X', start, end });
  }
  const entities: TaggedEntity[] = [];
  doc.entities().each((e: ItemEntity) => {
    const span = e.out(its.span) as unknown;
    if (!Array.isArray(span)) return;
    const [first, last] = span as unknown[];
    if (typeof first !== 'number' || typeof last !== 'number') return;
    entities.push({ type: String(e.out(its.type)), first, last });
  });
  return { tokens, entities };
}
