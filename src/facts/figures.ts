import { isMonthName } from './dates.ts';
import { clauseStart, nounPhraseForward, readable, trimFunctionWords } from './phrases.ts';
import type { Analysis, Ent } from './tokens.ts';
import { sentenceBounds, span } from './tokens.ts';

/** An amount and what it counts, before it becomes a Fact. */
export interface FigureHit {
  /** What is counted ("short range ballistic missiles"). */
  subject: string;
  /** The amount as written ("several hundred"). */
  value: string;
  anchor: number;
}

const AMOUNT_TYPES = new Set(['CARDINAL', 'MONEY', 'PERCENT']);
const SMALL_WORDS = new Set([
  'one',
  'two',
  'three',
  'four',
  'five',
  'six',
  'seven',
  'eight',
  'nine',
  'ten',
]);
const LEADING_ARTICLE = /^(?:the|a|an)\s+/iu;

/**
 * Units, multipliers and frequencies: what an amount is measured in, not what it counts. "90x",
 * "15 MB", "three times" alone say nothing; "15x faster builds" or "64% of the build time" do.
 */
const UNIT =
  /^(?:[kmgtp]?i?b|bytes?|[kmgt]?bits?|kb\/s|mb\/s|ms|µs|ns|s|secs?|seconds?|mins?|minutes?|hours?|h|x|times|fold|%|percent|k|m|px|em|rem|fps|hz|khz|mhz|ghz|loc|lines?)$/iu;

/**
 * Figures in one analysed paragraph: wink CARDINAL, MONEY and PERCENT entities with the noun
 * phrase they count ("several hundred short range ballistic missiles", "thousands of additional
 * Iran-designed drones"). Plain years, numbers inside names ("Tondar-69", "September 11") and
 * definite references ("the two countries") are not figures.
 *
 * @example figuresIn(analyse(p)) // [{ value: 'several hundred', subject: 'short range ballistic missiles', ... }]
 */
export function figuresIn(an: Analysis): FigureHit[] {
  const out: FigureHit[] = [];
  for (const e of an.entities) {
    if (!AMOUNT_TYPES.has(e.type) || partOfName(an, e)) continue;
    // a table row ("Vite 3.0.0 | 3.05MB") says what a figure counts in its header, not here
    const sentence = an.paragraph.sentences[an.tokens[e.first]?.sentence ?? -1]?.text ?? '';
    if (sentence.includes(' | ')) continue;
    let value = span(an, e.first, e.last);
    // "1.5x-2x dev startup time improvement", "46s": a unit written onto the number is the value's
    let last = e.last;
    while (
      an.tokens[last + 1] &&
      an.tokens[last + 1]?.start === an.tokens[last]?.end &&
      /^[\p{L}%]*(?:[-–~][\d.]+[\p{L}%]*)?$/u.test(an.tokens[last + 1]?.value ?? '') &&
      (an.tokens[last + 1]?.value ?? '') !== ''
    )
      last++;
    if (last > e.last) value = span(an, e.first, last);
    const lower = value.toLowerCase();
    if (/^(1[5-9]|20)\d\d$/u.test(value)) continue;
    // "one line", "zero bytes": a single thing is not a figure worth stating
    if (/^(?:zero|one|0|1|none|a|an)$/iu.test(value)) continue;
    const prev = an.tokens[e.first - 1];
    if (
      SMALL_WORDS.has(lower) &&
      (prev?.lower === 'the' || prev?.pos === 'PRON' || an.tokens[e.last + 1]?.lower === 'of')
    )
      continue;
    const subject = countedThing(an, { ...e, last });
    if (!subject) continue;
    // what it counts, not what it is measured in: "x", "MB", "times" alone are no subject
    // (a unit first means the words after it say what is measured, not counted: "MB vs 18.3 MB")
    const first = (subject.split(/\s+/u)[0] ?? '').replace(/[.,;:]$/u, '');
    if (UNIT.test(first) || /^[-–~]/u.test(first)) continue;
    out.push({ subject, value, anchor: e.first });
  }
  return out;
}

/** "Tondar-69", "Su-35", "post-September 11", "Article 5": the number is part of a name. */
function partOfName(an: Analysis, e: Ent): boolean {
  const first = an.tokens[e.first];
  const last = an.tokens[e.last];
  const prev = an.tokens[e.first - 1];
  const next = an.tokens[e.last + 1];
  if (!first || !last) return true;
  if (/[A-Za-z]-\d|\d-[A-Za-z]/u.test(first.value) || /[A-Za-z]-\d|\d-[A-Za-z]/u.test(last.value))
    return true;
  if (prev && prev.end === first.start && /[-‐–]$/u.test(prev.value)) return true;
  if (
    next &&
    next.start === last.end &&
    /^[-‐–]/u.test(next.value) &&
    !/^\d/u.test(an.tokens[e.last + 2]?.value ?? '')
  )
    return true;
  if (prev && isMonthName(prev.value.replace(/^.*-/u, ''))) return true;
  // "VITE_SOME_KEY=123", "v5", "#1234": the number is written onto something
  if (prev && prev.end === first.start && /[=#_/\p{L}]$/u.test(prev.value)) return true;
  // a digit right after a capitalised word names something ("Resolution 2231", "Flight 752")
  return (
    prev !== undefined &&
    /^\d/u.test(first.value) &&
    (prev.pos === 'PROPN' || /^[A-Z]/u.test(prev.value))
  );
}

function countedThing(an: Analysis, e: Ent): string | null {
  const [sa, sb] = sentenceBounds(an, e.first);
  let i = e.last + 1;
  const next = an.tokens[i];
  if (next?.lower === 'of' || (e.type !== 'CARDINAL' && next?.lower === 'in')) {
    i++;
    if (an.tokens[i]?.pos === 'DET') i++;
  }
  const end = nounPhraseForward(an, i, sb);
  if (end >= i) return readable(an, i, end).replace(LEADING_ARTICLE, '') || null;
  if (e.type === 'CARDINAL') return null;
  // "spending rose by 40 percent": the amount measures the clause before it
  const p = e.first - 1;
  const cs = clauseStart(an, p, sa);
  const [s, t] = trimFunctionWords(an, cs, p, true);
  return t >= s ? readable(an, s, t).replace(LEADING_ARTICLE, '') : null;
}
