import { tagText } from '../language/nlp.ts';
import {
  isMonthName,
  MONTH_AND_SEASON_WORDS,
  parseDateParts,
  parseRelative,
  resolveRelative,
  toFactDate,
} from './dates.ts';
import {
  clauseEnd,
  clauseStart,
  isBoundary,
  isRelative,
  MAX_SPEECH_WORDS,
  nounPhraseBack,
  nounPhraseForward,
  readable,
  tidy,
  trimFunctionWords,
} from './phrases.ts';
import type { Analysis, Ent } from './tokens.ts';
import { sentenceBounds, span } from './tokens.ts';
import type { FactDate } from './types.ts';

/** A dated event found in a paragraph, before it becomes a Fact. */
export interface EventHit {
  subject: string;
  date: FactDate;
  /** Token the fact is anchored to (its sentence is the quote). */
  anchor: number;
}

export interface EventOptions {
  /** The document's `published` front matter, used only for "this week", "last year". */
  published?: string | undefined;
}

const DATE_TYPES = new Set(['DATE', 'DURATION']);

/**
 * Dated events in one analysed paragraph: every wink DATE/DURATION entity that names a calendar
 * date, normalised, with a short clause saying what happened.
 *
 * @example eventsIn(analyse(p)) // [{ subject: 'a large-scale armed rebellion began', date: { sortKey: '2011', ... } }]
 */
export function eventsIn(an: Analysis, opts: EventOptions = {}): EventHit[] {
  const out: EventHit[] = [];
  const dated = an.entities.filter((e) => DATE_TYPES.has(e.type));
  for (let k = 0; k < dated.length; k++) {
    const e = dated[k];
    if (!e) continue;
    const date = normalise(an, e, dated, k, opts);
    if (!date) continue;
    // "the summer and fall of 2022": the second date shares the first one's clause
    const prev = dated[k - 1];
    const coordinated =
      prev && prev.last + 2 === e.first && an.tokens[e.first - 1]?.pos === 'CCONJ';
    // "as of 2026-01-01" dates a state of things, not something that happened
    const lead = an.tokens[e.first - 1];
    if (lead?.lower === 'of' && an.tokens[e.first - 2]?.lower === 'as') continue;
    const clause = eventClause(an, coordinated ? prev.first : e.first, e.last);
    if (!clause || !(clause.noun || reportsHappening(clause.text))) continue;
    out.push({ subject: clause.text, date, anchor: e.first });
  }
  return out;
}

function normalise(
  an: Analysis,
  e: Ent,
  dated: Ent[],
  k: number,
  opts: EventOptions,
): FactDate | null {
  const raw = span(an, e.first, e.last);
  // wink leaves the article out of "the fall of 2022"; the document's wording keeps it
  const before = an.tokens[e.first - 1];
  const text =
    before?.lower === 'the' && /^[a-z]/iu.test(raw) && !/^\d/u.test(raw)
      ? `${before.value} ${raw}`
      : raw;
  const parts = parseDateParts(raw);
  if (!parts) {
    const rel = parseRelative(raw);
    return rel ? resolveRelative(rel, opts.published, text) : null;
  }
  const inSentence = before !== undefined && before.sentence === an.tokens[e.first]?.sentence;
  // "RFC 2045", "Windows 2000": a bare number right after a name is part of the name
  const nameLike =
    inSentence &&
    !['ADP', 'DET', 'SCONJ', 'PART'].includes(before.pos) &&
    (before.pos === 'PROPN' || before.pos === 'NUM' || /^\p{Lu}/u.test(before.value));
  if (/^\d{4}s?$/u.test(raw) && nameLike) return null;
  // "1250+ contributors": a count, not a year
  const after = an.tokens[e.last + 1];
  if (/^\d{4}$/u.test(raw) && after?.value === '+' && after.start === an.tokens[e.last]?.end)
    return null;
  if (parts.year === null && !looksLikeYearlessDate(an, e)) return null;
  if (parts.year === null) {
    const next = dated[k + 1];
    const nextParts = next ? parseDateParts(span(an, next.first, next.last)) : null;
    // "the summer and fall of 2022": the year written once serves both
    if (
      next &&
      next.first === e.last + 2 &&
      an.tokens[e.last + 1]?.pos === 'CCONJ' &&
      nextParts?.year
    ) {
      parts.year = nextParts.year;
    } else {
      parts.year = contextYear(an, e, dated, k);
    }
  }
  return toFactDate(parts, text);
}

/**
 * Without a year, only a plain "in November" / "the summer" is trusted: a full, capitalised month
 * name or a season, after a preposition or article. "Jan" the name, "This may" the verb are not dates.
 */
