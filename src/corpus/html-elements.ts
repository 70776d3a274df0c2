/**
 * How each HTML element lays out its text: inline elements run on with the text around them,
 * block elements break it, and a few start a paragraph, a heading or a table row of their own.
 */

/** Inline (phrasing) elements: their text joins the surrounding text without a space. */
export const INLINE_TAGS = new Set([
  'a',
  'abbr',
  'acronym',
  'b',
  'bdi',
  'bdo',
  'big',
  'cite',
  'code',
  'data',
  'del',
  'dfn',
  'em',
  'font',
  'i',
  'ins',
  'kbd',
  'label',
  'mark',
  'q',
  's',
  'samp',
  'small',
  'span',
  'strike',
  'strong',
  'sub',
  'sup',
  'time',
  'tt',
  'u',
  'var',
  'wbr',
]);

/**
 * Block elements: opening or closing one ends the text run of a splittable capture, so that
 * `<li>intro<ul>…</ul>outro</li>` gives "intro" and "outro" as separate paragraphs, the way a
 * browser lays out anonymous blocks.
 */
export const BLOCK_TAGS = new Set([
  'address',
  'article',
  'aside',
  'blockquote',
  'body',
  'caption',
  'dd',
  'details',
  'div',
  'dl',
  'dt',
  'fieldset',
  'figcaption',
  'figure',
  'footer',
  'form',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'header',
  'hgroup',
  'hr',
  'html',
  'li',
  'main',
  'menu',
  'nav',
  'ol',
  'p',
  'pre',
  'section',
  'summary',
  'table',
  'tbody',
  'td',
  'tfoot',
  'th',
  'thead',
  'tr',
  'ul',
]);

/**
 * Elements that become paragraphs. Table cells are not paragraphs of their own: a whole row is
 * (`tr`), because a cell of a reference table ("'<'") means nothing without its neighbour
 * ("Forces the field to be left-aligned…").
 */
const PARAGRAPH_TAGS = new Set(['p', 'li', 'dd', 'dt', 'blockquote', 'figcaption', 'caption']);
export const HEADING_TAGS = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6']);
export const CAPTION_TAGS = new Set(['figcaption', 'caption']);

export type CaptureRole = 'paragraph' | 'heading' | 'row';

/** What an element starts of its own: a paragraph, a heading, a table row, or nothing. */
export function captureRole(name: string): CaptureRole | null {
  if (PARAGRAPH_TAGS.has(name)) return 'paragraph';
  if (HEADING_TAGS.has(name)) return 'heading';
  if (name === 'tr') return 'row';
  return null;
}
