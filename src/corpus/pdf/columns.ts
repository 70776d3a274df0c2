import { type Fragment, median, ROW_TOLERANCE, topDown } from './fragments.ts';

/**
 * Step 3 of the layout (see layout.ts): a vertical gutter that no narrow line crosses, with lines
 * of running text on both sides, splits a page into columns; lines that span it (a title, a wide
 * caption) cut the page into bands, each read left column first.
 */

function wordCount(text: string): number {
  return text.split(' ').filter((w) => /\p{L}/u.test(w)).length;
}

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

export interface Gutter {
  start: number;
  end: number;
}

export interface Split {
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
export function ownColumns(frags: readonly Fragment[]): { gutter: Gutter; parts: Split } | null {
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
export function knownColumns(frags: readonly Fragment[], known: readonly Gutter[]): Split | null {
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
export function readingOrder(
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
export function mergeRows(flow: readonly Fragment[]): Fragment[] {
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
