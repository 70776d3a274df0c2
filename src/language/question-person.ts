import { stemWord } from './analyzer.ts';
import { focusAfter, makeFocus } from './question-focus.ts';
import { type QTok, type QuestionFocus, type QuestionShape, shape } from './question-shape.ts';
import { COPULA } from './question-words.ts';
import { ROLE_NOUNS } from './words.ts';

/**
 * The reading of who-questions and of roles: the role a question asks the holder of and whose it
 * is ("the president of Ukraine", "Israel's prime minister", "the Iranian president").
 */

/**
 * Who-questions: a role ("who is the president of Iran"), a name to describe ("who is Hossein
 * Amirabdollahian": a definition), or a person doing something ("who leads…").
 */
export function personShape(toks: readonly QTok[], whAt: number): QuestionShape {
  const role = roleOf(toks);
  const after = toks.slice(whAt + 1).filter((t) => t.pos !== 'PUNCT');
  if (role) return shape('person', roleFocus(role), role);
  if (COPULA.has(after[0]?.lower ?? '') && after.length >= 2) {
    const rest = after.slice(1);
    const determined = rest[0]?.pos === 'DET' || rest.some((t) => t.lower === "'s");
    const clause = rest.some((t) => t.pos === 'VERB' || t.pos === 'ADP' || t.pos === 'AUX');
    // "who is hossein amirabdolahian": a bare name asks what the person is
    if (!determined && !clause && rest.length <= 4) {
      const surface = rest.map((t) => t.value).join(' ');
      const last = rest[rest.length - 1] as QTok;
      return shape('definition', { ...makeFocus(last), surface, generic: false });
    }
    const focus = focusAfter(toks, whAt + 2, true);
    return shape('person', focus);
  }
  return shape('person', null);
}

function roleFocus(role: { role: string; of: string }): QuestionFocus {
  const head = role.role.split(' ').at(-1) ?? role.role;
  return { surface: head, stem: stemWord(head), generic: false };
}

/** "the president of Ukraine", "Israel's prime minister", "Iran's supreme leader", "the Iranian president". */
export function roleOf(toks: readonly QTok[]): { role: string; of: string } | null {
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i] as QTok;
    if (!ROLE_NOUNS.has(t.lower) || toks[i + 1]?.lower === "'s") continue;
    // "prime minister", "supreme leader", "foreign minister": modifiers stay with the role
    let a = i;
    while (a > 0 && toks[a - 1]?.pos === 'ADJ' && !isDemonym(toks[a - 1] as QTok)) a--;
    if (
      a > 0 &&
      toks[a - 1]?.pos === 'NOUN' &&
      /^(?:foreign|prime|vice|deputy)$/u.test(toks[a - 1]?.lower ?? '')
    )
      a--;
    const role = toks
      .slice(a, i + 1)
      .map((x) => x.lower)
      .join(' ');
    // owner after: "president of Ukraine", "head of the IAEA"
    if (toks[i + 1]?.lower === 'of') {
      const owner = nameRun(toks, toks[i + 2]?.pos === 'DET' ? i + 3 : i + 2);
      if (owner) return { role, of: owner };
    }
    // owner before: "Israel's prime minister", "the Iranian president"
    const b = a - 1;
    if (toks[b]?.lower === "'s" || toks[b]?.lower === "'") {
      const owner = nameRunBack(toks, b - 1);
      if (owner) return { role, of: owner };
    }
    if (toks[b] && isDemonym(toks[b] as QTok)) return { role, of: toks[b]?.value ?? '' };
  }
  return null;
}

function isDemonym(t: QTok): boolean {
  return /^\p{Lu}/u.test(t.value) && /(?:an|ian|ese|ish|i|ic)$/u.test(t.lower) && t.pos !== 'NOUN';
}

function nameRun(toks: readonly QTok[], i: number): string | null {
  const out: string[] = [];
  for (let k = i; k < toks.length; k++) {
    const t = toks[k] as QTok;
    if (t.pos === 'PROPN' || t.pos === 'NOUN' || (t.pos === 'ADJ' && /^\p{Lu}/u.test(t.value)))
      out.push(t.value);
    else break;
  }
  return out.length > 0 ? out.join(' ') : null;
}

function nameRunBack(toks: readonly QTok[], i: number): string | null {
  const out: string[] = [];
  for (let k = i; k >= 0; k--) {
    const t = toks[k] as QTok;
    if (t.pos === 'PROPN' || (t.pos === 'NOUN' && /^\p{Lu}/u.test(t.value)) || t.pos === 'NOUN')
      out.unshift(t.value);
    else break;
  }
  return out.length > 0 ? out.join(' ') : null;
}
