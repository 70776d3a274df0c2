/**
 * Text for the timeline picture: cleaning input so it is safe in XML and on one line, escaping it,
 * swapping characters the shipped font lacks for a visible mark, and cutting it to fit a width in
 * pixels (by the font's metrics) or a number of characters.
 */
import { type FontWeight, hasGlyph, textWidth } from './fonts.ts';

// Characters XML 1.0 forbids (most C0 controls, lone surrogates, U+FFFE/U+FFFF), C1 controls and
// bidirectional overrides and isolates, which could make a label read backwards.
const UNSAFE_CHARS =
  /[^\t\n\r\u0020-\u007E\u00A0-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]|[\u202A-\u202E\u2066-\u2069]/gu;
/** Longer input is cut before any measuring: no label shows more than this. */
const MAX_INPUT_CHARS = 400;

/** Text safe to put in XML and on one line: forbidden characters dropped, whitespace collapsed. */
export function clean(text: string, max = MAX_INPUT_CHARS): string {
  // bound the work first: a label never shows this much anyway
  const bounded = cutChars(text, max * 4);
  // trimmed after the cut too: a cut at a space would leave it at the end ("ab " of "ab cd")
  return cutChars(bounded.replace(UNSAFE_CHARS, '').replace(/\s+/gu, ' ').trim(), max).trimEnd();
}

/** The first `max` code units of a string, never half a surrogate pair. */
export function cutChars(text: string, max: number): string {
  if (text.length <= max) return text;
  return text.slice(0, max).replace(/[\uD800-\uDBFF]$/u, '');
}

/** Escapes text for an XML text node or attribute value. */
export function escapeXml(text: string): string {
  return text
    .replace(/&/gu, '&amp;')
    .replace(/</gu, '&lt;')
    .replace(/>/gu, '&gt;')
    .replace(/"/gu, '&quot;')
    .replace(/'/gu, '&apos;');
}

/** Drawn where the font lacks a run of characters, so the label shows a gap was there. */
const MISSING = '\u25AF';
const IGNORABLE = /^\p{Default_Ignorable_Code_Point}$/u;

/**
 * Text as the font can draw it: each run of characters it lacks (CJK, emoji) becomes one ▯,
 * and invisible ones it lacks (variation selectors) are dropped. The alt text keeps them all.
 */
export function drawableText(text: string, weight: FontWeight): string {
  let out = '';
  let inGap = false;
  for (const ch of text) {
    if (hasGlyph(ch.codePointAt(0) ?? 0, weight)) {
      out += ch;
      inGap = false;
    } else if (!IGNORABLE.test(ch) && !inGap) {
      out += MISSING;
      inGap = true;
    }
  }
  return out;
}

const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });

/**
 * Text cut to fit `max` pixels, at a word boundary when one is near, with an ellipsis; whole
 * characters (graphemes) only, so no accent or emoji is split.
 */
export function fitWidth(text: string, max: number, size: number, weight: FontWeight): string {
  if (textWidth(text, size, weight) <= max) return text;
  const room = max - textWidth('…', size, weight);
  let used = 0;
  let end = 0;
  for (const { segment, index } of graphemes.segment(text)) {
    used += textWidth(segment, size, weight);
    if (used > room) break;
    end = index + segment.length;
  }
  const cut = text.slice(0, end);
  const space = cut.lastIndexOf(' ');
  const kept = space > cut.length * 0.6 ? cut.slice(0, space) : cut;
  const trimmed = kept.replace(/[\s,;:–—-]+$/u, '');
  return trimmed === '' ? '' : `${trimmed}…`;
}

/** Text cut to at most `max` characters at a word boundary when one is near, with an ellipsis. */
export function shortenChars(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = cutChars(text, max - 1);
  const space = cut.lastIndexOf(' ');
  const kept = space > cut.length * 0.6 ? cut.slice(0, space) : cut;
  return `${kept.replace(/[\s,;:–—-]+$/u, '')}…`;
}

/** The number on an event's badge and in the alt text: `n` when it is a plain small count, else "?". */
export function badgeNumber(n: number): string {
  return Number.isSafeInteger(n) && n >= 0 && n < 1_000_000 ? String(n) : '?';
}
