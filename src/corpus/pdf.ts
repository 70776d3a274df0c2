import { basename, extname } from 'node:path';
import { buildDocument, slugify } from './document.ts';
import type { RawBlock } from './furniture.ts';
import type { PdfItem, PdfPage } from './pdf/fragments.ts';
import { pdfBlocks } from './pdf/layout.ts';
import type { PdfBlock } from './pdf/paragraphs.ts';
import type { CodeBlock, CorpusProblem, Document, DocumentMeta, Paragraph } from './types.ts';

/**
 * PDF documents: text and positions from PDF.js (through unpdf, whose build of PDF.js runs in
 * Node without a browser, a canvas or a worker file), laid out into paragraphs by pdf/layout.ts,
 * then the same Document as every other format. Each paragraph knows the page it starts on
 * (`Paragraph.page`, also its `line`, as a PDF has no source lines).
 */

/** Why a PDF could not be read; `reason` is meant for people. */
export class PdfError extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}

type PdfProxy = Awaited<ReturnType<typeof import('unpdf')['getDocumentProxy']>>;

/**
 * The PDF's pages as positioned text runs, and its metadata. Throws PdfError for an encrypted or
 * broken file.
 */
export async function readPdf(
  bytes: Uint8Array,
): Promise<{ pages: PdfPage[]; title: string | undefined; language: string | undefined }> {
  // Loaded on first use: PDF.js is 1.6 MB of JavaScript a corpus without PDFs never needs.
  const { getDocumentProxy } = await import('unpdf');
  let pdf: PdfProxy;
  try {
    // a copy: PDF.js takes ownership of (detaches) the buffer it is given
    pdf = await getDocumentProxy(new Uint8Array(bytes), {
      verbosity: 0,
      isEvalSupported: false,
      useSystemFonts: false,
      stopAtErrors: false,
    });
  } catch (error) {
    throw new PdfError(openReason(error));
  }
  try {
    const pages: PdfPage[] = [];
    for (let n = 1; n <= pdf.numPages; n++) {
      const page = await pdf.getPage(n);
      const [, y0 = 0, , y1 = 792] = page.view;
      const content = await page.getTextContent();
      const items: PdfItem[] = [];
      for (const item of content.items) {
        if (!('str' in item)) continue;
        const [a = 0, b = 0, c = 0, d = 0, x = 0, y = 0] = item.transform;
        // only horizontal text: rotated margin stamps and axis labels are not prose
        if (Math.abs(b) > 0.05 * Math.abs(a) || Math.abs(c) > 0.05 * Math.abs(d)) continue;
        items.push({
          text: item.str,
          x,
          y,
          width: item.width,
          size: Math.hypot(c, d) || item.height,
          // PDF.js classes each font by its flags; a fixed-width one sets code
          mono: content.styles[item.fontName]?.fontFamily === 'monospace',
        });
      }
      pages.push({ number: n, height: y1 - y0, items });
      page.cleanup();
    }
    const meta = await pdf.getMetadata().catch(() => null);
    const info: unknown = meta?.info;
    const field = (key: string): string | undefined => {
      if (typeof info !== 'object' || info === null || !(key in info)) return undefined;
      const value: unknown = (info as Record<string, unknown>)[key];
      return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
    };
    const xmpTitle = meta?.metadata?.get('dc:title');
    const title =
      usableTitle(typeof xmpTitle === 'string' ? xmpTitle : undefined) ??
      usableTitle(field('Title'));
    const lang = field('Language');
    return {
      pages,
      title,
      language: lang && /^[a-z]{2,3}(?:-[A-Za-z0-9]+)*$/iu.test(lang) ? lang : undefined,
    };
  } catch (error) {
    throw new PdfError(`could not be read as a PDF (${message(error)}); not loaded`);
  } finally {
    await pdf.destroy().catch(() => undefined);
  }
}

/**
 * A PDF document: paragraphs with their pages, running headers, footers and page numbers left
 * out. The title is the PDF's own (its XMP or Info title) unless that is a file name or a
 * placeholder, else the first line set clearly larger than the text on the first page, else the
 * file name. Throws PdfError.
 */
