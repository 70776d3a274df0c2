/**
 * Text helpers every chat renderer shares (Discord's and Slack's): cutting strings without
 * splitting a surrogate pair, removing control and bidi characters, and fitting spans into a
 * length budget around the answering sentence. Counted in UTF-16 code units, which is how Discord
 * counts and never less than what Slack counts. Escaping is each platform's own (discord/text.ts,
 * slack/text.ts); nothing here knows either platform's markup.
 */
import type { Span } from '../answer/reply.ts';

export function isHigh(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

export function isLow(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

/** The first `n` code units of `s`, one fewer if that would split a surrogate pair. */
export function safeHead(s: string, n: number): string {
  if (n <= 0) return '';
  if (s.length <= n) return s;
  return isHigh(s.charCodeAt(n - 1)) ? s.slice(0, n - 1) : s.slice(0, n);
}

/** The last `n` code units of `s`, one fewer if that would split a surrogate pair. */
export function safeTail(s: string, n: number): string {
  if (n <= 0) return '';
  if (s.length <= n) return s;
  const from = s.length - n;
  return isLow(s.charCodeAt(from)) ? s.slice(from + 1) : s.slice(from);
}

/** Lone surrogates become U+FFFD; control and bidi-override characters are dropped. */
export function sanitize(text: string): string {
  return (
    text
      .toWellFormed()
      // C0/C1 controls except tab and newline; bidi embeddings, overrides and isolates.
      // biome-ignore lint/suspicious/noControlCharactersInRegex: these are exactly what we strip.
      .replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, '')
  );
}

export function cutHead(text: string, n: number): string {
  // Keep the start, cut at a word boundary when one is near.
  const head = safeHead(text, n);
  const space = head.lastIndexOf(' ');
  return space > n - 25 && space > 0 ? head.slice(0, space) : head;
}

export function cutTail(text: string, n: number): string {
  const tail = safeTail(text, n);
  const space = tail.indexOf(' ');
  return space >= 0 && space < 25 ? tail.slice(space + 1) : tail;
}

/**
 * Shortens spans to about `max` code units of raw text around the first bold span (the answering
 * sentence): the text before it keeps its end, the text after keeps its start, "…" marks the cuts.
 */
export function shortenSpans(spans: readonly Span[], max: number): Span[] {
  const total = spans.reduce((n, s) => n + s.text.length, 0);
  if (total <= max) return [...spans];
  const focus = spans.findIndex((s) => s.bold);
  if (focus < 0) return takeHead(spans, max);
  const bold = spans[focus] as Span;
  const boldText = bold.text.length > max - 2 ? `${cutHead(bold.text, max - 3)}…` : bold.text;
  const rest = Math.max(0, max - boldText.length);
  const beforeLen = spans.slice(0, focus).reduce((n, s) => n + s.text.length, 0);
  const afterLen = total - beforeLen - bold.text.length;
  let beforeBudget = Math.min(beforeLen, Math.floor(rest / 2));
  const afterBudget = Math.min(afterLen, rest - beforeBudget);
  beforeBudget = Math.min(beforeLen, rest - afterBudget);
  return [
    ...takeTail(spans.slice(0, focus), beforeBudget),
    { ...bold, text: boldText },
    ...takeHead(spans.slice(focus + 1), afterBudget),
  ];
}

/**
 * The first whole lines of code that fit in `n` code units, then a line "…" when any are left
 * out; '' when not even one line fits. Code is cut only at line ends.
 */
export function codeHead(code: string, n: number): string {
  if (code.length <= n) return code;
  const lines = code.split('\n');
  let out = '';
  for (const line of lines) {
    const next = out === '' ? line : `${out}\n${line}`;
    if (next.length + 2 > n) break;
    out = next;
  }
  return out === '' ? '' : `${out}\n…`;
}

/** The last whole lines of code that fit in `n` code units, after a line "…" (see codeHead). */
export function codeTail(code: string, n: number): string {
  if (code.length <= n) return code;
  const lines = code.split('\n');
  let out = '';
  for (let i = lines.length - 1; i >= 0; i--) {
    const next = out === '' ? (lines[i] as string) : `${lines[i]}\n${out}`;
    if (next.length + 2 > n) break;
    out = next;
  }
  return out === '' ? '' : `…\n${out}`;
}

export function takeHead(spans: readonly Span[], budget: number): Span[] {
  const out: Span[] = [];
  let left = budget;
  for (const s of spans) {
    if (s.text.length <= left) {
      out.push(s);
      left -= s.text.length;
      continue;
    }
    if (s.code) {
      const code = codeHead(s.text, left);
      if (code !== '') out.push({ ...s, text: code });
      else out.push({ text: '…' });
    } else if (left > 1) out.push({ ...s, text: `${cutHead(s.text, left - 1).trimEnd()}…` });
    else out.push({ text: '…' });
    return out;
  }
  return out;
}

export function takeTail(spans: readonly Span[], budget: number): Span[] {
  const out: Span[] = [];
  let left = budget;
  for (let i = spans.length - 1; i >= 0; i--) {
    const s = spans[i] as Span;
    if (s.text.length <= left) {
      out.unshift(s);
      left -= s.text.length;
      continue;
    }
    if (s.code) {
      const code = codeTail(s.text, left);
      if (code !== '') out.unshift({ ...s, text: code });
      else out.unshift({ text: '…' });
    } else if (left > 1) out.unshift({ ...s, text: `…${cutTail(s.text, left - 1).trimStart()}` });
    else out.unshift({ text: '…' });
    return out;
  }
  return out;
}

/** Room a passage's code adds to its budget (at most `max`), so code beside its sentence shows. */
export function codeAllowance(spans: readonly Span[], max: number): number {
  return Math.min(
    max,
    spans.reduce((n, s) => n + (s.code ? s.text.length : 0), 0),
  );
}

/**
 * Renders spans within `max` rendered code units: rendering (escaping) can lengthen the text, so
 * the raw budget shrinks until the rendered text fits; `fallback` (a hard cut, which can split a
 * fence or the bold) only when nothing does. The shrinking starts from the raw length, not `max`
 * (above it, shortening changes nothing), and each step is at least twice the last: shortening
 * cuts whole words and code lines, so the rendered length can stay put over several small steps,
 * and the budget must still run out before the fallback is reached for want of attempts.
 */
export function fitRendered(
  spans: readonly Span[],
  max: number,
  render: (spans: readonly Span[]) => string,
  fallback: () => string,
): string {
  let raw = Math.min(
    max,
    spans.reduce((n, s) => n + s.text.length, 0),
  );
  for (let step = 1; raw > 0; step *= 2) {
    const text = render(shortenSpans(spans, raw));
    if (text.length <= max) return text;
    raw = Math.min(Math.floor((raw * max) / text.length) - 1, raw - step);
  }
  return fallback();
}

/**
 * Code with every run of three or more backticks broken by zero-width spaces, so a fence around
 * it cannot close early ("````" broken once would still hold a "```").
 */
export function breakFences(code: string): string {
  return code.replace(/`(?=``)/gu, '`\u200b');
}
