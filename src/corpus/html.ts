import { Parser } from 'htmlparser2';
import { splitSentences } from './sentences.ts';
import type { Document, DocumentMeta, Paragraph, ParagraphKind, Sentence } from './types.ts';

/** Bump when the extraction rules change, so caches of parsed HTML are rebuilt. */
export const HTML_PARSER_VERSION = 1;

/**
 * Sentence splitter for HTML paragraphs. Measured on the Python 3.11 docs (7.5 MB of paragraph text):
 * - 'nlp' (default): wink-nlp via `splitSentences`, the same splitter as the other corpus formats;
 *   it knows titles and initialisms ("Dr. Smith", "U.S. Army"). About 1.2 MB/s (~6 s for the docs).
 *   On technical prose it wrongly splits dotted names: "similar to gc." | "enable().".
 * - 'fast': `Intl.Segmenter` (ICU, built into Node), ~5x faster. It keeps dotted names whole but
 *   breaks after "Dr. " / "U.S. " before a capital, and never before a lowercase start ("… size.
 *   u may be NULL" stays one sentence). Fine for API docs and benchmarks.
 */
export type SentenceMode = 'nlp' | 'fast';

export interface HtmlParseOptions {
  slug: string;
  /** Path relative to the corpus directory, stored on the Document as is. */
  path: string;
  sentences?: SentenceMode;
}

/** Elements whose whole subtree is never prose: code, scripts, navigation, forms, embedded media. */
const SKIP_TAGS = new Set([
  'script',
  'style',
  'noscript',
  'template',
  'nav',
  'pre',
  'svg',
  'math',
  'form',
  'button',
  'select',
  'textarea',
  'iframe',
  'object',
  'footer',
]);

/**
 * Classes of Sphinx chrome (sidebars, related-links bars, headers and footers, tables of contents)
 * and of code blocks. A subtree carrying one of these classes is skipped.
 */
const SKIP_CLASSES = new Set([
  'sphinxsidebar',
  'sphinxsidebarwrapper',
  'related',
  'footer',
  'header',
  'headerlink',
  'highlight',
  'mobile-nav',
  'menu-wrapper',
  'toctree-wrapper',
  'contents',
  'copybutton',
  'linenos',
]);

const SKIP_ROLES = new Set(['navigation', 'search', 'banner', 'contentinfo']);