export async function parsePdfDocument(
  bytes: Uint8Array,
  opts: { slug: string; path: string },
): Promise<Document> {
  const { pages, title, language } = await readPdf(bytes);
  const blocks = pdfBlocks(pages);
  if (blocks.length === 0)
    throw new PdfError(
      'no text found (a scanned PDF holds only pictures of its pages; run it through OCR first); not loaded',
    );
  // prose goes through the common pipeline; code (fixed-width lines) rides on the paragraph
  // before it, as in Markdown
  const prose: { block: PdfBlock; code: PdfBlock[] }[] = [];
  const leading: PdfBlock[] = [];
  for (const b of blocks) {
    const last = prose[prose.length - 1];
    if (!b.code) prose.push({ block: b, code: [] });
    else if (last) last.code.push(b);
    else leading.push(b);
  }
  let docTitle = title;
  if (docTitle === undefined) {
    const page = prose[0]?.block.page;
    const first = prose.findIndex((p) => p.block.page === page && p.block.heading);
    const large = first >= 0 && first <= 2 ? prose[first] : undefined;
    if (large && large.block.text.length <= 200) {
      docTitle = large.block.text;
      // lines above the title on its page (a journal's name, a date) stay as paragraphs
      prose.splice(first, 1);
      prose.unshift(large);
    }
  }
  const raw: RawBlock[] = prose.map(({ block }) => ({
    text: block.text,
    line: block.page,
    hint: block.heading ? 'heading' : undefined,
  }));
  const meta: Partial<DocumentMeta> = {};
  if (docTitle !== undefined) meta.title = docTitle;
  if (language !== undefined) meta.language = language;
  const fallbackTitle = basename(opts.path, extname(opts.path));
  const document = buildDocument(raw, { slug: opts.slug, path: opts.path, meta, fallbackTitle });
  return { ...document, paragraphs: withCode(document.paragraphs, prose, leading) };
}

/**
 * Pages on the paragraphs, and each code block on the paragraph before it (or, before the first
 * paragraph or after a heading, on the next one). buildDocument keeps the blocks' order and text,
 * so paragraphs are matched to blocks in order by text and page.
 */
function withCode(
  paragraphs: readonly Paragraph[],
  prose: readonly { block: PdfBlock; code: PdfBlock[] }[],
  leading: readonly PdfBlock[],
): Paragraph[] {
  const out = paragraphs.map((p) => ({ ...p, page: p.line }));
  let pending = [...leading];
  let k = 0;
  for (const { block, code } of prose) {
    const p = out[k];
    if (!p || p.kind === 'note' || p.text !== block.text || p.line !== block.page) {
      pending.push(...code);
      continue;
    }
    k++;
    const blocksOf = (list: readonly PdfBlock[], at: number): CodeBlock[] =>
      list.map((c) => ({ lang: null, title: null, text: c.text, at, line: c.page }));
    const attached = [...blocksOf(pending, 0), ...blocksOf(code, p.text.length)];
    if (attached.length > 0) p.code = attached;
    pending = [];
  }
  return out;
}

/** parsePdfDocument for the loader: a document, or the problem that kept it out. */
export async function parsePdfFile(
  path: string,
  bytes: Uint8Array,
): Promise<{ document: Document; declared: undefined } | { problem: CorpusProblem }> {
  try {
    const slug = slugify(basename(path, extname(path)));
    const document = await parsePdfDocument(bytes, { slug, path });
    if (document.paragraphs.length === 0)
      return { problem: { path, line: 0, reason: 'no paragraphs found; not loaded' } };
    return { document, declared: undefined };
  } catch (error) {
    const reason =
      error instanceof PdfError
        ? error.reason
        : `could not be read as a PDF (${message(error)}); not loaded`;
    return { problem: { path, line: 0, reason } };
  }
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function openReason(error: unknown): string {
  const name = error instanceof Error ? error.name : '';
  if (name === 'PasswordException')
    return 'encrypted PDF (it needs a password to open); save an unprotected copy; not loaded';
  if (name === 'InvalidPDFException') return `not a valid PDF (${message(error)}); not loaded`;
  return `could not be read as a PDF (${message(error)}); not loaded`;
}

/** A metadata title worth showing: not a file name, a tool's placeholder or a bare number. */
function usableTitle(raw: string | undefined): string | undefined {
  const t = raw?.replace(/\s+/gu, ' ').trim();
  if (!t || t.length < 3 || !/\p{L}{2}/u.test(t)) return undefined;
  if (/^(?:untitled|title|document|slide|presentation|microsoft (?:word|powerpoint)\b)/iu.test(t))
    return undefined;
  if (/\.(?:docx?|pdf|tex|dvi|pptx?|odt|rtf|indd|qxp|txt|html?)$/iu.test(t)) return undefined;
  return t;
}