function looksLikeYearlessDate(an: Analysis, e: Ent): boolean {
  const words = an.tokens.slice(e.first, e.last + 1);
  const month = words.find((t) => isMonthName(t.value));
  const season = words.find((t) => MONTH_AND_SEASON_WORDS.has(t.lower) && !isMonthName(t.value));
  if (month && !/^\p{Lu}\p{Ll}{2,}$/u.test(month.value)) return false;
  if (month && month.value.length <= 3 && month.lower !== 'may') return false;
  if (!month && !season) return false;
  const first = an.tokens[e.first];
  const lead = first && ['ADP', 'DET'].includes(first.pos) ? first : an.tokens[e.first - 1];
  return (
    lead !== undefined && lead.sentence === first?.sentence && ['ADP', 'DET'].includes(lead.pos)
  );
}

/**
 * The year a year-less month or season belongs to, only when the text leaves no doubt: the
 * nearest earlier year in the same sentence, else the one year every earlier date in the
 * paragraph agrees on. Otherwise null: a year is never invented.
 */
function contextYear(an: Analysis, e: Ent, dated: Ent[], k: number): number | null {
  const sentence = an.tokens[e.first]?.sentence;
  const years: { year: number; sameSentence: boolean }[] = [];
  for (let j = 0; j < k; j++) {
    const d = dated[j];
    if (!d) continue;
    const y = parseDateParts(span(an, d.first, d.last))?.year ?? null;
    if (y !== null)
      years.push({ year: y, sameSentence: an.tokens[d.first]?.sentence === sentence });
  }
  const inSentence = years.filter((y) => y.sameSentence);
  const last = inSentence[inSentence.length - 1];
  if (last) return last.year;
  const distinct = new Set(years.map((y) => y.year));
  return distinct.size === 1 ? (years[0]?.year ?? null) : null;
}

/**
 * What happened at the date, as a short clause cut from the sentence:
 * - "a large-scale armed rebellion that began in 2011" → "a large-scale armed rebellion began"
 * - "In March 2023, Iran agreed to restore ..." → "Iran agreed to restore ..."
 * - "the 2015 multilateral Iran nuclear deal" → "the multilateral Iran nuclear deal"
 */
export function eventSubject(an: Analysis, first: number, last: number): string | null {
  return eventClause(an, first, last)?.text ?? null;
}

/**
 * Whether a clause reports something happening: a verb with a subject before it ("Iran agreed",
 * "a rebellion began", "we released Vite 2"). A bare phrase ("for this major"), an instruction
 * ("Check out the announcement") or a date that is itself the subject ("Today marks…") is not.
 */
function reportsHappening(clause: string): boolean {
  // "February 16, 2021 - Check out …": a date set before a dash labels a line, it dates nothing
  if (/^\s*[-–—•|:]/u.test(clause)) return false;
  const tokens = tagText(clause).tokens.filter((t) => t.pos !== 'PUNCT' && t.pos !== 'SYM');
  // an instruction ("Check out the announcement") reports nothing; "nearing an agreement" may
  const first = tokens[0];
  if (first?.pos === 'VERB' && !/(?:ing|ed)$/iu.test(first.value)) return false;
  const verb = tokens.findIndex((t) => t.pos === 'VERB' || t.pos === 'AUX');
  if (verb > 0 && tokens.slice(0, verb).some((t) => ['NOUN', 'PROPN', 'PRON'].includes(t.pos)))
    return true;
  // or it names an event by its noun: "the Islamic Republic's formation", "nearing an agreement"
  return tokens.some((t) => t.pos === 'NOUN' && EVENT_NOUN.test(t.value));
}

/**
 * Nouns that name something happening: nominalisations (formation, invasion, agreement,
 * approval, departure) and the common event words that have no such ending.
 */
const EVENT_NOUN =
  /^(?:\p{L}{3,}(?:tion|sion|ment|ure)s?|\p{L}{3,}al|war|wars|deal|deals|attack|attacks|strike|strikes|launch|release|election|elections|visit|talks|summit|coup|revolution|uprising|rebellion|protests?|ceasefire|crisis|collapse|death|birth|founding|sale|sales|delivery|deliveries)$/iu;

/**
 * eventSubject with how it was found: `noun` when the date dates a noun ("the 2015 nuclear
 * deal"), which names the event itself.
 */
function eventClause(
  an: Analysis,
  first: number,
  last: number,
): { text: string; noun: boolean } | null {
  const text = eventClauseText(an, first, last);
  if (text === null) return null;
  return typeof text === 'string' ? { text, noun: false } : text;
}

