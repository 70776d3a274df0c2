/**
 * Chat's small talk around a question: the greetings, thanks, signatures and frames a message
 * asked in a channel wraps its question in (`chatFiller`, `withoutSmallTalk`), and a message
 * shouted in capitals (`isShouted`). The question's reading, the follow-up reader and the
 * interaction core's "is this a question" read messages through it.
 */
import { LEAD_IN, SOMEONE } from './question-words.ts';

/** Thanks, as chat writes them ("thanks to" is no thanks). */
const THANKING = String.raw`thanks(?! to\b)|thank you|thank u|thx|ty|cheers`;
/** Hello, as chat writes it. */
const HELLOS = 'hey|hi|hiya|hello|howdy|yo|good (?:morning|afternoon|evening|day)|morning';
/** Appreciation closing a message ("much appreciated", "any help would be appreciated"). */
const APPRECIATED = `any help (?:is |would be )?(?:(?:much|greatly|really|very) )?appreciated|(?:much|greatly|really|very) appreciated`;
/** Everyone a greeting greets ("hi all", "hey there"). */
const EVERYONE = "all|guys|everyone|everybody|folks|team|there|people|friends|y'?all";

/**
 * Chat's small talk around a question asked in a channel, which answers nothing: a greeting or
 * thanks that opens the message or a clause ("hey, …", "ok so …", "Good morning! Quick question -
 * …"), with whom it greets when that is all the clause holds ("Hi Dossier, …", "hey all, …"), and
 * the thanks and signature closing the message ("…? thanks in advance", "… Cheers, Sam"). Inside
 * a clause such a word is a word, for a title may hold one ("what grade was arnold from hey arnold
 * in", "a hello world example", "hey jude lyrics" keeps "jude lyrics"). Chat's shorthand ("thx",
 * "btw") and contractions ("I'm") are stopwords outright (analyzer.ts). Written here: no library
 * reads chat's small talk; these are its commonest forms. The frame a question is asked in
 * ("does anyone know…", "I'm wondering…", "roughly…") is read from the question's lead-in
 * (question-words.ts, LEAD_IN), and a plea closing it ("pls help", "any idea?") as thanks are.
 */
const GREETING = new RegExp(
  String.raw`^(?:${HELLOS}|ok|okay|quick (?:question|q)|${THANKING})\b`,
  'iu',
);
/** What closes a message: thanks, a letter's sign-off, or a plea ("pls help", "any idea?"). */
const THANKS = new RegExp(
  String.raw`^(?:${THANKING}|tia|best|regards|best regards|kind regards|(?:please|pls|plz) help|help me|any (?:ideas?|help|thoughts)|thoughts|i (?:don't|do not) (?:get|understand) (?:it|this|why)|(?:${APPRECIATED}|appreciated)(?=[\s.!]*$)|appreciate (?:it|any help|the help)|asking (?:for|because))\b`,
  'iu',
);
/** Thanks closing a clause that holds the question ("who leads iran thanks in advance"), or
 * chat's other codas ("… any help appreciated", "… asking for a friend"). */
const THANKS_TAIL = new RegExp(
  String.raw`\b(?:(?:${THANKING})(?:\s+(?:so much|a lot|in advance|again|all|guys|everyone|folks))*|${APPRECIATED}|asking for a friend)[\s.,!?:;)]*$`,
  'iu',
);
/** A clause that is a name alone: a signature ("Sam", "Ann Lee"). */
const NAME = /^\p{Lu}[\p{L}'’]*(?:\s+\p{Lu}[\p{L}'’]*)?$/u;
/** Whom a greeting greets: everyone, or a name ("Hi all", "Hey Dossier", "hello Ann Lee"). */
const GREETED = new RegExp(
  String.raw`^(?:${EVERYONE}|\p{Lu}[\p{L}'’]*(?:\s+\p{Lu}[\p{L}'’]*)?)$`,
  'u',
);
/** Where a clause ends: . , ! ? : ; or a dash between spaces. */
const CLAUSE_END = /[.,!?:;]+|\s[-–—]+\s/gu;

