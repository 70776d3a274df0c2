import { elements, type HtmlElement, isElement, type PageIndex } from './html-tree.ts';

/**
 * What of a web page is the page's own text, and what is the site around it: navigation,
 * headers and footers, sidebars, tables of contents, breadcrumbs, cookie banners, "edit this
 * page" links, permalinks, copy buttons. The rules read the markup documentation generators
 * write (Sphinx, MkDocs Material, VitePress, Docusaurus, Hugo Docsy, Starlight) and the roles and
 * names any accessible page uses. Readability-style libraries need a browser DOM (jsdom) and
 * return one blob of text; here the page keeps its headings, anchors and code, so the few rules
 * are written out.
 */

/** Elements whose whole subtree is never prose: scripts, navigation, forms, embedded media. */
const SKIP_TAGS = new Set([
  'script',
  'style',
  'noscript',
  'template',
  'title',
  'nav',
  'svg',
  'math',
  'form',
  'button',
  'select',
  'textarea',
  'iframe',
  'object',
  'footer',
  'dialog',
]);

const SKIP_ROLES = new Set([
  'navigation',
  'search',
  'banner',
  'contentinfo',
  'complementary',
  'dialog',
  'alertdialog',
  'tablist',
]);

/** Class names matched whole (Sphinx's chrome; `header`/`footer`/`contents` are too common as parts). */
const CHROME_EXACT = new Set([
  'related',
  'footer',
  'header',
  'contents',
  'toctree-wrapper',
  'mobile-nav',
  'menu-wrapper',
  'sphinxsidebar',
  'sphinxsidebarwrapper',
]);

/** Words of class names and ids (between `-`/`_` or at the ends) that name chrome. */
const CHROME_WORD =
  /(?:^|[-_])(?:sidebar|side-bar|sidenav|breadcrumbs?|toc|table-of-contents|on-this-page|pagination|pager|prev-next|page-nav|nav|navbar|menu|edit-?link|edit-this-page|edit-page|last-updated|page-meta|source-file|doc-footer|cookies?|consent|gdpr|skip-link|skip-to-content|header-anchor|headerlink|hash-link|anchor-link|anchorjs-link|copy-?button|copy-code|clipboard|feedback|sr-only|visually-hidden|screen-reader-text|announcement(?:-bar)?|carbon-?ads|linenos|lineno)(?:$|[-_])/u;

/** Parts of camelCase class names (VitePress `VPSidebar`, Docusaurus `tableOfContents_bqdL`). */
const CHROME_PART =
  /sidebar|breadcrumb|cookie|consent|tableofcontents|skiptocontent|editthispage|announcementbar|localnav|docaside|docfooter|pagination/u;

const CHROME_LABEL =
  /breadcrumb|table of contents|on this page|pagination|cookie|site navigation/iu;

/** Class attributes repeat (`pre`, `n`, `sig-name descname`): each value is judged once. */
const classVerdicts = new Map<string, boolean>();

function chromeClass(value: string | undefined): boolean {
  if (value === undefined || value === '') return false;
  let verdict = classVerdicts.get(value);
  if (verdict === undefined) {
    verdict = judgeClass(value);
    if (classVerdicts.size > 50_000) classVerdicts.clear();
    classVerdicts.set(value, verdict);
  }
  return verdict;
}

function judgeClass(value: string): boolean {
  for (const token of value.split(/\s+/u)) {
    if (token === '') continue;
    if (CHROME_EXACT.has(token)) return true;
    const lower = token.toLowerCase();
    // a state on the content's own container ("VPDoc has-sidebar"), not a sidebar
    if (/^(?:has|with|is|no|without)-/u.test(lower) || lower === 'sidebar-title') continue;
    if (CHROME_WORD.test(lower) || CHROME_PART.test(lower)) return true;
  }
  return false;
}

/**
 * Ids name chrome only in a few unmistakable ways: most ids are anchors made from the content's
 * own words (Sphinx's `module-http.cookies`, a heading "Cookies").
 */
const CHROME_ID =
  /^(?:[\w-]*[-_])?(?:sidebar|side-?nav|toc|breadcrumbs?|navbar|site-?(?:header|footer|nav)|cookie-?(?:banner|consent|notice|bar)|consent-?banner|skip-?link)(?:[-_][\w-]*)?$/iu;

/** Sphinx's `.. sidebar::` box: content set beside the text, with its own title. */
function isDocutilsSidebar(el: HtmlElement): boolean {
  if (!/(?:^|\s)sidebar(?:\s|$)/u.test(el.attribs.class ?? '')) return false;
  return el.children.some(
    (c) => isElement(c) && /(?:^|\s)sidebar-title(?:\s|$)/u.test(c.attribs.class ?? ''),
  );
}

function hasNav(el: HtmlElement): boolean {
  for (const e of elements(el))
    if (e !== el && (e.name === 'nav' || e.attribs.role === 'navigation')) return true;
  return false;
}

/**
 * Whether an element and everything in it is site chrome, not the page's content. A `<header>`
 * is chrome when it holds navigation or sits right under `<body>` (an article's own header, with
 * its title, stays); an `<aside>` when it holds navigation or is named like a sidebar (callouts
 * written as `<aside>` stay).
 */
