import type { Engine } from './engine.ts';

const cache = new WeakMap<Engine, string[]>();

/**
 * Questions and topics the corpus can answer, for autocomplete: its acronyms ("What does UAS
 * stand for?"), its section headings and the names it mentions most (runs of capitalised words
 * inside sentences, seen at least twice).
 */
export function suggestions(engine: Engine): string[] {
  let list = cache.get(engine);
  if (list) return list;
  const out = new Set<string>();
  for (const a of engine.acronyms) out.add(`What does ${a.acronym} stand for?`);
  for (const d of engine.corpus.documents) for (const s of d.sections) out.add(s);
  const counts = new Map<string, number>();
  for (const p of engine.corpus.paragraphs) {
    for (const s of p.sentences) {
      for (const m of s.text.matchAll(
        /(?<=\S\s)\p{Lu}[\p{L}'-]+(?:\s(?:of\s|the\s|al\s)?\p{Lu}[\p{L}'-]+)*/gu,
      )) {
        const name = m[0].replace(/'s$/u, '');
        counts.set(name, (counts.get(name) ?? 0) + 1);
      }
    }
  }
  const names = [...counts]
    .filter(([, n]) => n >= 2)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  for (const [name] of names.slice(0, 200)) out.add(name);
  list = [...out];
  cache.set(engine, list);
  return list;
}

/**
 * Autocomplete for a question being typed: what was typed (when it is long enough to ask), then
 * suggestions containing the typed text or its last word. At most `limit`.
 *
 * @example suggestFor(engine, 'SRB') // ['What does SRBM stand for?', ...]
 */
export function suggestFor(engine: Engine, typed: string, limit = 25): string[] {
  const t = typed.trim().toLowerCase();
  const all = suggestions(engine);
  if (t === '') return all.slice(0, limit);
  const last = t.split(/\s+/u).at(-1) ?? t;
  const out: string[] = [];
  if (t.length >= 3) out.push(typed.trim());
  for (const s of all) {
    const l = s.toLowerCase();
    if (l.includes(t) || (last.length >= 2 && l.split(/\s+/u).some((w) => w.startsWith(last))))
      out.push(s);
    if (out.length >= limit) break;
  }
  return [...new Set(out)].slice(0, limit);
}
