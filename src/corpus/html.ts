import { headingAnchor } from './html-anchors.ts';
import { CHROME_TEXT, contentRoots, isChrome } from './html-chrome.ts';
import { codeLanguage, codeText, codeTitle } from './html-code.ts';
import {
  BLOCK_TAGS,
  CAPTION_TAGS,
  type CaptureRole,
  captureRole,
  HEADING_TAGS,
  INLINE_TAGS,
} from './html-elements.ts';
import { pageInfo, pageTitle } from './html-meta.ts';
import {
  collapse,
  type HtmlElement,
  type HtmlNode,
  type HtmlText,
  isElement,
  lineLocator,
  parseTree,
} from './html-tree.ts';
import { splitSentences, splitSentencesFast } from './sentences.ts';
import type { CodeBlock, Document, DocumentMeta, Paragraph, ParagraphKind } from './types.ts';

/** Bump when the extraction rules change, so caches of parsed HTML are rebuilt. */
export const HTML_PARSER_VERSION = 2;

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
  /** A heading's anchor. */
  anchor?: string | undefined;
}

/**
 * Parses one HTML page into a Document of answerable paragraphs. Only the page's main content
 * is read (html-chrome.ts: its `<main>`, `<article>` or densest block), without navigation,
 * sidebars, headers, footers, breadcrumbs, cookie banners or permalinks; inline `<code>` stays
 * in the prose and `<pre>` blocks are kept as code (`Paragraph.code`, with their language;
 * html-code.ts) on the paragraph that introduces them. Headings become sections, each paragraph
 * carrying its heading's anchor (`Paragraph.anchor`). The document's `url` (html-meta.ts) is the
 * page's `<link rel="canonical">`, else the address `corpus:fetch` saved it from
 * (`<meta name="dossier:source">`), else its `og:url`.
 *
 * @example
 *   const doc = parseHtmlDocument('<title>Intro — Python 3.11.2 documentation</title>' +
 *     '<h1 id="intro">Intro<a class="headerlink">¶</a></h1><p>Python is a programming language.</p>',
 *     { slug: 'intro', path: 'intro.html' });
 *   // doc.meta.title === 'Intro'; doc.paragraphs[0].id === 'intro#p1';
 *   // doc.paragraphs[0].section === 'Intro'; doc.paragraphs[0].anchor === 'intro'
 */
