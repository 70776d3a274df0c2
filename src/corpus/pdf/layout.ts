import { joinLines, vocabulary } from './hyphens.ts';

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

/** A run of text as the page draws it, in PDF user space (y grows upwards; y is the baseline). */
export interface PdfItem {
  text: string;
  x: number;
  y: number;
  width: number;
  /** Font size in user space. */
  size: number;
  /** Set in a fixed-width font (code). */
  mono?: boolean | undefined;
}

export interface PdfPage {
  /** 1-based page number. */
  number: number;
  height: number;
  items: PdfItem[];
}

/** A paragraph or heading, with the page it starts on. */
export interface PdfBlock {
  text: string;
  page: number;
  /** Font size of its first line. */
  size: number;
  /** Set in a font clearly larger than the body text. */
  heading: boolean;
  /** Lines set in a fixed-width font: code, its lines joined with "\n". */
  code: boolean;
}

interface Fragment {
  text: string;
  x0: number;
  x1: number;
  y: number;
  size: number;
  page: number;
  /** Most of its characters are in a fixed-width font. */
  mono: boolean;
}

/** Items on one baseline within this share of the font size form a row. */
const ROW_TOLERANCE = 0.5;
/** A horizontal gap wider than this share of the font size separates two fragments of a row. */
const FRAGMENT_GAP = 0.9;
const TOC_ENTRY = /(?:\.\s?){4,}\s*(?:\d+|[ivxlc]+)$/iu;
/** How a list item starts: a bullet, or a number or letter with a period or parenthesis. */
const BULLET = /^(?:[•◦▪▫●○■□‣⁃∙·*]|[-–—](?=\s)|\(?\d{1,3}[.)](?=\s)|\(?[a-z][.)](?=\s))/u;
const ENDS_SENTENCE = /[.!?:;…"”’)\]]$/u;

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

// ---------------------------------------------------------------------------------------------
// 1. rows and fragments

function fragmentsOf(page: PdfPage): Fragment[] {
  const items = page.items
    .filter((i) => i.text.trim() !== '' && i.size > 0 && Number.isFinite(i.x + i.y + i.width))
    .sort((a, b) => b.y - a.y || a.x - b.x);
  const rows: PdfItem[][] = [];
  let rowY = Number.NaN;
  let rowSize = 0;
  for (const item of items) {
    const row = rows[rows.length - 1];
    if (row && Math.abs(item.y - rowY) <= ROW_TOLERANCE * Math.max(item.size, rowSize)) {
      row.push(item);
      rowSize = Math.max(rowSize, item.size);
    } else {
      rows.push([item]);
      rowY = item.y;
      rowSize = item.size;
    }
  }
  const out: Fragment[] = [];
  for (const row of rows) {
    row.sort((a, b) => a.x - b.x);
    let run: PdfItem[] = [];
    const flush = () => {
      if (run.length > 0) out.push(fragment(run, page.number));
      run = [];
    };
    for (const item of row) {
      const prev = run[run.length - 1];
      if (prev) {
        const gap = item.x - (prev.x + prev.width);
        // the same text drawn twice a hair apart (fake bold) is one run
        if (item.text === prev.text && Math.abs(item.x - prev.x) < 0.2 * item.size) continue;
        if (gap > FRAGMENT_GAP * Math.max(prev.size, item.size)) flush();
      }
      run.push(item);
    }
    flush();
  }
  return out;
}

function fragment(run: readonly PdfItem[], page: number): Fragment {
  let text = '';
  let prev: PdfItem | undefined;
  let main = run[0] as PdfItem;
  let monoChars = 0;
  let chars = 0;
  for (const item of run) {
    chars += item.text.length;
    if (item.mono) monoChars += item.text.length;
    if (prev) {
      const gap = item.x - (prev.x + prev.width);
      if (gap > 0.15 * item.size && !/\s$/u.test(text) && !/^\s/u.test(item.text)) text += ' ';
    }
    text += item.text;
    if (item.text.length > main.text.length) main = item;
    prev = item;
  }
  const last = run[run.length - 1] as PdfItem;
  return {
    text: text.replace(/\s+/gu, ' ').trim(),
    x0: (run[0] as PdfItem).x,
    x1: last.x + last.width,
    y: main.y,
    size: main.size,
    page,
    // a bullet before a name in code type ("• INTEGER;") is a list item, not code
    mono: monoChars >= 0.9 * chars && !BULLET.test(text.trim()),
  };
}

// ---------------------------------------------------------------------------------------------
// 2. running headers, footers and page numbers

/** How a line reads with its numbers blanked: "Page 4 of 12" and "Page 5 of 12" read alike. */
function shape(text: string): string {
  return text.toLowerCase().replace(/\d+/gu, '#').replace(/\s+/gu, ' ').trim();
}

const PAGE_NUMBER =
  /^(?:page|p\.|seite|pág\.?)?\s*[-–—([]?\s*(?:#|[ivxlcdm]{1,7})\s*[-–—)\]]?(?:\s*(?:of|\/|von|de)\s*#)?$/u;

/** The rows a page starts or ends with: where running heads and folios sit. */
function edgeRows(frags: readonly Fragment[], count: number): Set<Fragment> {
  const ys = [...new Set(frags.map((f) => Math.round(f.y)))].sort((a, b) => b - a);
  const top = new Set(ys.slice(0, count));
  const bottom = new Set(ys.slice(-count));
  return new Set(frags.filter((f) => top.has(Math.round(f.y)) || bottom.has(Math.round(f.y))));
}

function dropFurniture(perPage: Fragment[][]): void {
  const pageCount = perPage.length;
  const need = Math.max(2, Math.ceil(0.4 * pageCount));
  const byShape = new Map<string, Fragment[]>();
  for (const frags of perPage) {
    for (const f of edgeRows(frags, 3)) {
      const key = shape(f.text);
      const list = byShape.get(key);
      if (list) list.push(f);
      else byShape.set(key, [f]);
    }
  }
  const drop = new Set<Fragment>();
  if (pageCount >= 2) {
    for (const list of byShape.values()) {
      if (list.length < need) continue;
      for (const f of list) {
        const pages = new Set(list.filter((g) => Math.abs(g.y - f.y) <= 3).map((g) => g.page));
        if (pages.size >= need) drop.add(f);
      }
    }
  }
  perPage.forEach((frags, i) => {
    const folios = edgeRows(frags, 2);
    const outer = edgeRows(frags, 1);
    for (const f of folios) {
      if (!PAGE_NUMBER.test(shape(f.text))) continue;
      drop.add(f);
      // the first or last row holding the page number is a running head ("Chapter 2: … 3")
      if (outer.has(f)) for (const g of outer) if (Math.abs(g.y - f.y) <= 1) drop.add(g);
    }
    perPage[i] = frags.filter((f) => !drop.has(f));
  });
}

// ---------------------------------------------------------------------------------------------
// 3. columns

function wordCount(text: string): number {
  return text.split(' ').filter((w) => /\p{L}/u.test(w)).length;
}

function median(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

const topDown = (a: Fragment, b: Fragment) => b.y - a.y || a.x0 - b.x0;

/** Whether a side of a gutter reads as a column of running text rather than table cells. */
function isTextColumn(side: readonly Fragment[]): boolean {
  if (side.length < 3) return false;
  const rows = new Set(side.map((f) => Math.round(f.y)));
  if (rows.size < 3) return false;
  return side.filter((f) => wordCount(f.text) >= 4).length * 2 >= side.length;
}

/**
 * The widest vertical strip in the middle of the region that almost no fragment crosses (a few
 * may: a title or a caption across both columns), or null.
 */
function findGutter(frags: readonly Fragment[]): Gutter | null {
  const left = Math.min(...frags.map((f) => f.x0));
  const right = Math.max(...frags.map((f) => f.x1));
  const width = Math.ceil(right - left);
  if (width < 20) return null;
  const cover = new Int32Array(width + 2);
  for (const f of frags) {
    const a = Math.max(0, Math.floor(f.x0 - left));
    const b = Math.min(width + 1, Math.ceil(f.x1 - left));
    cover[a] = (cover[a] ?? 0) + 1;
    cover[b] = (cover[b] ?? 0) - 1;
  }
  for (let x = 1; x <= width + 1; x++) cover[x] = (cover[x] ?? 0) + (cover[x - 1] ?? 0);
  const allowed = Math.max(1, Math.floor(0.15 * frags.length));
  const minGap = Math.max(4, 0.6 * median(frags.map((f) => f.size)));
  // the cleanest strip first: one no line crosses, else one only a title or a caption crosses
  for (let level = 0; level <= allowed; level++) {
    let best: Gutter | null = null;
    let runStart = -1;
    for (let x = 0; x <= width; x++) {
      if ((cover[x] ?? 0) <= level && x < width) {
        if (runStart < 0) runStart = x;
        continue;
      }
      if (runStart > 0) {
        const start = left + runStart;
        const end = left + x;
        const mid = (start + end) / 2;
        const inside = mid > left + 0.15 * width && mid < right - 0.15 * width;
        if (inside && end - start >= minGap && (!best || end - start > best.end - best.start))
          best = { start, end };
      }
      runStart = -1;
    }
    if (best) return best;
  }
  return null;
}

interface Gutter {
  start: number;
  end: number;
}

interface Split {
  left: Fragment[];
  right: Fragment[];
  spanning: Fragment[];
}

function split(frags: readonly Fragment[], gutter: Gutter): Split {
  const eps = 0.5;
  return {
    left: frags.filter((f) => f.x1 <= gutter.start + eps),
    right: frags.filter((f) => f.x0 >= gutter.end - eps),
    spanning: frags.filter((f) => f.x1 > gutter.start + eps && f.x0 < gutter.end - eps),
  };
}

/** A gutter found on the page itself: running text on both sides, side by side. */
function ownColumns(frags: readonly Fragment[]): { gutter: Gutter; parts: Split } | null {
  if (frags.length < 6) return null;
  const gutter = findGutter(frags);
  if (!gutter) return null;
  const parts = split(frags, gutter);
  if (!isTextColumn(parts.left) || !isTextColumn(parts.right)) return null;
  const lo = Math.min(...parts.left.map((f) => f.y));
  const hi = Math.max(...parts.left.map((f) => f.y));
  if (parts.right.filter((f) => f.y >= lo && f.y <= hi).length < 2) return null;
  return { gutter, parts };
}

/**
 * A gutter of the document's other pages that this page keeps clear too: the last page of a
 * two-column article may hold only a few lines per column, too few to find the gutter alone.
 */
function knownColumns(frags: readonly Fragment[], known: readonly Gutter[]): Split | null {
  for (const gutter of known) {
    const parts = split(frags, gutter);
    if (parts.left.length === 0 || parts.right.length === 0) continue;
    if (parts.spanning.length <= Math.max(1, Math.floor(0.15 * frags.length))) return parts;
  }
  return null;
}

/**
 * The page's fragments as flows (a column, or a band of lines spanning the columns), each top
 * down, in reading order. Lines across the gutter (a title, a wide caption) cut the page into
 * bands; within a band the left column is read before the right one.
 */
function readingOrder(
  frags: readonly Fragment[],
  parts: Split | null | undefined,
  depth: number,
): Fragment[][] {
  if (frags.length === 0) return [];
  const columns =
    parts === undefined ? (depth <= 2 ? (ownColumns(frags)?.parts ?? null) : null) : parts;
  if (!columns) return [[...frags].sort(topDown)];
  const cuts = [...columns.spanning].sort(topDown);
  const bands = Array.from({ length: cuts.length + 1 }, () => ({
    left: [] as Fragment[],
    right: [] as Fragment[],
  }));
  const cutRows = cuts.map((c) => [c]);
  const place = (f: Fragment, side: 'left' | 'right') => {
    const row = cuts.findIndex(
      (c) => Math.abs(c.y - f.y) <= ROW_TOLERANCE * Math.max(c.size, f.size),
    );
    if (row >= 0) cutRows[row]?.push(f);
    else bands[cuts.filter((c) => c.y > f.y).length]?.[side].push(f);
  };
  for (const f of columns.left) place(f, 'left');
  for (const f of columns.right) place(f, 'right');
  const out: Fragment[][] = [];
  let spanning: Fragment[] = [];
  bands.forEach((band, k) => {
    if (band.left.length + band.right.length > 0) {
      if (spanning.length > 0) out.push(spanning);
      spanning = [];
      out.push(
        ...readingOrder(band.left, undefined, depth + 1),
        ...readingOrder(band.right, undefined, depth + 1),
      );
    }
    spanning.push(...(cutRows[k] ?? []));
  });
  if (spanning.length > 0) out.push(spanning);
  return out;
}

/** Fragments of one flow on the same baseline become one line. */
function mergeRows(flow: readonly Fragment[]): Fragment[] {
  const out: Fragment[] = [];
  for (const f of [...flow].sort(topDown)) {
    const prev = out[out.length - 1];
    if (prev && Math.abs(prev.y - f.y) <= ROW_TOLERANCE * Math.max(prev.size, f.size)) {
      out[out.length - 1] = {
        ...prev,
        text: `${prev.text} ${f.text}`,
        x1: Math.max(prev.x1, f.x1),
        size: Math.max(prev.size, f.size),
      };
    } else {
      out.push(f);
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// 4. paragraphs

function paragraphs(flows: readonly Fragment[][]): PdfBlock[] {
  const all = flows.flat();
  const bodySize = modalSize(all);
  const leading = usualLeading(flows, bodySize);
  const vocab = vocabulary(all.map((l) => l.text.replace(/\S*-$/u, '')));
  const blocks: { lines: Fragment[]; text: string }[] = [];
  const sameSize = (a: number, b: number) => Math.abs(a - b) <= 0.12 * Math.max(a, b);

  for (const flow of flows) {
    const colLeft = Math.min(...flow.map((l) => l.x0));
    const colRight = Math.max(...flow.map((l) => l.x1));
    const colWidth = colRight - colLeft;
    flow.forEach((line, i) => {
      const current = blocks[blocks.length - 1];
      const last = current?.lines[current.lines.length - 1];
      let starts: boolean;
      if (!current || !last) {
        starts = true;
      } else if (i === 0) {
        // a new column or page: the paragraph goes on when its sentence does
        starts =
          !sameSize(last.size, line.size) ||
          !sameSize(line.size, bodySize) ||
          last.mono !== line.mono ||
          ENDS_SENTENCE.test(last.text) ||
          BULLET.test(line.text) ||
          line.x0 - colLeft > 0.7 * line.size;
      } else {
        const prev = flow[i - 1] as Fragment;
        const gap = prev.y - line.y;
        const scale = Math.max(prev.size, line.size) / bodySize;
        const indented = line.x0 - colLeft > 0.7 * line.size && prev.x0 - colLeft < 0.3 * prev.size;
        const shortLast =
          colWidth > 15 * line.size &&
          prev.x1 < colRight - 0.2 * colWidth &&
          ENDS_SENTENCE.test(prev.text);
        const apart =
          !sameSize(prev.size, line.size) || gap <= 0 || gap > 1.35 * leading * scale + 1;
        // code keeps its lines whatever their indentation or length
        starts =
          prev.mono !== line.mono ||
          apart ||
          (!line.mono &&
            (BULLET.test(line.text) || (indented && ENDS_SENTENCE.test(prev.text)) || shortLast));
      }
      if (starts || !current) blocks.push({ lines: [line], text: line.text });
      else {
        current.lines.push(line);
        if (!line.mono) current.text = joinLines(current.text, line.text, vocab);
      }
    });
  }
  return blocks.map(({ lines, text }) => {
    const first = lines[0] as Fragment;
    return {
      text: first.mono ? codeText(lines) : text.replace(/\s+/gu, ' ').trim(),
      page: first.page,
      size: first.size,
      heading: !first.mono && first.size >= 1.15 * bodySize && text.length <= 200,
      code: first.mono,
    };
  });
}

/** Lines of code, indented as the page shows them (in characters of the fixed-width font). */
function codeText(lines: readonly Fragment[]): string {
  const left = Math.min(...lines.map((l) => l.x0));
  const widths = lines.filter((l) => l.text.length > 0).map((l) => (l.x1 - l.x0) / l.text.length);
  const char = median(widths) || 0.6 * (lines[0]?.size ?? 10);
  return lines
    .map((l) => ' '.repeat(Math.min(40, Math.max(0, Math.round((l.x0 - left) / char)))) + l.text)
    .join('\n');
}

/** The font size most of the text is set in (by characters). */
function modalSize(lines: readonly Fragment[]): number {
  const weight = new Map<number, number>();
  for (const l of lines) {
    const key = Math.round(l.size * 2) / 2;
    weight.set(key, (weight.get(key) ?? 0) + l.text.length);
  }
  let best = 0;
  let bestWeight = -1;
  for (const [size, w] of weight) {
    if (w > bestWeight) {
      best = size;
      bestWeight = w;
    }
  }
  return best > 0 ? best : 10;
}

/** The usual distance between consecutive baselines of body text. */
function usualLeading(flows: readonly Fragment[][], bodySize: number): number {
  const gaps: number[] = [];
  for (const flow of flows) {
    for (let i = 1; i < flow.length; i++) {
      const a = flow[i - 1] as Fragment;
      const b = flow[i] as Fragment;
      const gap = a.y - b.y;
      if (Math.abs(a.size - bodySize) < 0.5 && Math.abs(b.size - bodySize) < 0.5)
        if (gap > 0 && gap < 2.5 * bodySize) gaps.push(gap);
    }
  }
  return gaps.length > 0 ? median(gaps) : 1.2 * bodySize;
}
