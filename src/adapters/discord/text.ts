/**
 * Text helpers for the Discord renderer: cutting strings without splitting a surrogate pair,
 * removing control and bidi characters, escaping Markdown and mentions, and fitting spans into a
 * length budget. Counted in UTF-16 code units, as Discord counts.
 */
import type { Span } from '../../answer/reply.ts';
// ---------------------------------------------------------------------------------------------
// Length-safe string helpers
// ---------------------------------------------------------------------------------------------

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

/**
 * Cuts `s` to at most `max` code units, ending with "…" when cut. Never splits a surrogate pair
 * and never leaves a dangling escape backslash (which would eat the ellipsis).
 */
export function truncate(s: string, max: number): string {
  if (s.length <= max) return s;
  if (max <= 0) return '';
  if (max === 1) return '…';
  let head = safeHead(s, max - 1);
  // A cut inside a `<url>` wrapper would leave a dangling "<http…": drop the partial link.
  const open = head.lastIndexOf('<');
  if (open >= 0 && /^<[^>\s]*$/.test(head.slice(open))) head = head.slice(0, open);
  const trailing = /\\+$/.exec(head)?.[0].length ?? 0;
  if (trailing % 2 === 1) head = head.slice(0, -1);
  return `${head.trimEnd()}…`;
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

// ---------------------------------------------------------------------------------------------
// Escaping
// ---------------------------------------------------------------------------------------------

export const URL_RE = /https?:\/\/[^\s<>"'`]+/g;

export function escapePlain(s: string): string {
  return (
    s
      .replace(/[\\*_~`|[\]<]/g, (c) => `\\${c}`)
      // Line-start markup: quotes, headings, subtext, lists, ordered lists.
      .replace(/^([ \t]*)([>#+-])/gm, '$1\\$2')
      .replace(/^([ \t]*\d+)\./gm, '$1\\.')
      // Belt and braces: allowed_mentions already keeps these silent.
      .replace(/@(everyone|here)/gi, '@\u200b$1')
  );
}

export function splitUrl(url: string): [string, string] {
  let end = url.length;
  while (end > 0 && /[.,;:!?)\]}]/.test(url.charAt(end - 1))) {
    const c = url.charAt(end - 1);
    // Keep a closing parenthesis that balances one in the URL (Wikipedia-style links).
    if (
      c === ')' &&
      (url.slice(0, end).match(/\(/g)?.length ?? 0) >= (url.slice(0, end).match(/\)/g)?.length ?? 0)
    ) {
      break;
    }
    end--;
  }
  return [url.slice(0, end), url.slice(end)];
}

/**
 * Escapes Discord Markdown in text from documents or users so it shows literally: emphasis,
 * code, spoilers, links, mentions (`<@id>`, `<#id>`), line-start headings, lists and quotes.
 * URLs are kept and wrapped as `<url>` so they do not unfurl into previews.
 */
export function escapeMarkdown(text: string): string {
  const clean = sanitize(text);
  let out = '';
  let last = 0;
  for (const m of clean.matchAll(URL_RE)) {
    const [url, rest] = splitUrl(m[0]);
    out += escapePlain(clean.slice(last, m.index));
    // Inside <…> nothing is parsed, but keep "@everyone" out of the text all the same.
    const inert = url.replace(/@(everyone|here)/gi, '%40$1');
    out += url.length > 'https://'.length ? `<${inert}>` : escapePlain(url);
    out += escapePlain(rest);
    last = m.index + m[0].length;
  }
  return out + escapePlain(clean.slice(last));
}

/** An http(s) URL as `<url>`, or null when it is not one (never trust a document's front matter). */
export function safeUrl(url: string | null): string | null {
  if (url === null) return null;
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return null;
    const href = parsed.href;
    return href.length > 512 ? null : `<${href.replace(/@(everyone|here)/gi, '%40$1')}>`;
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------------------------------------
// Spans and passages
// ---------------------------------------------------------------------------------------------

export function spanMarkdown(span: Span): string {
  const escaped = escapeMarkdown(span.text);
  if (!span.bold && !span.italic) return escaped;
  // `** x**` does not render as bold: keep the whitespace outside the markers.
  const m = /^(\s*)([\s\S]*?)(\s*)$/.exec(escaped);
  const [lead, inner, trail] = [m?.[1] ?? '', m?.[2] ?? '', m?.[3] ?? ''];
  if (inner === '') return escaped;
  const mark = `${span.bold ? '**' : ''}${span.italic ? '*' : ''}`;
  return `${lead}${mark}${inner}${[...mark].reverse().join('')}${trail}`;
}

export function spansMarkdown(spans: readonly Span[]): string {
  // Spans are escaped one by one, so "@" + "everyone" can only meet here.
  return spans
    .map(spanMarkdown)
    .join('')
    .replace(/@(everyone|here)/gi, '@\u200b$1');
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

export function takeHead(spans: readonly Span[], budget: number): Span[] {
  const out: Span[] = [];
  let left = budget;
  for (const s of spans) {
    if (s.text.length <= left) {
      out.push(s);
      left -= s.text.length;
      continue;
    }
    if (left > 1) out.push({ ...s, text: `${cutHead(s.text, left - 1).trimEnd()}…` });
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
    if (left > 1) out.unshift({ ...s, text: `…${cutTail(s.text, left - 1).trimStart()}` });
    else out.unshift({ text: '…' });
    return out;
  }
  return out;
}

/**
 * Renders spans within `max` rendered code units: escaping can double the length, so the raw
 * budget shrinks until the escaped text fits, with a hard cut as the last resort.
 */
export function fitSpans(spans: readonly Span[], max: number): string {
  let raw = max;
  for (let attempt = 0; attempt < 6 && raw > 0; attempt++) {
    const text = spansMarkdown(shortenSpans(spans, raw));
    if (text.length <= max) return text;
    raw = Math.floor((raw * max) / text.length) - 1;
  }
  return truncate(spansMarkdown(spans), max);
}

export function fitText(text: string, max: number): string {
  return fitSpans([{ text }], max);
}

// ---------------------------------------------------------------------------------------------
// Citations and blocks
// ---------------------------------------------------------------------------------------------