export function isChrome(el: HtmlElement): boolean {
  el.chrome ??= judgeElement(el);
  return el.chrome;
}

function judgeElement(el: HtmlElement): boolean {
  const name = el.name;
  if (SKIP_TAGS.has(name)) return true;
  const a = el.attribs;
  if (a.hidden !== undefined || a['aria-hidden'] === 'true') return true;
  if (a.role !== undefined && SKIP_ROLES.has(a.role)) return true;
  if (a['aria-label'] !== undefined && CHROME_LABEL.test(a['aria-label'])) return true;
  if (chromeClass(a.class) && !isDocutilsSidebar(el)) return true;
  if (a.id !== undefined && CHROME_ID.test(a.id) && !/^(?:h[1-6]|section)$/u.test(name))
    return true;
  if (name === 'header') return el.parent?.name === 'body' || hasNav(el);
  if (name === 'aside') return hasNav(el);
  return false;
}

/** A paragraph that is a site's furniture by its words alone ("Edit this page", "Last updated: …"). */
export const CHROME_TEXT =
  /^(?:edit (?:this|the) page(?: on \w+)?|edit on (?:github|gitlab)|improve this (?:doc|page)|suggest (?:an )?edits?|last (?:updated|modified)(?: on| at)?:?\s.{0,60}|was this (?:page|article|doc) helpful\??.{0,80}|previous(?: page)?|next(?: page)?|on this page|table of contents|back to top|copy(?: to clipboard)?|copied!?|skip to (?:the )?(?:main )?content)$/iu;

/**
 * Visible, non-link text length (non-space characters) of `el`, chrome left out; each element
 * of its subtree is weighed once (its children before it: the reverse of document order).
 */
function weightOf(el: HtmlElement): number {
  if (el.weight !== undefined) return el.weight;
  const list = elements(el);
  for (let i = list.length - 1; i >= 0; i--) {
    const e = list[i] as HtmlElement;
    if (e.weight !== undefined) continue;
    if (isChrome(e) || e.name === 'a') {
      e.weight = 0;
      continue;
    }
    let w = 0;
    for (const c of e.children) w += isElement(c) ? (c.weight ?? 0) : visibleLength(c.text);
    e.weight = w;
  }
  return el.weight ?? 0;
}

/** Characters of `text` that are not white space. */
function visibleLength(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 10 && c !== 9 && c !== 13 && c !== 12 && c !== 0xa0) n++;
  }
  return n;
}

/** Keeps the elements of `list` that have no ancestor in it. */
function outermost(list: readonly HtmlElement[]): HtmlElement[] {
  const set = new Set(list);
  return list.filter((el) => {
    for (let p = el.parent; p; p = p.parent) if (set.has(p)) return false;
    return true;
  });
}

/**
 * The elements holding the page's content, in document order: its `<main>` (or `role="main"`),
 * narrowed to the one `<article>` in it that holds most of its text (Docusaurus and MkDocs put
 * the table of contents beside the article inside `<main>`); else its `<article>`s; else the
 * densest block: from `<body>` down, the container (`<div>`, `<section>`) holding 70 % of the
 * text, while there is one and no heading stands beside it.
 */
export function contentRoots(tree: HtmlElement, index: PageIndex): HtmlElement[] {
  const { mains, articles, body } = index;
  const w = weightOf;
  const visible = (el: HtmlElement) => {
    for (let e: HtmlElement | null = el; e; e = e.parent) if (isChrome(e)) return false;
    return true;
  };
  const main = outermost(mains.filter(visible)).filter((m) => w(m) > 0);
  if (main.length > 0) {
    return main.map((m) => {
      const inner = outermost(articles.filter((a) => isInside(a, m)));
      const only = inner.length === 1 ? inner[0] : undefined;
      return only && w(only) >= 0.6 * w(m) ? only : m;
    });
  }
  const arts = outermost(articles.filter(visible)).filter((a) => w(a) > 0);
  if (arts.length > 0) return arts;
  let current = body ?? tree;
  for (;;) {
    const total = w(current);
    let best: HtmlElement | undefined;
    for (const c of current.children) if (isElement(c) && (!best || w(c) > w(best))) best = c;
    if (!best || total === 0 || w(best) < 0.7 * total || !CONTAINERS.has(best.name)) break;
    // a heading beside the block (the page's <h1> above its text) keeps the block's parent
    const chosen = best;
    const headingBeside = current.children.some(
      (c) => isElement(c) && c !== chosen && !isChrome(c) && hasHeading(c),
    );
    if (headingBeside) break;
    current = best;
  }
  return [current];
}

/** Elements the densest-block search descends into: blocks that hold blocks, not text. */
const CONTAINERS = new Set(['html', 'body', 'div', 'section', 'main', 'article', 'center']);

function hasHeading(el: HtmlElement): boolean {
  for (const e of elements(el)) if (/^h[1-3]$/u.test(e.name)) return true;
  return false;
}

function isInside(el: HtmlElement, ancestor: HtmlElement): boolean {
  for (let p = el.parent; p; p = p.parent) if (p === ancestor) return true;
  return false;
}
