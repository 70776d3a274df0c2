import type { Fragment } from './fragments.ts';

/**
 * Step 2 of the layout (see layout.ts): running headers and footers (the same text, digits aside,
 * at the same height near the top or bottom of most pages) and bare page numbers are dropped.
 */

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

export function dropFurniture(perPage: Fragment[][]): void {
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