export function parseHtmlDocument(html: string, opts: HtmlParseOptions): Document {
  const split = opts.sentences === 'fast' ? splitSentencesFast : splitSentences;
  const lineOf = lineLocator(html);
  const { root: tree, index } = parseTree(html);
  const info = pageInfo(index);
  const paragraphs: Paragraph[] = [];
  const sections: string[] = [];
  let section: string | null = null;
  let anchor: string | undefined;
  let firstH1 = '';
  /** Code met before any paragraph of its section: it goes on the next paragraph. */
  let pendingCode: CodeBlock[] = [];
  /** Paragraphs before this index belong to an earlier section. */
  let sectionStart = 0;

  const root: Capture = newCapture('paragraph', '#root', 'body', null);
  const captures: Capture[] = [root];
  let captionDepth = 0;
  let headingDepth = 0;

  const top = (): Capture => captures[captures.length - 1] ?? root;

  /** Turns the collected run of `c` into a paragraph (if it is one) and starts a new run. */
  const flush = (c: Capture): void => {
    if (c.role === 'paragraph' || c.role === 'row') {
      const text = collapse(c.parts.join(''));
      const headerRow = c.role === 'row' && !c.hasDataCell;
      if (
        c.hasText &&
        c.start !== null &&
        !headerRow &&
        isAnswerable(text, c.tag) &&
        !CHROME_TEXT.test(text)
      ) {
        const n = paragraphs.length + 1;
        const p: Paragraph = {
          id: `${opts.slug}#p${n}`,
          docSlug: opts.slug,
          n,
          kind: c.kind,
          section,
          text,
          sentences: split(text),
          line: lineOf(c.start),
        };
        if (anchor !== undefined) p.anchor = anchor;
        if (pendingCode.length > 0) {
          p.code = pendingCode.map((b) => ({ ...b, at: 0 }));
          pendingCode = [];
        }
        paragraphs.push(p);
      }
    }
    c.parts = [];
    c.start = null;
    c.hasText = false;
  };

  /** A block boundary: a splittable capture ends its run, an atomic one gets a space. */
  const boundary = (name: string): void => {
    const current = top();
    if (!BLOCK_TAGS.has(name)) return;
    if (current.role === 'paragraph') flush(current);
    else current.parts.push(' ');
  };

  /** A code block: on the paragraph before it when that one is in the same section, else the next. */
  const code = (pre: HtmlElement): void => {
    boundary('pre');
    const text = codeText(pre);
    if (text === '') return;
    const block: CodeBlock = {
      lang: codeLanguage(pre),
      title: codeTitle(pre),
      text,
      at: 0,
      line: lineOf(pre.start),
    };
    const last = paragraphs[paragraphs.length - 1];
    if (last && paragraphs.length > sectionStart && pendingCode.length === 0) {
      last.code = [...(last.code ?? []), { ...block, at: last.text.length }];
    } else {
      pendingCode.push(block);
    }
  };

  const open = (el: HtmlElement): boolean => {
    const name = el.name;
    if (isChrome(el) || (headingDepth > 0 && /badge/iu.test(el.attribs.class ?? ''))) {
      boundary(name);
      return false;
    }
    if (name === 'pre') {
      code(el);
      return false;
    }
    if (CAPTION_TAGS.has(name)) captionDepth++;
    const current = top();
    if (current.role !== 'paragraph') {
      // Atomic captures (headings, table rows) absorb nested blocks as spaces.
      if (current.role === 'row' && (name === 'td' || name === 'th')) {
        // Separate cells, but an empty leading cell should not leave a dangling "|".
        if (current.hasText) current.parts.push(' | ');
        if (name === 'td') current.hasDataCell = true;
      } else if (!INLINE_TAGS.has(name)) current.parts.push(' ');
      if (HEADING_TAGS.has(name)) headingDepth++;
      return true;
    }
    const role = captureRole(name);
    if (role === null) {
      if (BLOCK_TAGS.has(name)) flush(current);
      else if (!INLINE_TAGS.has(name)) current.parts.push(' ');
      return true;
    }
    flush(current);
    if (role === 'heading') {
      headingDepth++;
      const capture = newCapture(role, name, 'body', el.start);
      capture.anchor = headingAnchor(el);
      captures.push(capture);
      captured.set(el, capture);
      return true;
    }
    const kind: ParagraphKind = captionDepth > 0 ? 'caption' : 'body';
    const capture = newCapture(role, name, kind, el.start);
    captures.push(capture);
    captured.set(el, capture);
    return true;
  };

  const text = (t: HtmlText): void => {
    const c = top();
    if (!c.hasText) {
      if (/^\s*$/u.test(t.text)) return;
      c.hasText = true;
      c.start ??= t.start;
    }
    c.parts.push(t.text);
  };

  const close = (el: HtmlElement): void => {
    if (CAPTION_TAGS.has(el.name)) captionDepth--;
    if (HEADING_TAGS.has(el.name)) headingDepth--;
    const capture = captured.get(el);
    if (capture === undefined) {
      boundary(el.name);
      return;
    }
    // Pop the capture (and anything left above it).
    while (captures.length > 1) {
      const c = captures.pop();
      if (c === undefined || c === capture) break;
      flush(c);
    }
    if (capture.role === 'heading') {
      const heading = collapse(capture.parts.join(''));
      if (heading !== '') {
        section = heading;
        anchor = capture.anchor;
        sections.push(heading);
        sectionStart = paragraphs.length;
        if (capture.tag === 'h1' && firstH1 === '') firstH1 = heading;
      }
    } else {
      flush(capture);
    }
    // The enclosing capture resumes with a fresh run after a nested block.
    const outer = top();
    if (outer.role === 'paragraph') flush(outer);
    else outer.parts.push(' ');
  };

  const captured = new Map<HtmlElement, Capture>();
  for (const start of contentRoots(tree, index)) {
    // depth-first without recursion: a page may nest thousands of elements
    const stack: { node: HtmlNode; closing: boolean }[] = [{ node: start, closing: false }];
    while (stack.length > 0) {
      const { node, closing } = stack.pop() as { node: HtmlNode; closing: boolean };
      if (!isElement(node)) {
        text(node);
        continue;
      }
      if (closing) {
        close(node);
        continue;
      }
      if (node !== start || start.name !== '#root') {
        if (!open(node)) continue;
        stack.push({ node, closing: true });
      }
      for (let i = node.children.length - 1; i >= 0; i--) {
        const child = node.children[i];
        if (child) stack.push({ node: child, closing: false });
      }
    }
    boundary('div');
  }
  flush(root);
  // code after the last paragraph goes on it
  const last = paragraphs[paragraphs.length - 1];
  if (last && pendingCode.length > 0)
    last.code = [...(last.code ?? []), ...pendingCode.map((b) => ({ ...b, at: last.text.length }))];

  const meta: DocumentMeta = { title: pageTitle(info.title, firstH1) || opts.slug };
  if (info.language !== undefined) meta.language = info.language;
  if (info.url !== undefined) meta.url = info.url;
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

/**
 * Whether a paragraph is worth answering from. Fragments under three words ("Note", "See also")
 * are dropped unless they read as a sentence ("It works.") or a labelled value ("Default: 5"). API signatures in `<dt>` are kept
 * even when short ("abs(x)") since they name what the following paragraphs describe.
 */
function isAnswerable(text: string, tag: string): boolean {
  // Count only tokens with a letter or digit, so a row separator "|" or a dash is no word.
  const words = text.split(' ').filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
  if (words === 0) return false;
  if (words >= 3) return true;
  if (tag === 'dt') return words >= 2 || text.includes('(');
  // a labelled value ("Default: 'localhost'") answers "what is the default?"
  return words === 2 && (/[.!?]$/.test(text) || /^[^\s:]+:\s\S/u.test(text));
}