/** Inline (phrasing) elements: their text joins the surrounding text without a space. */
const INLINE_TAGS = new Set([
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
const BLOCK_TAGS = new Set([
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
const HEADING_TAGS = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6']);
const CAPTION_TAGS = new Set(['figcaption', 'caption']);

type CaptureRole = 'paragraph' | 'heading' | 'title' | 'row';

/** Text being collected for one paragraph, heading or title. */
interface Capture {
  role: CaptureRole;
  tag: string;
  kind: ParagraphKind;
  parts: string[];
  /**
   * Source offset of the current text run: the element's start tag for its first run, else the
   * first non-blank text after a nested block.
   */
  start: number | null;
  hasText: boolean;
  /** A row made only of `<th>` cells is a header ("Option | Meaning"): labels, not facts. */
  hasDataCell: boolean;
}

interface Frame {
  tag: string;
  skips: boolean;
  capture: Capture | null;
  caption: boolean;
}

/**
 * Parses one HTML page (Sphinx output in particular) into a Document of answerable paragraphs.
 * Navigation, sidebars, scripts and code blocks are left out; inline `<code>` stays in the prose.
 *
 * @example
 *   const doc = parseHtmlDocument('<title>Intro — Python 3.11.2 documentation</title>' +
 *     '<h1>Intro<a class="headerlink">¶</a></h1><p>Python is a programming language.</p>',
 *     { slug: 'intro', path: 'intro.html' });
 *   // doc.meta.title === 'Intro'; doc.paragraphs[0].id === 'intro#p1';
 *   // doc.paragraphs[0].section === 'Intro'
 */
export function parseHtmlDocument(html: string, opts: HtmlParseOptions): Document {
  const split = opts.sentences === 'fast' ? splitSentencesFast : splitSentences;
  const lineOf = lineLocator(html);
  const paragraphs: Paragraph[] = [];
  const sections: string[] = [];
  let section: string | null = null;
  let title = '';
  let firstH1 = '';
  let language: string | undefined;

  const root: Capture = newCapture('paragraph', '#root', 'body', null);
  const frames: Frame[] = [];
  const captures: Capture[] = [root];
  let skipDepth = 0;
  let captionDepth = 0;

  const top = (): Capture => captures[captures.length - 1] ?? root;

  /** Turns the collected run of `c` into a paragraph (if it is one) and starts a new run. */
  const flush = (c: Capture): void => {
    if (c.role === 'paragraph' || c.role === 'row') {
      const text = collapse(c.parts.join(''));
      const headerRow = c.role === 'row' && !c.hasDataCell;
      if (c.hasText && c.start !== null && !headerRow && isAnswerable(text, c.tag)) {
        const n = paragraphs.length + 1;
        paragraphs.push({
          id: `${opts.slug}#p${n}`,
          docSlug: opts.slug,
          n,
          kind: c.kind,
          section,
          text,
          sentences: split(text),
          line: lineOf(c.start),
        });
      }
    }
    c.parts = [];
    c.start = null;
    c.hasText = false;
  };

  const parser = new Parser(
    {
      onopentag(name, attribs) {
        const at = parser.startIndex;
        if (name === 'html' && attribs.lang) language = attribs.lang.trim() || undefined;
        const skips = skipDepth > 0 || shouldSkip(name, attribs);
        const frame: Frame = { tag: name, skips: false, capture: null, caption: false };
        frames.push(frame);
        if (skips) {
          if (skipDepth === 0) boundary(name);
          frame.skips = true;
          skipDepth++;
          return;
        }
        if (CAPTION_TAGS.has(name)) {
          frame.caption = true;
          captionDepth++;
        }
        const current = top();
        if (current.role !== 'paragraph') {
          // Atomic captures (headings, titles, table rows) absorb nested blocks as spaces.
          if (current.role === 'row' && (name === 'td' || name === 'th')) {
            // Separate cells, but an empty leading cell should not leave a dangling "|".
            if (current.hasText) current.parts.push(' | ');
            if (name === 'td') current.hasDataCell = true;
          } else if (!INLINE_TAGS.has(name)) current.parts.push(' ');
          return;
        }
        const role = captureRole(name);
        if (role === null) {
          if (BLOCK_TAGS.has(name)) flush(current);
          else if (!INLINE_TAGS.has(name)) current.parts.push(' ');
          return;
        }
        flush(current);
        const kind: ParagraphKind = captionDepth > 0 ? 'caption' : 'body';
        const capture = newCapture(role, name, kind, at);
        frame.capture = capture;
        captures.push(capture);
      },
      ontext(text) {
        if (skipDepth > 0) return;
        const c = top();
        if (!c.hasText) {
          if (/^\s*$/.test(text)) return;
          c.hasText = true;
          c.start ??= parser.startIndex;
        }
        c.parts.push(text);
      },
      onclosetag(name) {
        // htmlparser2 reports a close (possibly implied) for every open tag, in order; still, a
        // close that matches nothing open is ignored rather than allowed to unwind the stack.
        let i = frames.length - 1;
        while (i >= 0 && frames[i]?.tag !== name) i--;
        if (i < 0) return;
        while (frames.length > i) {
          const frame = frames.pop();
          if (frame) closeFrame(frame);
        }
      },
    },
    { decodeEntities: true },
  );

  /** A block boundary met while collecting: splittable captures end their run. */
  function boundary(name: string): void {
    const current = top();
    if (!BLOCK_TAGS.has(name)) return;
    if (current.role === 'paragraph') flush(current);
    else current.parts.push(' ');
  }

  function closeFrame(frame: Frame): void {
    if (frame.skips) {
      skipDepth--;
      return;
    }
    if (frame.caption) captionDepth--;
    const capture = frame.capture;
    if (capture === null) {
      boundary(frame.tag);
      return;
    }
    // Pop the capture (and anything left above it by malformed nesting).
    while (captures.length > 1) {
      const c = captures.pop();
      if (c === undefined || c === capture) break;
      flush(c);
    }
    if (capture.role === 'heading') {
      const text = collapse(capture.parts.join(''));
      if (text !== '') {
        section = text;
        sections.push(text);
        if (capture.tag === 'h1' && firstH1 === '') firstH1 = text;
      }
    } else if (capture.role === 'title') {
      if (title === '') title = collapse(capture.parts.join(''));
    } else {
      flush(capture);
    }
    // The enclosing capture resumes with a fresh run after a nested block.
    const outer = top();
    if (outer.role === 'paragraph') flush(outer);
    else outer.parts.push(' ');
  }

  parser.write(html);
  parser.end();
  flush(root);

  const meta: DocumentMeta = { title: cleanTitle(title) || firstH1 || opts.slug };
  if (language !== undefined) meta.language = language;
  return { slug: opts.slug, path: opts.path, meta, sections, paragraphs };
}

function newCapture(
  role: CaptureRole,
  tag: string,
  kind: ParagraphKind,
  start: number | null,
): Capture {
  return { role, tag, kind, parts: [], start, hasText: false, hasDataCell: false };
}

function captureRole(name: string): CaptureRole | null {
  if (PARAGRAPH_TAGS.has(name)) return 'paragraph';
  if (HEADING_TAGS.has(name)) return 'heading';
  if (name === 'title') return 'title';
  if (name === 'tr') return 'row';
  return null;
}

function shouldSkip(name: string, attribs: Record<string, string>): boolean {
  if (SKIP_TAGS.has(name)) return true;
  if (attribs.hidden !== undefined || attribs['aria-hidden'] === 'true') return true;
  const role = attribs.role;
  if (role !== undefined && SKIP_ROLES.has(role)) return true;
  const cls = attribs.class;
  if (cls !== undefined && cls !== '') {
    for (const c of cls.split(/\s+/)) {
      if (SKIP_CLASSES.has(c) || c.startsWith('highlight-')) return true;
    }
  }
  return false;
}

/** Collapses runs of whitespace (including no-break spaces) to one space and trims. */
function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * Whether a paragraph is worth answering from. Fragments under three words ("Note", "See also")
 * are dropped unless they read as a sentence ("It works."). API signatures in `<dt>` are kept
 * even when short ("abs(x)") since they name what the following paragraphs describe.
 */
function isAnswerable(text: string, tag: string): boolean {
  // Count only tokens with a letter or digit, so a row separator "|" or a dash is no word.
  const words = text.split(' ').filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
  if (words === 0) return false;
  if (words >= 3) return true;
  if (tag === 'dt') return words >= 2 || text.includes('(');
  return words === 2 && /[.!?]$/.test(text);
}

/** Drops a generic site suffix: "Built-in Functions — Python 3.11.2 documentation" → "Built-in Functions". */
function cleanTitle(title: string): string {
  return collapse(title)
    .replace(/\s+[—–|-]\s+[^—–|]*\bdocumentation$/i, '')
    .trim();
}

/** Returns a function from a source offset to its 1-based line, by binary search over line starts. */
function lineLocator(source: string): (offset: number) => number {
  const starts = [0];
  for (let i = source.indexOf('\n'); i >= 0; i = source.indexOf('\n', i + 1)) starts.push(i + 1);
  return (offset) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] ?? 0) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
}

let segmenter: Intl.Segmenter | undefined;

/**
 * Sentence split with `Intl.Segmenter`, trimmed and mapped to offsets in `text`.
 *
 * @example splitSentencesFast('It rained. Then it stopped.')
 *   // [{ text: 'It rained.', start: 0, end: 10 }, { text: 'Then it stopped.', start: 11, end: 27 }]
 */
export function splitSentencesFast(text: string): Sentence[] {
  segmenter ??= new Intl.Segmenter('en', { granularity: 'sentence' });
  const out: Sentence[] = [];
  for (const { segment, index } of segmenter.segment(text)) {
    const lead = segment.length - segment.trimStart().length;
    const piece = segment.trim();
    if (piece === '') continue;
    const start = index + lead;
    out.push({ text: piece, start, end: start + piece.length });
  }
  return out;
}
