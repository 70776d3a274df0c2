import { slugify } from './document.ts';
import type { CorpusProblem } from './types.ts';

/** One document file asking for a slug. */
export interface SlugClaim {
  /** Path relative to the corpus folder, `/`-separated. */
  path: string;
  /** The `slug:` its front matter declares, with that line. */
  declared?: { slug: string; line: number } | undefined;
}

export interface SlugResult {
  slug: string;
  /** Set when the declared slug was already another document's. */
  problem?: CorpusProblem | undefined;
}

/**
 * Gives every document a distinct slug; no document is dropped for a clash of names. In order of
 * precedence, each slug going to the claimant nearest the corpus root, then first in path order:
 *
 * 1. the file name's slug (`going-ballistic.md` → `going-ballistic`), for files that declare no
 *    other slug: a file named after a slug always keeps it;
 * 2. a slug declared in front matter (`slug: x`);
 * 3. the file name's slug for a file whose declared slug was taken;
 * 4. the slug of the path without its extension (`library/index.html` → `library-index`);
 * 5. the slug of the whole path (`notes.txt` → `notes-txt` beside `notes.md`), then that with
 *    `-2`, `-3`… appended.
 *
 * So a file whose name no other file shares keeps the slug it always had, and adding files in
 * subfolders never renames one nearer the root. A declared slug that could not be kept is
 * reported at its line. `claims` must be in path order.
 *
 * @example assignSlugs([{ path: 'index.html' }, { path: 'library/index.html' }]).map((r) => r.slug)
 *   // ['index', 'library-index']
 */
export function assignSlugs(claims: readonly SlugClaim[]): SlugResult[] {
  const slugs: (string | undefined)[] = claims.map(() => undefined);
  const holder = new Map<string, number>();
  const depth = claims.map((c) => c.path.split('/').length);
  const names = claims.map((c) => slugify(stemOf(baseName(c.path))));
  const declaresOther = (i: number) => {
    const d = claims[i]?.declared;
    return d !== undefined && d.slug !== names[i];
  };

  /** Offers each unassigned file the slug `want` gives it; contested slugs go nearest the root. */
  const offer = (want: (i: number) => string | undefined) => {
    const best = new Map<string, number>();
    claims.forEach((_, i) => {
      if (slugs[i] !== undefined) return;
      const s = want(i);
      if (s === undefined || holder.has(s)) return;
      const current = best.get(s);
      if (current === undefined || (depth[i] ?? 0) < (depth[current] ?? 0)) best.set(s, i);
    });
    for (const [s, i] of best) {
      slugs[i] = s;
      holder.set(s, i);
    }
  };

  offer((i) => (declaresOther(i) ? undefined : names[i]));
  offer((i) => (declaresOther(i) ? claims[i]?.declared?.slug : undefined));
  offer((i) => (declaresOther(i) ? names[i] : undefined));
  offer((i) => slugify(stemOf(claims[i]?.path ?? '')));
  offer((i) => slugify(claims[i]?.path ?? ''));
  claims.forEach((c, i) => {
    if (slugs[i] !== undefined) return;
    const base = slugify(c.path);
    let n = 2;
    while (holder.has(`${base}-${n}`)) n++;
    slugs[i] = `${base}-${n}`;
    holder.set(`${base}-${n}`, i);
  });

  return claims.map((c, i) => {
    const slug = slugs[i] ?? '';
    const declared = c.declared;
    if (declared === undefined || declared.slug === slug) return { slug };
    const owner = claims[holder.get(declared.slug) ?? -1]?.path ?? '?';
    return {
      slug,
      problem: {
        path: c.path,
        line: declared.line,
        reason: `slug "${declared.slug}" is already the slug of ${owner}; loaded as "${slug}"`,
      },
    };
  });
}

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** The path without the last segment's extension: `a/b.c.md` → `a/b.c`. */
function stemOf(path: string): string {
  const dot = path.lastIndexOf('.');
  return dot > path.lastIndexOf('/') + 1 ? path.slice(0, dot) : path;
}