/**
 * The character ranges of a (normalised) text that are chat's small talk (see GREETING), as
 * [start, end) pairs: the words a question's reading leaves out. `frames` false leaves the
 * frame a question is asked in (LEAD_IN) to its reader.
 *
 * @example chatFiller('hey, where is it? thanks in advance') // [[0, 3], [18, 35]]
 * @example chatFiller('arnold from hey arnold') // []
 */
export function chatFiller(text: string, frames = true): [number, number][] {
  const clauses: { start: number; end: number; text: string; closed: boolean }[] = [];
  let from = 0;
  const add = (to: number, closed: boolean) => {
    const raw = text.slice(from, to);
    const lead = raw.length - raw.trimStart().length;
    const body = raw.trim();
    if (body)
      clauses.push({ start: from + lead, end: from + lead + body.length, text: body, closed });
  };
  for (const m of text.matchAll(CLAUSE_END)) {
    add(m.index, true);
    from = m.index + m[0].length;
  }
  add(text.length, false);
  const out: [number, number][] = [];
  // the message's close: thanks (a clause of its own, or ending the last one), then perhaps a
  // signature ("… Cheers, Sam")
  let last = clauses.length;
  const final = clauses[last - 1];
  const before = clauses[last - 2];
  const signed =
    final !== undefined &&
    before !== undefined &&
    NAME.test(final.text) &&
    !THANKS.test(final.text);
  const closing = signed ? before : final;
  let close = text.length;
  if (closing && THANKS.test(closing.text) && clauses.length > 1) {
    close = closing.start;
    // "…? thanks in advance, much appreciated": each closing clause, back to the question's
    for (let k = clauses.indexOf(closing) - 1; k > 0; k--) {
      const c = clauses[k];
      if (!c || !THANKS.test(c.text)) break;
      close = c.start;
    }
  } else if (closing) {
    const tail = THANKS_TAIL.exec(closing.text);
    if (tail) close = closing.start + tail.index;
  }
  if (close < text.length) {
    out.push([close, text.length]);
    const first = clauses.findIndex((c) => c.start >= close);
    if (first >= 0) last = first;
  }
  for (const c of clauses.slice(0, last)) {
    // the frame a question is asked in ("does anyone know…", "I was wondering…"), as the
    // question's shape reads it (LEAD_IN)
    const frame = frames ? LEAD_IN.exec(c.text) : null;
    if (frame) out.push([c.start, c.start + frame[0].trimEnd().length]);
    const greeting = GREETING.exec(c.text);
    if (!greeting) continue;
    // "ok thanks", "hi hello": one greeting after another
    let rest = c.text.slice(greeting[0].length).trim();
    for (let more = GREETING.exec(rest); more; more = GREETING.exec(rest))
      rest = rest.slice(more[0].length).trim();
    // "Hi Dossier," is all greeting; "hey jude lyrics," keeps its words
    const whole = c.closed && clauses.length > 1 && (rest === '' || GREETED.test(rest));
    out.push([c.start, whole ? c.end : c.start + greeting[0].length]);
  }
  // one range for each stretch (a greeting inside its frame: "ok so I'm wondering")
  const merged: [number, number][] = [];
  for (const [from, to] of out.sort((a, b) => a[0] - b[0])) {
    const prev = merged.at(-1);
    if (prev && from <= prev[1]) prev[1] = Math.max(prev[1], to);
    else merged.push([from, to]);
  }
  return merged;
}

/**
 * Where a message opens by addressing someone by name ("Dossier, who…", "Sam: how do I…"): the
 * [start, end) of the name, when the first clause is a name alone, closed by a comma or colon,
 * and a question follows. Whether it is an address or the question's subject ("Vite, how do I
 * configure it?") the corpus decides: its caller drops it only when the corpus has none of its
 * words.
 *
 * @example openingAddress('Dossier, who leads Iran?') // [0, 7]
 * @example openingAddress('Who leads Iran?') // null
 */