function eventClauseText(
  an: Analysis,
  first: number,
  last: number,
): string | { text: string; noun: boolean } | null {
  const [sa, sb] = sentenceBounds(an, first);
  const after = an.tokens[last + 1];
  const before = an.tokens[first - 1];
  const dateHasPrep = ['ADP', 'SCONJ'].includes(an.tokens[first]?.pos ?? '');
  // the date modifies a noun: "the 2015 multilateral Iran nuclear deal", "Iran’s 2009 election"
  const determined = before !== undefined && ['DET', 'PRON', 'PART'].includes(before.pos);
  const modifies = after !== undefined && ['ADJ', 'NOUN', 'PROPN'].includes(after.pos);
  if (!dateHasPrep && determined && modifies && after.start > (an.tokens[last]?.end ?? 0)) {
    const end = nounPhraseForward(an, last + 1, sb);
    if (end >= 0) {
      const det = before.pos === 'DET' ? `${before.value} ` : '';
      const text = tidy(det + span(an, last + 1, end));
      return text ? { text, noun: true } : null;
    }
  }
  let p = first - 1;
  while (p >= sa && ['ADP', 'DET', 'SCONJ', 'CCONJ', 'ADV'].includes(an.tokens[p]?.pos ?? '')) p--;
  if (p < sa || isBoundary(an.tokens[p])) {
    // the date opens its clause: what follows it is what happened
    let q = last + 1;
    if (isBoundary(an.tokens[q]) && an.tokens[q]?.value === ',') q++;
    if (q > sb || isBoundary(an.tokens[q])) return null;
    const [s, e] = trimFunctionWords(an, q, clauseEnd(an, q, sb), false);
    if (e < s) return null;
    return reportedSpeech(an, s, e, e + 1, sb) ?? readable(an, s, e);
  }
  const cs = clauseStart(an, p, sa);
  const rel = an.tokens[cs - 1];
  if (isRelative(rel) && rel?.lower !== 'whose') {
    const ant = antecedent(an, cs - 1, sa);
    const [s, e] = trimFunctionWords(an, cs, p, false);
    if (e < s) return ant;
    const clause = readable(an, s, e);
    if (!ant) return clause;
    // "rebellion that began" has no subject of its own; "deal that the Administration exited" does
    const opensWithVerb = ['VERB', 'AUX', 'ADV'].includes(an.tokens[s]?.pos ?? '');
    return tidy(opensWithVerb ? `${ant} ${clause}` : `${clause} ${ant}`);
  }
  const [s, e] = trimFunctionWords(an, cs, p, true);
  if (e < s) return null;
  // "the minister said in November that …": what was said follows the date
  return reportedSpeech(an, s, e, last + 1, sb) ?? readable(an, s, e);
}

// Verbs that report speech or writing: "X said" is only an event with what X said.
const SPEECH_VERBS = new Set([
  'said',
  'says',
  'say',
  'stated',
  'states',
  'announced',
  'announces',
  'declared',
  'declares',
  'told',
  'warned',
  'warns',
  'added',
  'noted',
  'claimed',
  'claims',
  'argued',
  'insisted',
  'stressed',
  'asserted',
  'confirmed',
  'wrote',
  'writes',
  'explained',
  'acknowledged',
  'admitted',
  'remarked',
  'emphasized',
  'emphasised',
  'promised',
  'vowed',
]);
const SPEECH_LEAD = new Set(['that', ':', ',', '“', '"', '‘']);

/**
 * "Foreign Minister Hossein Amirabdollahian said" names a speaker, not an event. When the clause
 * s..e ends in a verb of saying, the subject goes on with what was said (from `from` to the end
 * of the sentence), quotation marks kept, up to MAX_SPEECH_WORDS; null when it does not apply.
 */
function reportedSpeech(
  an: Analysis,
  s: number,
  e: number,
  from: number,
  sb: number,
): string | null {
  const verb = an.tokens[e];
  if (verb?.pos !== 'VERB' || !SPEECH_VERBS.has(verb.lower)) return null;
  let c = Math.max(from, e + 1);
  let quoted = false;
  while (c <= sb && SPEECH_LEAD.has(an.tokens[c]?.lower ?? '')) {
    if (OPEN_QUOTE.has(an.tokens[c]?.value ?? '')) quoted = true;
    c++;
  }
  let end = sb;
  while (end >= c && an.tokens[end]?.pos === 'PUNCT') end--;
  if (end < c) return null;
  const said = span(an, c, end);
  return tidy(`${span(an, s, e)} ${quoted ? `“${said}”` : said}`, MAX_SPEECH_WORDS);
}

const OPEN_QUOTE = new Set(['“', '"', '‘']);

/** The noun phrase a relative pronoun at `r` refers back to ("Putin’s war against Ukraine, which"). */
function antecedent(an: Analysis, r: number, floor: number): string | null {
  let end = r - 1;
  if (an.tokens[end]?.value === ',') end--;
  let start = nounPhraseBack(an, end, floor);
  if (start < 0) return null;
  // a bare name after "NOUN of/against" is usually the complement, not what the clause is about
  const onlyNames = an.tokens.slice(start, end + 1).every((t) => t.pos === 'PROPN');
  if (onlyNames && an.tokens[start - 1]?.pos === 'ADP' && an.tokens[start - 2]?.pos === 'NOUN') {
    const wider = nounPhraseBack(an, start - 2, floor);
    if (wider >= 0) start = wider;
  }
  return readable(an, start, end);
}
