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
    const value = span(an, e.first, e.last);
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
    const subject = countedThing(an, e);
    if (!subject) continue;
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
