/**
 * Section passages: how a documentation page becomes answerable units.
 *
 * On a documentation page a paragraph is a fragment: one or two sentences that lean on the
 * heading above them and on the code and list below them ("For example:"). So the unit indexed
 * and cited (a `Paragraph`) is a passage: the prose under one heading with its list items, tables
 * and admonitions, and the code it introduces, packed in source order up to PASSAGE_TARGET
 * characters of text, never over PASSAGE_MAX (a longer block is cut between sentences, a list
 * between items, a table between rows). Code is counted apart (CODE_MAX a passage) and cut only at
 * line ends. A passage never spans two headings; it carries its heading path as its section
 * (`Guide › Env Variables and Modes › .env Files`), which the index searches, and the anchor of
 * its heading, for links to the section.
 *
 * How a passage's text is laid out is passage-layout.ts; how long it may grow, passage-bounds.ts.
 */
import GithubSlugger from 'github-slugger';
import type { RawBlock } from './furniture.ts';
import { pack, splitUnit } from './passage-bounds.ts';
import {
  calloutLabel,
  type Line,
  toParagraph,
  type Unit,
  type UnitCode,
} from './passage-layout.ts';
import { splitSentences } from './sentences.ts';
import type { CodeBlock, Document, DocumentMeta, Paragraph } from './types.ts';

export interface SectionOptions {
  slug: string;
  path: string;
  meta: Partial<DocumentMeta>;
  fallbackTitle: string;
  /** The folders the file sits in, shown first in every heading path (`['Guide']`). */
  folders: readonly string[];
  /**
   * The page's one passage when it has no prose at all (a landing page made of components):
   * its description, or its title. Without it such a page has no passage.
   */
  fallback?: string | undefined;
}

/**
 * Builds a documentation Document from Markdown blocks (see the module comment).
 *
 * @example buildSections(blocks, { slug: 'env', path: 'guide/env.md', meta: {}, fallbackTitle: 'env', folders: ['Guide'] })
 */
export function buildSections(blocks: readonly RawBlock[], opts: SectionOptions): Document {
  const slugger = new GithubSlugger();
  const firstHeading = blocks.find((b) => b.hint === 'heading');
  const h1 = firstHeading && firstHeading.depth === 1 ? firstHeading : undefined;
  const title = opts.meta.title ?? h1?.text ?? opts.fallbackTitle;
  // the page's own heading names it in paths, even when the front matter titles it otherwise
  const root = [...opts.folders, h1?.text ?? title];
  const headings: { depth: number; text: string; anchor: string }[] = [];
  const sections: string[] = [];
  const paragraphs: Paragraph[] = [];

  let units: Unit[] = [];
  let pendingCode: Omit<CodeBlock, 'at'>[] = [];
  const after = (code: Omit<CodeBlock, 'at'>[], n: number): UnitCode[] =>
    code.map((c) => ({ ...c, after: n }));
  let lastCallout: number | undefined;

  const currentPath = () => [...root, ...headings.map((h) => h.text)];
  const flushSection = () => {
    const heading = headings[headings.length - 1];
    if (pendingCode.length > 0) {
      // code with no prose in its section goes with the heading's own words
      const last = units[units.length - 1];
      if (last) last.code.push(...after(pendingCode, last.lines.length));
      else
        units.push({
          lines: [{ prefix: '', text: heading?.text ?? title, links: [] }],
          code: after(pendingCode, 1),
          line: pendingCode[0]?.line ?? 1,
        });
      pendingCode = [];
    }
    for (const passage of pack(units.flatMap(splitUnit))) {
      const n = paragraphs.length + 1;
      paragraphs.push(
        toParagraph(passage, {
          id: `${opts.slug}#p${n}`,
          docSlug: opts.slug,
          n,
          path: currentPath(),
          anchor: heading?.anchor,
        }),
      );
    }
    units = [];
    lastCallout = undefined;
  };

  blocks.forEach((block, i) => {
    if (block.hint === 'heading') {
      if (block === h1 && i === blocks.indexOf(h1)) {
        flushSection();
        return;
      }
      flushSection();
      const depth = block.depth ?? 2;
      while (headings.length > 0 && (headings[headings.length - 1]?.depth ?? 0) >= depth)
        headings.pop();
      const anchor = block.anchor ?? slugger.slug(block.text);
      headings.push({ depth, text: block.text, anchor });
      sections.push(block.text);
      return;
    }
    if (block.hint === 'image') return; // a picture's alt text is not the page's prose
    if (block.hint === 'code') {
      const code = {
        lang: block.lang ?? null,
        title: block.title ?? null,
        text: block.text,
        line: block.line,
      };
      const last = units[units.length - 1];
      if (last) last.code.push({ ...code, after: last.lines.length });
      else pendingCode.push(code);
      return;
    }
    const lines: Line[] = [];
    const callout = block.callout;
    if (callout && callout.id !== lastCallout) {
      lines.push({
        prefix: '',
        text: calloutLabel(callout.kind, callout.title),
        links: [],
        callout,
      });
    }
    lastCallout = callout?.id;
    if (block.hint === 'list-item') {
      const indent = '  '.repeat(block.depth ?? 0);
      const marker = block.marker ?? '•';
      lines.push({
        prefix: `${indent}${marker === '' ? '  ' : `${marker} `}`,
        text: block.text,
        links: block.links ?? [],
        callout,
      });
    } else if (block.hint === 'table') {
      for (const row of block.text.split('\n'))
        lines.push({ prefix: '', text: row, links: [], callout });
    } else {
      lines.push({ prefix: '', text: block.text, links: block.links ?? [], callout });
    }
    const unit: Unit = { lines, code: after(pendingCode, 0), line: block.line };
    pendingCode = [];
    // a table is cut between its rows, never inside one
    if (block.hint === 'table' && lines.length > 1) {
      const [head, ...rows] = lines;
      units.push({ ...unit, lines: head ? [head] : [] });
      for (const row of rows) units.push({ lines: [row], code: [], line: block.line });
    } else units.push(unit);
  });
  flushSection();
  if (paragraphs.length === 0 && opts.fallback) {
    const text = opts.fallback;
    paragraphs.push({
      id: `${opts.slug}#p1`,
      docSlug: opts.slug,
      n: 1,
      kind: 'body',
      section: root.join(' › '),
      text,
      sentences: splitSentences(text),
      line: 1,
      path: root,
    });
  }

  return {
    slug: opts.slug,
    path: opts.path,
    meta: { ...opts.meta, title },
    sections,
    paragraphs,
    passages: 'sections',
  };
}

/** Folder names as the first steps of a heading path: `guide/api-env.md` → `['Guide']`. */
export function folderTitles(path: string): string[] {
  return path
    .split('/')
    .slice(0, -1)
    .filter((f) => f !== '' && f !== '.')
    .map((f) =>
      f
        .split(/[-_\s]+/u)
        .filter(Boolean)
        .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
        .join(' '),
    );
}
