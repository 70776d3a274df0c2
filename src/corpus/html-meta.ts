import { collapse, type PageIndex, textOf } from './html-tree.ts';

/**
 * What an HTML page says about itself, apart from its text: its title (without the site's name),
 * its language and its address.
 */

export interface PageInfo {
  title: string;
  language: string | undefined;
  url: string | undefined;
}

/** The page's title, language and address, from its <html>, <title>, <link> and <meta>. */
export function pageInfo(index: PageIndex): PageInfo {
  const language = index.html?.attribs.lang?.trim() || undefined;
  const title = index.title ? collapse(textOf(index.title)) : undefined;
  const canonical = index.links
    .find((l) => /(?:^|\s)canonical(?:\s|$)/iu.test(l.attribs.rel ?? '') && l.attribs.href)
    ?.attribs.href?.trim();
  const source = index.metas
    .find((m) => m.attribs.name === SOURCE_META && m.attribs.content)
    ?.attribs.content?.trim();
  const og = index.metas
    .find((m) => m.attribs.property === 'og:url' && m.attribs.content)
    ?.attribs.content?.trim();
  const absolute = (href: string | undefined, base?: string): string | undefined => {
    if (href === undefined || href === '') return undefined;
    try {
      const u = base === undefined ? new URL(href) : new URL(href, base);
      return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : undefined;
    } catch {
      return undefined;
    }
  };
  const sourceUrl = absolute(source);
  const ogUrl = absolute(og);
  const url = absolute(canonical, sourceUrl ?? ogUrl) ?? sourceUrl ?? ogUrl;
  return { title: title ?? '', language, url };
}

/** The meta tag `corpus:fetch` writes into each page it saves, naming the page's address. */
export const SOURCE_META = 'dossier:source';

/**
 * The page's title: its <title> without a generic site suffix, or the page's first <h1> when the
 * <title> is that heading and the site's name ("Getting Started | Vite" → "Getting Started").
 */
export function pageTitle(title: string, firstH1: string): string {
  const clean = cleanTitle(title);
  if (firstH1 !== '' && clean.startsWith(firstH1)) {
    const rest = clean.slice(firstH1.length);
    if (/^\s*[|·•—–-]\s+\S/u.test(rest)) return firstH1;
  }
  return clean || firstH1;
}

/** Drops a generic site suffix: "Built-in Functions — Python 3.11.2 documentation" → "Built-in Functions". */
function cleanTitle(title: string): string {
  return collapse(title)
    .replace(/\s+[—–|-]\s+[^—–|]*\bdocumentation$/i, '')
    .trim();
}
