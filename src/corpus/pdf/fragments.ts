/**
 * Step 1 of the layout (see layout.ts): the text runs a PDF page draws, gathered into rows, and
 * each row cut into fragments where a gap is wider than a column gutter. The Fragment, the rule
 * for one row and the bullet pattern are shared by the later steps.
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

/** Runs of one row close enough to read as one piece of text, on one page. */
export interface Fragment {
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
export const ROW_TOLERANCE = 0.5;
/** A horizontal gap wider than this share of the font size separates two fragments of a row. */
const FRAGMENT_GAP = 0.9;
/** How a list item starts: a bullet, or a number or letter with a period or parenthesis. */
export const BULLET = /^(?:[•◦▪▫●○■□‣⁃∙·*]|[-–—](?=\s)|\(?\d{1,3}[.)](?=\s)|\(?[a-z][.)](?=\s))/u;

export function fragmentsOf(page: PdfPage): Fragment[] {
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

export function median(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

export const topDown = (a: Fragment, b: Fragment) => b.y - a.y || a.x0 - b.x0;
