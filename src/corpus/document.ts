import { type BlockRole, classifyBlocks, type RawBlock } from './furniture.ts';
import { calloutLabel } from './passage-layout.ts';
import { buildSections, folderTitles } from './passages.ts';
import { splitSentences } from './sentences.ts';
import type { CodeBlock, Document, DocumentMeta, Paragraph, ParagraphKind } from './types.ts';

/** How a document is cut into passages: one a paragraph (articles), or by section (docs). */
export type PassageMode = 'paragraphs' | 'sections';

/** Furniture only an article has: a byline, an author's role, a caption, a publisher's disclaimer. */
const ARTICLE_ROLES = new Set<BlockRole>(['byline', 'author-role', 'caption', 'disclaimer']);

/**
 * Whether a Markdown document reads as an article, whose paragraphs stand alone, or as a
 * documentation page, whose paragraphs are fragments of their section. An article names its
 * publisher in its front matter, or carries the furniture the article rules find (a byline, an
 * author's role, a photo caption, a disclaimer); site generators write neither.
 */
export function passageModeOf(
  blocks: readonly RawBlock[],
  meta: Partial<DocumentMeta>,
): PassageMode {
  if (meta.publisher !== undefined) return 'paragraphs';
  const roles = classifyBlocks(blocks, meta.title);
  return roles.some((r) => ARTICLE_ROLES.has(r)) ? 'paragraphs' : 'sections';
}

/**
 * A Markdown document: an article's paragraphs (buildDocument) or a documentation page's section
 * passages (buildSections), as `mode` says, or as passageModeOf judges when it is 'auto'.
 */
export function buildMarkdownDocument(
  blocks: readonly RawBlock[],
  opts: { slug: string; path: string; meta: Partial<DocumentMeta>; fallbackTitle: string },
  mode: PassageMode | 'auto' = 'auto',
  body = '',
): Document {
  const chosen = mode === 'auto' ? passageModeOf(blocks, opts.meta) : mode;
  if (chosen === 'paragraphs') return buildDocument(blocks, opts);
  // a page made of components (a landing page, a team page) is kept by its description or title
  const title = opts.meta.title ?? blocks.find((b) => b.hint === 'heading')?.text;
  const fallback =
    opts.meta.description ?? (/<[A-Za-z]/u.test(body) ? (title ?? opts.fallbackTitle) : undefined);
  return buildSections(blocks, { ...opts, folders: folderTitles(opts.path), fallback });
}

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
  // code goes with the paragraph before it (the one that introduces it), or the next one
  let pendingCode: Omit<CodeBlock, 'at'>[] = [];
  let lastCallout: number | undefined;
  blocks.forEach((block, i) => {
    const role = roles[i];
    if (role === 'code') {
      const code = {
        lang: block.lang ?? null,
        title: block.title ?? null,
        text: block.text,
        line: block.line,
      };
      const last = paragraphs[paragraphs.length - 1];
      if (last && last.kind !== 'note')
        last.code = [...(last.code ?? []), { ...code, at: last.text.length }];
      else pendingCode.push(code);
      return;
    }
    // an admonition's first block says what it is ("Tip: …")
    const callout = block.callout;
    if (callout && callout.id !== lastCallout && (role === 'body' || role === 'heading')) {
      block = {
        ...block,
        text: `${calloutLabel(callout.kind, callout.title)}: ${block.text}`,
        hint: undefined,
      };
    }
    lastCallout = callout?.id;
    if (role === 'title') {
      title ??= block.text;
    } else if (role === 'heading') {
      section = block.text;
      sections.push(block.text);
    } else if (role === 'body' || role === 'caption') {
      const p = paragraph(opts.slug, paragraphs.length + 1, role, section, block);
      if (pendingCode.length > 0) p.code = pendingCode.map((c) => ({ ...c, at: 0 }));
      pendingCode = [];
      paragraphs.push(p);
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
    ...(block.links && block.links.length > 0 ? { links: block.links } : {}),
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
