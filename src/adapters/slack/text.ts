/**
 * Text helpers for the Slack renderer: escaping for Slack's markup and fitting escaped text into
 * a length budget. Slack gives `<`, `>` and `&` meaning in every text field (`<!channel>`,
 * `<@U123>`, `<https://…|label>`), so those three are escaped in everything taken from documents
 * or users; nothing else is needed and Slack has no other escape. Lengths are in UTF-16 code units,
 * which is never less than the characters Slack counts.
 */
import type { Span } from '../../answer/reply.ts';
import { breakFences, fitRendered, sanitize } from '../text.ts';

/** `&`, `<` and `>` as entities, after dropping control and bidi-override characters. */
export function escapeSlack(text: string): string {
  return sanitize(text).replace(/[&<>]/gu, (c) =>
    c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;',
  );
}

/** Slack's escaping undone, for text Slack sends us (a slash command's text, a message). */
export function unescapeSlack(text: string): string {
  return text.replace(/&(amp|lt|gt);/gu, (_, e: string) =>
    e === 'amp' ? '&' : e === 'lt' ? '<' : '>',
  );
}

/**
 * A message's text as a person reads it: links become their label (or address), mentions their
 * id, entities their characters. For "Find in sources" on a Slack message.
 * @example plainMessageText('see <https://e.com|this> &amp; <@U1>') // 'see this & @U1'
 */
export function plainMessageText(text: string): string {
  const readable = text.replace(
    /<([^<>|]*)(?:\|([^<>]*))?>/gu,
    (_, target: string, label?: string) => {
      if (label !== undefined && label !== '') return label;
      if (/^[@#!]/u.test(target)) return target.replace(/^!/u, '@');
      return target;
    },
  );
  return unescapeSlack(readable);
}

/** The first `n` code units of `s`, without splitting a surrogate pair or an entity. */
export function headOfEscaped(s: string, n: number): string {
  if (s.length <= n) return s;
  if (n <= 0) return '';
  let head = s.slice(0, n);
  if (/[\uD800-\uDBFF]$/u.test(head)) head = head.slice(0, -1);
  // A cut inside "&amp;" would leave a bare "&am" (every "&" in escaped text starts an entity).
  const amp = head.lastIndexOf('&');
  if (amp >= 0 && !head.includes(';', amp)) head = head.slice(0, amp);
  return head;
}

/** Cuts escaped text to at most `max` code units, ending with "…" when cut. */
export function truncateEscaped(s: string, max: number): string {
  if (s.length <= max) return s;
  if (max <= 0) return '';
  if (max === 1) return '…';
  return `${headOfEscaped(s, max - 1).trimEnd()}…`;
}

/**
 * A code block for Slack: a fence of its own lines, `&<>` escaped as everywhere (Slack reads
 * entities inside code too), every run of three or more backticks inside broken with zero-width
 * spaces ("````" broken once would still hold a "```").
 */
export function codeMrkdwn(code: string): string {
  return `\`\`\`\n${breakFences(escapeSlack(code))}\n\`\`\``;
}

function spanMrkdwn(span: Span): string {
  if (span.code) return codeMrkdwn(span.text);
  const escaped = escapeSlack(span.text);
  if (!span.bold && !span.italic) return escaped;
  // `* x*` is not bold in Slack either: keep the whitespace outside the markers.
  const m = /^(\s*)([\s\S]*?)(\s*)$/u.exec(escaped);
  const [lead, inner, trail] = [m?.[1] ?? '', m?.[2] ?? '', m?.[3] ?? ''];
  if (inner === '' || inner.includes('\n')) return escaped;
  const open = `${span.bold ? '*' : ''}${span.italic ? '_' : ''}`;
  return `${lead}${open}${inner}${[...open].reverse().join('')}${trail}`;
}

/** Spans as Slack mrkdwn, escaped. */
export function spansMrkdwn(spans: readonly Span[]): string {
  let out = '';
  spans.forEach((span, i) => {
    const text = spanMrkdwn(span);
    if (span.code) {
      if (out !== '' && !out.endsWith('\n')) out += '\n';
      out += text;
      const next = spans[i + 1];
      if (next && !next.text.startsWith('\n')) out += '\n';
    } else out += text;
  });
  return out;
}

/**
 * Spans as mrkdwn within `max` code units (see fitRendered: shortened around the bold sentence),
 * with a hard cut of the plain text, without fences or bold, as the last resort.
 */
export function fitSpansMrkdwn(spans: readonly Span[], max: number): string {
  return fitRendered(spans, max, spansMrkdwn, () =>
    truncateEscaped(escapeSlack(spans.map((s) => s.text).join('')), max),
  );
}

/** Plain text escaped within `max` code units, whitespace collapsed when `oneLine`. */
export function fitEscaped(text: string, max: number, oneLine = false): string {
  const source = oneLine ? text.replace(/\s+/gu, ' ').trim() : text;
  return fitSpansMrkdwn([{ text: source }], max);
}

/**
 * An http(s) address as the target of a Slack link, or null when it is not one (never trust a
 * document's front matter): the characters of Slack's link syntax percent-encoded, `&` escaped.
 */
export function slackUrl(url: string | null): string | null {
  if (url === null) return null;
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return null;
    const href = parsed.href.replace(/[<>|\s]/gu, (c) => encodeURIComponent(c));
    return href.length > 512 ? null : href.replace(/&/gu, '&amp;');
  } catch {
    return null;
  }
}
