import { hasYear } from './dates.ts';
import { docSlugOf, subjectKey } from './keys.ts';
import type { Fact } from './types.ts';

/** Facts on the same subject from different documents that disagree ("sources differ"). */
export interface FactConflict {
  kind: 'date' | 'figure';
  /** The subject as the first fact words it. */
  subject: string;
  /** Every fact of the group, each with its own citation, in store order. */
  facts: Fact[];
}

/** Same subject (order-free stems, two content words at least so "talks" alone never groups), different documents, values that disagree. */
export function findConflicts(all: Fact[]): FactConflict[] {
  const groups = new Map<string, Fact[]>();
  for (const f of all) {
    if (f.kind !== 'date' && f.kind !== 'figure') continue;
    if (f.kind === 'date' && (f.date === null || !hasYear(f.date))) continue;
    const key = subjectKey(f.subject);
    if (key.split(' ').length < 2) continue;
    const group = `${f.kind}|${key}`;
    const list = groups.get(group);
    if (list) list.push(f);
    else groups.set(group, [f]);
  }
  const out: FactConflict[] = [];
  for (const facts of groups.values()) {
    const first = facts[0];
    if (!first || facts.length < 2) continue;
    // one representative per (document, value) keeps the pairwise check small on repetitive corpora
    const distinct = new Map<string, { slug: string; fact: Fact }>();
    for (const f of facts) {
      const slug = docSlugOf(f.paragraphId);
      const key = `${slug}\u0000${f.date?.sortKey ?? normValue(f.value)}`;
      if (!distinct.has(key)) distinct.set(key, { slug, fact: f });
    }
    const reps = [...distinct.values()];
    if (new Set(reps.map((r) => r.slug)).size < 2) continue;
    const disagree = reps.some((x, i) =>
      reps.some((y, j) => j > i && x.slug !== y.slug && !sameValue(x.fact, y.fact)),
    );
    if (disagree)
      out.push({ kind: first.kind === 'date' ? 'date' : 'figure', subject: first.subject, facts });
  }
  return out;
}

/** Dates agree when one refines the other ("2022" and "2022-02"); figures when they read the same. */
export function sameValue(a: Fact, b: Fact): boolean {
  if (a.kind === 'date' && a.date && b.date) {
    const x = a.date.sortKey;
    const y = b.date.sortKey;
    return x.startsWith(y) || y.startsWith(x);
  }
  return normValue(a.value) === normValue(b.value);
}

function normValue(s: string): string {
  return s
    .toLowerCase()
    .replace(/[,\s]+/gu, ' ')
    .trim();
}
