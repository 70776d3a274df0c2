/**
 * What a cited passage carries beyond its text when it comes from a documentation page: the link
 * to its page and section, and its code blocks, links and admonitions. `toPassage` (ask.ts)
 * spreads `passageExtras(paragraph, document)` into the Passage it builds; citations made from a
 * paragraph directly (`/source`, facts) link the same way through `paragraphUrl`.
 */
import type { Document, Paragraph } from '../corpus/types.ts';
import type { Passage } from './types.ts';

/**
 * The address a paragraph's citation links to: its document's `url` (front matter, or the
 * corpus's `base_url` with the page's path), with the anchor of the heading the passage sits
 * under when it has one (`https://vite.dev/guide/env-and-mode#env-files`). Null without a URL.
 */
export function paragraphUrl(
  paragraph: Pick<Paragraph, 'anchor'>,
  document: Pick<Document, 'meta'>,
): string | null {
  const url = document.meta.url;
  if (!url) return null;
  if (!paragraph.anchor) return url;
  try {
    const parsed = new URL(url);
    parsed.hash = paragraph.anchor;
    return parsed.href;
  } catch {
    return url;
  }
}

/**
 * The fields of a Passage that come from its paragraph and document besides text and numbers:
 * `url` (to the section, see paragraphUrl), `code`, `links` and `callouts` (absent when none).
 *
 * @example return { id: paragraph.id, …, url: document.meta.url ?? null, ...passageExtras(paragraph, document) };
 */
export function passageExtras(
  paragraph: Paragraph,
  document: Pick<Document, 'meta'>,
): Pick<Passage, 'url' | 'code' | 'links' | 'callouts'> {
  return {
    url: paragraphUrl(paragraph, document),
    ...(paragraph.code && paragraph.code.length > 0 ? { code: paragraph.code } : {}),
    ...(paragraph.links && paragraph.links.length > 0 ? { links: paragraph.links } : {}),
    ...(paragraph.callouts && paragraph.callouts.length > 0
      ? { callouts: paragraph.callouts }
      : {}),
  };
}
