/**
 * Text helpers for the Discord renderer: escaping Markdown and mentions, wrapping links, and
 * fitting escaped spans into a length budget (Discord counts UTF-16 code units). What Slack shares
 * (safe cuts, sanitizing, shortening spans) is in ../text.ts.
 */
import type { Span } from '../../answer/reply.ts';
import { breakFences, fitRendered, safeHead, sanitize } from '../text.ts';

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

/**
 * A code block as a fence of its own lines: nothing inside is escaped (Discord parses no Markdown
 * there), every run of three or more backticks inside is broken with zero-width spaces so the
 * fence cannot close early ("````" broken once would still hold a "```").
 */
export function codeFence(code: string, lang: string | null | undefined): string {
  const tag = (lang ?? '').replace(/[^\w+#-]/gu, '').slice(0, 20);
  const body = breakFences(sanitize(code));
  return `\`\`\`${tag}\n${body}\n\`\`\``;
}

export function spanMarkdown(span: Span): string {
  if (span.code) return codeFence(span.text, span.lang);
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
  return joinBlocks(spans, spanMarkdown).replace(/@(everyone|here)/gi, '@\u200b$1');
}

/** Rendered spans joined, a code block always on lines of its own. */
export function joinBlocks(spans: readonly Span[], render: (s: Span) => string): string {
  let out = '';
  spans.forEach((span, i) => {
    const text = render(span);
    if (span.code) {
      if (out !== '' && !out.endsWith('\n')) out += '\n';
      out += text;
      const next = spans[i + 1];
      if (next && !next.text.startsWith('\n')) out += '\n';
    } else out += text;
  });
  return out;
}

/** Renders spans within `max` rendered code units (see fitRendered), a hard cut as the last resort. */
export function fitSpans(spans: readonly Span[], max: number): string {
  return fitRendered(spans, max, spansMarkdown, () => truncate(spansMarkdown(spans), max));
}

export function fitText(text: string, max: number): string {
  return fitSpans([{ text }], max);
}

// ---------------------------------------------------------------------------------------------
// Citations and blocks
// ---------------------------------------------------------------------------------------------