export function openingAddress(text: string): [number, number] | null {
  const m = /^\s*(\p{Lu}[\p{L}'’]*(?:\s+\p{Lu}[\p{L}'’]*)?)\s*[,:]\s*\S/u.exec(text);
  if (!m?.[1]) return null;
  const start = m[0].indexOf(m[1]);
  return [start, start + m[1].length];
}

/**
 * Whether a message is written in capitals throughout ("WHO IS IRAN'S SUPREME LEADER"): shouted,
 * not a run of acronyms, so it is read in lowercase (where "WHO" is a stopword and "IRAN" the
 * name the corpus writes "Iran"). Three words at least: "NATO SRBM" may be acronyms.
 */
export function isShouted(text: string): boolean {
  return !/\p{Ll}/u.test(text) && (text.match(/\p{Lu}{2,}/gu) ?? []).length >= 3;
}

/**
 * A text without chat's small talk (`chatFiller`), its spaces made single: "Hey all, how do I
 * set up a proxy? Thanks, Sam" → "how do I set up a proxy?". Empty when it is all small talk.
 * `frames` false keeps the frame a question is asked in ("just…", "and…": a follow-up's markers).
 */
export function withoutSmallTalk(text: string, frames = true): string {
  let out = '';
  let at = 0;
  for (const [from, to] of chatFiller(text, frames)) {
    out += text.slice(at, Math.max(at, from));
    at = Math.max(at, to);
  }
  return (out + text.slice(at))
    .replace(/^[\s.,!:;\-–—]+/u, '')
    .replace(/\s+/gu, ' ')
    .trim();
}

/** A greeting that says hello (not "ok", "quick question" or thanks), whom it greets after it. */
const HELLO = new RegExp(String.raw`^(?:${HELLOS})(?: (?:${EVERYONE}|bot|dossier))?\b`, 'u');
/** Thanks, alone: a message that thanks asks nothing, not even for the help. */
const THANKS_ALONE = new RegExp(String.raw`^(?:${THANKING})\b`, 'u');
/**
 * What people type to a bot to learn what it does, rather than to ask the documents: "help",
 * "can you help me", "what can you do", "who are you", "what can I ask", "how do I use this bot".
 * Only forms addressed to the bot: "how does this work?" or "what commands are there?" ask a
 * documentation site as often, so they stay questions.
 */
const HELP_REQUEST = new RegExp(
  `^(?:(?:please|pls|plz) )?(?:(?:(?:can|could|would|will) (?:you|u|${SOMEONE}) )?help(?: me| us)?|(?:i|we) need (?:some )?help|need help|what (?:can|do) (?:you|u) do|(?:who|what) are (?:you|u)|what (?:can|should) i ask(?: (?:you|u|about))?|what do (?:you|u) know|how (?:do|can|should) i use (?:you|u|this bot|the bot|dossier)|what commands do (?:you|u) (?:have|know|support|take))(?: (?:please|pls|plz))?$`,
  'u',
);

/**
 * Whether a message asks the bot for its help rather than asking the documents: a help request
 * (HELP_REQUEST) or a hello and nothing else ("hi!", "hey there"), with greetings before it and
 * thanks after it ("hi, what can you do? thanks"). Thanks alone is no request ("thanks for the
 * help!"), nor is "ok" or a question that names a subject ("can you help me configure a proxy?").
 *
 * @example asksForHelp('Hi! What can you do?') // true
 * @example asksForHelp('can you help me set up a proxy?') // false
 */
export function asksForHelp(text: string): boolean {
  let rest = text
    .toLowerCase()
    .replace(/[’‘]/gu, "'")
    .replace(/[^\p{L}\p{N}'\s]+/gu, ' ')
    .replace(/\s+/gu, ' ')
    .trim();
  if (THANKS_ALONE.test(rest)) return false;
  let hello = false;
  for (let m = HELLO.exec(rest); m; m = HELLO.exec(rest)) {
    hello = true;
    rest = rest.slice(m[0].length).trim();
  }
  rest = rest.replace(THANKS_TAIL, '').trim();
  return (hello && rest === '') || HELP_REQUEST.test(rest);
}
