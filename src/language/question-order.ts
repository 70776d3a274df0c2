import { stemWord } from './analyzer.ts';
import { NOMINAL } from './question-focus.ts';
import type { QTok } from './question-shape.ts';
import { AUX, WH } from './question-words.ts';

/**
 * Which of the question's words a statement of the answer puts before it and which after
 * (QuestionShape.order).
 */

/** "used", "elected", "taken", "being": the verb of a passive or progressive subject question. */
function isParticiple(t: QTok | undefined): boolean {
  return t !== undefined && t.pos === 'VERB' && /(?:ed|en|wn|ng|t)$/u.test(t.lower);
}

const BE = new Set(['is', 'are', 'was', 'were', 'be', 'been']);
const INVERTING = new Set([...AUX].filter((w) => !w.includes("'")));

/**
 * Where the question's words stand relative to the answer once the question is turned into a
 * statement. "What did Iran supply to Russia?" inverts: the subject and verb come before the
 * answer ("Iran supplied X"). "Who founded Normandy?" asks for the subject: the rest comes after
 * it. Words before a trailing wh-word come before ("…reduced to what?"). A bare copula ("what is
 * the capital of France") says nothing: either order is common.
 */
export function answerOrder(toks: readonly QTok[]): { before: string[]; after: string[] } | null {
  const whAt = toks.findIndex((t) => WH.has(t.lower));
  if (whAt < 0) return null;
  const before: string[] = [];
  const after: string[] = [];
  const content = (t: QTok) =>
    (t.pos === 'NOUN' ||
      t.pos === 'PROPN' ||
      t.pos === 'VERB' ||
      t.pos === 'ADJ' ||
      t.pos === 'NUM') &&
    !WH.has(t.lower);
  const stemOf = (t: QTok) =>
    /^\p{Lu}[\p{Lu}\p{N}]+$/u.test(t.value) ? t.lower : stemWord(t.value);
  // words before the wh-word, unless a comma sets them apart ("In considering X, what…")
  const lead = toks.slice(0, whAt);
  const comma = lead.some((t) => t.value === ',');
  if (!comma) for (const t of lead) if (content(t) && t.pos !== 'ADP') before.push(stemOf(t));
  // the wh-phrase: the wh-word and the noun phrase it opens ("which iranian UAV models")
  let k = whAt + 1;
  if (toks[whAt]?.lower === 'how') k++;
  while (k < toks.length && NOMINAL.has(toks[k]?.pos ?? '') && toks[k + 1]?.lower !== "'s") k++;
  const next = toks[k];
  if (!next) return before.length + after.length > 0 ? { before, after } : null;
  const rest = toks.slice(k);
  const wh = toks[whAt]?.lower ?? '';
  if (wh === 'when' || wh === 'where' || wh === 'why' || (wh === 'how' && k === whAt + 1)) {
    // an adverbial question: "When were quotas introduced?" → "Quotas were introduced in 1998"
    for (const t of rest) if (content(t)) before.push(stemOf(t));
  } else if (next.pos === 'VERB' || (INVERTING.has(next.lower) && isParticiple(toks[k + 1]))) {
    // the wh-phrase is the subject: "Who founded X", "What is used to…"
    for (const t of rest) if (content(t)) after.push(stemOf(t));
  } else if (INVERTING.has(next.lower)) {
    const verbAt = rest.findIndex((t, i) => i > 0 && t.pos === 'VERB');
    if (verbAt < 0 && BE.has(next.lower)) return before.length > 0 ? { before, after } : null;
    // subject and verb come before the answer; what follows the verb may fall either side
    const upTo = verbAt < 0 ? rest.length : verbAt + 1;
    for (const t of rest.slice(1, upTo)) if (content(t)) before.push(stemOf(t));
  }
  return before.length + after.length > 0 ? { before, after } : null;
}
