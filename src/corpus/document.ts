import { classifyBlocks, type RawBlock } from './furniture.ts';
import { splitSentences } from './sentences.ts';
import type { Document, DocumentMeta, Paragraph, ParagraphKind } from './types.ts';

/**
 * Turns a format parser's blocks into a Document: furniture dropped, headings become sections,
 * body paragraphs and captions numbered 1..n as `<slug>#p<n>`, then notes (disclaimers and
 * author roles: "does the publisher endorse this?" is a fair question) numbered after them.
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
  // Notes (publisher disclaimers, author roles) are numbered after the body and captions, so
  // adding them never moves the id of a paragraph that was cited before they were indexed.
  const notes: { block: RawBlock; section: string | null }[] = [];
  let byline: string | null = null;
  blocks.forEach((block, i) => {
    const role = roles[i];
    if (role === 'title') {
      title ??= block.text;
    } else if (role === 'heading') {
      section = block.text;
      sections.push(block.text);
    } else if (role === 'body' || role === 'caption') {
      paragraphs.push(paragraph(opts.slug, paragraphs.length + 1, role, section, block));
    } else if (role === 'byline') {
      byline = block.text;
    } else if (role === 'disclaimer') {
      notes.push({ block, section });
    } else if (role === 'author-role') {
      // "Director, Middle East programme" says nothing alone; its byline ("Author") says whose.
      notes.push({ block, section: byline ?? 'Author' });
    }
  });
  for (const note of notes)
    paragraphs.push(paragraph(opts.slug, paragraphs.length + 1, 'note', note.section, note.block));
  return {
    slug: opts.slug,
    path: opts.path,
    meta: { ...opts.meta, title: title ?? opts.fallbackTitle },
    sections,
    paragraphs,
  };
}

function paragraph(
  slug: string,
  n: number,
  kind: ParagraphKind,
  section: string | null,
  block: RawBlock,
): Paragraph {
  return {
    id: `${slug}#p${n}`,
    docSlug: slug,
    n,
    kind,
    section,
    text: block.text,
    sentences: splitSentences(block.text),
    line: block.line,
  };
}

/**
 * A slug from a file name: `Going Ballistic.md` → `going-ballistic`. Latin accents fold (`Café` →
 * `cafe`, as slugs always did); letters of other scripts are kept, so `Иран` → `иран` and `日本` →
 * `日本` stay distinct and readable instead of all becoming `document`.
 */
export function slugify(name: string): string {
  const s = name
    .toWellFormed()
    .normalize('NFKD')
    // only marks on Latin letters go: elsewhere they are part of the letter (й, Devanagari vowels)
    .replace(/(?<=[A-Za-z])\p{M}+/gu, '')
    .normalize('NFC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\p{M}]+/gu, '-')
    .replace(/^-+|-+$/gu, '');
  return s === '' ? 'document' : s;
}
