import { ROLE_MODIFIERS, ROLE_NOUNS } from '../language/words.ts';
import type { AliasGroup } from '../search/aliases.ts';
import { stems } from './keys.ts';
import type { Fact } from './types.ts';

/** Share of the shorter subject's words the longer must hold for two same-valued facts to be one. */
const SAME_SUBJECT_SHARE = 0.75;
/** …and at least this many words in common, so two short subjects never merge on one word. */
const SAME_SUBJECT_MIN = 3;
/** Subjects of fewer content words than this are never merged. */
const MIN_SUBJECT_WORDS = 2;
/** Same-valued facts compared pairwise per value, at most this many kept ones each (a guard on huge corpora). */
const MAX_COMPARED = 64;

/**
 * The same fact said twice is kept once, in store order (so the first citation wins), with the
 * fullest wording of it:
 * - actors: one per person and role, the person known by the fullest name the corpus gives
 *   ("Ali Khamenei" over "Khamenei");
 * - dates, figures, definitions: one per value (the date, the amount, the definition) and subject,
 *   subjects compared by their content stems with alias phrases made one ("nuclear deal" and
 *   "nuclear agreement" with the aliases [nuclear deal, nuclear agreement]) and, short of that,
 *   sharing three quarters of their words (at least three).
 * Facts that disagree (another date, another figure) are all kept: "sources differ" needs them.
 *
 * @example dedupeFacts([deal2015, agreement2015], groups) // [deal2015]
 */
export function dedupeFacts(facts: readonly Fact[], groups: readonly AliasGroup[]): Fact[] {
  const canon = canonicaliser(groups);
  const actorOf = personIdentity(facts.filter((f) => f.kind === 'actor'));
  const kept: Fact[] = [];
  const byActor = new Map<string, number>();
  const byValue = new Map<string, { at: number; key: Set<string> }[]>();
  for (const f of facts) {
    if (f.kind === 'actor') {
      const person = actorOf.get(f);
      const key = `${person?.key ?? f.subject.toLowerCase()}|${f.value.toLowerCase()}`;
      const at = byActor.get(key);
      if (at === undefined) {
        byActor.set(key, kept.length);
        kept.push(person && person.name !== f.subject ? { ...f, subject: person.name } : f);
      }
      continue;
    }
    const key = new Set(canon(stems(f.subject).filter((s) => !/^\d/u.test(s))));
    // "two arguments" here and "two arguments" there are two facts: a one-word subject says too
    // little to tell the same thing from the same wording
    if (key.size < MIN_SUBJECT_WORDS) {
      kept.push(f);
      continue;
    }
    const valueKey = `${f.kind}|${f.date?.sortKey ?? normValue(f.value)}`;
    const same = byValue.get(valueKey) ?? [];
    const match = same.find((o) => sameSubject(o.key, key));
    if (!match) {
      if (same.length < MAX_COMPARED) same.push({ at: kept.length, key });
      byValue.set(valueKey, same);
      kept.push(f);
      continue;
    }
    const first = kept[match.at];
    // the fuller wording of the two, the first citation
    if (first && key.size > match.key.size) {
      kept[match.at] = { ...first, subject: f.subject };
      match.key = key;
    }
  }
  return kept;
}

function sameSubject(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  let shared = 0;
  for (const t of a) if (b.has(t)) shared++;
  if (shared === a.size && shared === b.size) return true;
  return shared >= SAME_SUBJECT_MIN && shared >= SAME_SUBJECT_SHARE * Math.min(a.size, b.size);
}

function normValue(s: string): string {
  return s
    .toLowerCase()
    .replace(/[,\s]+/gu, ' ')
    .trim();
}

/**
 * Rewrites a stem list so every alias phrase reads as its group's first phrase: with
 * [nuclear deal, nuclear agreement], ['iran', 'nuclear', 'agreement'] → ['iran', 'nuclear', 'deal'].
 */
function canonicaliser(groups: readonly AliasGroup[]): (terms: string[]) => string[] {
  const phrases: { terms: string[]; canonical: string[] }[] = [];
  for (const g of groups) {
    const canonical = g[0];
    if (!canonical || canonical.length === 0) continue;
    for (const terms of g) if (terms.length > 0) phrases.push({ terms, canonical });
  }
  // longest phrases first, so "unmanned aerial systems" is taken before a one-word alias inside it
  phrases.sort((a, b) => b.terms.length - a.terms.length);
  if (phrases.length === 0) return (t) => t;
  return (terms) => {
    const out: string[] = [];
    let i = 0;
    while (i < terms.length) {
      const hit = phrases.find((p) => p.terms.every((t, k) => terms[i + k] === t));
      if (hit) {
        out.push(...hit.canonical);
        i += hit.terms.length;
      } else {
        out.push(terms[i] as string);
        i++;
      }
    }
    return out;
  };
}

/** A person's words, lowercased, without punctuation: "Ali Khamenei" → "ali khamenei". */
export function nameKey(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s]/gu, ' ')
    .split(/\s+/u)
    .filter((w) => w !== '')
    .join(' ');
}

/** The name without a title written before it: "Supreme Leader Ali Khamenei" → "Ali Khamenei". */
function withoutTitle(name: string): string {
  const words = name.split(/\s+/u);
  let i = 0;
  while (i < words.length - 1) {
    const w = (words[i] ?? '').toLowerCase().replace(/\.$/u, '');
    if (!ROLE_NOUNS.has(w) && !ROLE_MODIFIERS.has(w)) break;
    i++;
  }
  return words.slice(i).join(' ');
}

/**
 * Which person each actor fact names, by the fullest name: "Khamenei" is "Ali Khamenei" when
 * exactly one fuller name the corpus gives ends with it (two Khameneis and it stays apart).
 */
function personIdentity(actors: readonly Fact[]): Map<Fact, { key: string; name: string }> {
  const names = new Map<string, string>();
  for (const f of actors) {
    const name = withoutTitle(f.subject);
    const key = nameKey(name);
    const prev = names.get(key);
    if (prev === undefined || name.length > prev.length) names.set(key, name);
  }
  const keys = [...names.keys()];
  const out = new Map<Fact, { key: string; name: string }>();
  for (const f of actors) {
    const own = nameKey(withoutTitle(f.subject));
    const fuller = keys.filter((k) => k !== own && k.endsWith(` ${own}`));
    // the fullest name that ends with this one, when only one line of names does
    const longest = fuller.sort((a, b) => b.length - a.length)[0];
    const unique =
      longest !== undefined && fuller.every((k) => longest.endsWith(` ${k}`) || k === longest);
    const key = unique && longest ? longest : own;
    out.set(f, { key, name: names.get(key) ?? f.subject });
  }
  return out;
}
