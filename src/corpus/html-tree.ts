import { Parser } from 'htmlparser2';

/**
 * A light element tree of an HTML page, built with htmlparser2's tokenizer (which repairs
 * malformed markup the way its DOM handler does), keeping each node's source offset. The
 * extractor needs the whole page before it reads any of it: the main content is chosen first.
 */

export interface HtmlElement {
  name: string;
  attribs: Record<string, string>;
  /** Source offset of the start tag. */
  start: number;
  children: HtmlNode[];
  parent: HtmlElement | null;
  /** Whether it is site chrome, once html-chrome.ts has judged it. */
  chrome?: boolean | undefined;
  /** Its visible non-link text length, once html-chrome.ts has weighed it. */
  weight?: number | undefined;
}

export interface HtmlText {
  text: string;
  start: number;
}

export type HtmlNode = HtmlElement | HtmlText;

export const isElement = (n: HtmlNode): n is HtmlElement => 'name' in n;

/** Elements the extractor looks up by name, noted while the tree is built. */
export interface PageIndex {
  html: HtmlElement | undefined;
  body: HtmlElement | undefined;
  title: HtmlElement | undefined;
  /** `<main>` and `role="main"` elements, in document order. */
  mains: HtmlElement[];
  articles: HtmlElement[];
  links: HtmlElement[];
  metas: HtmlElement[];
}

/**
 * Parses `html` into a tree under a synthetic `#root` element, noting its landmarks.
 * @example parseTree('<p>Hi <b>there</b></p>').root.children[0] // { name: 'p', … }
 */
export function parseTree(html: string): { root: HtmlElement; index: PageIndex } {
  const root: HtmlElement = { name: '#root', attribs: {}, start: 0, children: [], parent: null };
  const index: PageIndex = {
    html: undefined,
    body: undefined,
    title: undefined,
    mains: [],
    articles: [],
    links: [],
    metas: [],
  };
  const stack: HtmlElement[] = [root];
  const top = () => stack[stack.length - 1] ?? root;
  const parser = new Parser(
    {
      onopentag(name, attribs) {
        const parent = top();
        const el: HtmlElement = { name, attribs, start: parser.startIndex, children: [], parent };
        parent.children.push(el);
        stack.push(el);
        if (name === 'main' || attribs.role === 'main') index.mains.push(el);
        else if (name === 'article') index.articles.push(el);
        else if (name === 'link') index.links.push(el);
        else if (name === 'meta') index.metas.push(el);
        else if (name === 'title') index.title ??= el;
        else if (name === 'body') index.body ??= el;
        else if (name === 'html') index.html ??= el;
      },
      ontext(text) {
        const parent = top();
        const last = parent.children[parent.children.length - 1];
        // the tokenizer may report one text run in pieces
        if (last && !isElement(last)) last.text += text;
        else parent.children.push({ text, start: parser.startIndex });
      },
      onclosetag(name) {
        // htmlparser2 reports a close (possibly implied) for every open tag, in order; a close
        // that matches nothing open is ignored rather than allowed to unwind the stack
        let i = stack.length - 1;
        while (i > 0 && stack[i]?.name !== name) i--;
        if (i > 0) stack.length = i;
      },
    },
    { decodeEntities: true },
  );
  parser.write(html);
  parser.end();
  return { root, index };
}

/** Every element under `root` (itself included), in document order, without recursion. */
export function elements(root: HtmlElement): HtmlElement[] {
  const out: HtmlElement[] = [];
  const stack: HtmlElement[] = [root];
  while (stack.length > 0) {
    const el = stack.pop() as HtmlElement;
    out.push(el);
    for (let i = el.children.length - 1; i >= 0; i--) {
      const c = el.children[i];
      if (c && isElement(c)) stack.push(c);
    }
  }
  return out;
}

/** The text under `el` as written (entities decoded), without recursion. */
export function textOf(el: HtmlElement, skip: (e: HtmlElement) => boolean = () => false): string {
  const parts: string[] = [];
  const stack: HtmlNode[] = [el];
  while (stack.length > 0) {
    const n = stack.pop() as HtmlNode;
    if (!isElement(n)) {
      parts.push(n.text);
      continue;
    }
    if (n !== el && skip(n)) continue;
    for (let i = n.children.length - 1; i >= 0; i--) {
      const c = n.children[i];
      if (c) stack.push(c);
    }
  }
  return parts.join('');
}

/** Collapses runs of whitespace (including no-break spaces) to one space and trims. */
export function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Returns a function from a source offset to its 1-based line, by binary search over line starts. */
export function lineLocator(source: string): (offset: number) => number {
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
