import { classifyBlocks, type RawBlock } from './furniture.ts';
import { splitSentences } from './sentences.ts';
import type { Document, DocumentMeta, Paragraph } from './types.ts';

/**
 * Turns a format parser's blocks into a Document: furniture dropped, headings become sections,
 * body paragraphs and captions numbered 1..n as `<slug>#p<n>`.
 */
export function buildDocument(
  blocks: readonly RawBlock[],
  opts: { slug: string; path: string; meta: Partial<DocumentMeta>; fallbackTitle: string },
): Document {
  const roles = classifyBlocks(blocks, opts.meta.title);
  let title = opts.meta.title;
  let section: string | null = null;
  const sections: string[] = [];
  const paragraphs: Paragraph[] = [];
  blocks.forEach((block, i) => {
    const role = roles[i];
    if (role === 'title') {
      title ??= block.text;
    } else if (role === 'heading') {
      section = block.text;
      sections.push(block.text);
    } else if (role === 'body' || role === 'caption') {
      const n = paragraphs.length + 1;
      paragraphs.push({
        id: `${opts.slug}#p${n}`,
        docSlug: opts.slug,
        n,
        kind: role,
        section,
        text: block.text,
        sentences: splitSentences(block.text),
        line: block.line,
      });
    }
  });
  return {
    slug: opts.slug,
    path: opts.path,
    meta: { ...opts.meta, title: title ?? opts.fallbackTitle },
    sections,
    paragraphs,
  };
}

/** A slug from a file name: `Going Ballistic.md` → `going-ballistic`. */
export function slugify(name: string): string {
  const s = name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/gu, '-')
    .replace(/^-+|-+$/gu, '');
  return s === '' ? 'document' : s;
}
