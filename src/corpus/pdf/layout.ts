import { knownColumns, mergeRows, ownColumns, readingOrder } from './columns.ts';
import { type Fragment, fragmentsOf, type PdfPage } from './fragments.ts';
import { type PdfBlock, paragraphs } from './paragraphs.ts';
import { dropFurniture } from './running-heads.ts';

/**
 * From the positioned text runs a PDF draws to paragraphs in reading order. A PDF has no
 * paragraphs, only glyphs at coordinates; PDF.js gives the runs and their positions, and the
 * rest is inferred here from the page geometry, as no maintained library does it for Node:
 *
 * 1. runs on one baseline make a row; a row is cut where a gap is wider than a column gutter;
 * 2. running headers and footers (the same text, digits aside, at the same height near the top or
 *    bottom of most pages) and bare page numbers are dropped;
 * 3. columns: a vertical gutter that no narrow line crosses, with lines of running text on both
 *    sides, splits a page; lines that span it (a title, a wide caption) cut the page into bands,
 *    each read left column first;
 * 4. lines become paragraphs at a larger gap than the usual line spacing, a change of font size,
 *    a bullet, a first-line indent or a short last line; a paragraph continues across a column or
 *    page when its last line does not end a sentence;
 * 5. a word broken at a line end is joined (see hyphens.ts).
 */

const TOC_ENTRY = /(?:\.\s?){4,}\s*(?:\d+|[ivxlc]+)$/iu;

/**
 * The paragraphs of a document's pages, in reading order.
 * @example pdfBlocks([{ number: 1, height: 792, items: [{ text: 'Hello there.', x: 72, y: 700, width: 60, size: 11 }] }])
 *   // [{ text: 'Hello there.', page: 1, size: 11, heading: false }]
 */
export function pdfBlocks(pages: readonly PdfPage[]): PdfBlock[] {
  const perPage = pages.map((p) => fragmentsOf(p));
  dropFurniture(perPage);
  // a table of contents' entries ("2.1 Syntax . . . . . 12") are navigation, not prose
  for (const [i, frags] of perPage.entries())
    perPage[i] = frags.filter((f) => !TOC_ENTRY.test(f.text));
  const own = perPage.map((frags) => ownColumns(frags));
  const known = own.flatMap((c) => (c ? [c.gutter] : []));
  const flows: Fragment[][] = [];
  for (const [i, frags] of perPage.entries()) {
    const parts = own[i]?.parts ?? knownColumns(frags, known);
    for (const flow of readingOrder(frags, parts, 0)) {
      const lines = mergeRows(flow);
      if (lines.length > 0) flows.push(lines);
    }
  }
  return paragraphs(flows);
}
