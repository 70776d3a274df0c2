import { parseArgs } from 'node:util';
import { learnAcronyms } from '../corpus/acronyms.ts';
import { loadCorpus } from '../corpus/load.ts';
import { formatProblem } from '../corpus/types.ts';
import { loadCuratedFacts } from '../facts/curated.ts';
import { FactStore } from '../facts/store.ts';
import type { Fact, FactKind } from '../facts/types.ts';
import { acronymGroups, loadAliases } from '../search/aliases.ts';
import { runCli } from './run.ts';

const USAGE =
  'usage: npm run --silent facts -- [--kind date|figure|actor|definition] [--corpus DIR] [--json]';
const KINDS: readonly FactKind[] = ['date', 'figure', 'actor', 'definition'];

function isKind(s: string): s is FactKind {
  return (KINDS as readonly string[]).includes(s);
}

async function main(): Promise<number> {
  let args: ReturnType<typeof parse>;
  try {
    args = parse();
  } catch (error) {
    console.error(`facts: ${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
    return 2;
  }
  if (args.values.help) {
    console.log(USAGE);
    return 0;
  }
  const kind = args.values.kind;
  if (kind !== undefined && !isKind(kind)) {
    console.error(`facts: unknown kind "${kind}"\n${USAGE}`);
    return 2;
  }
  const dir = args.values.corpus ?? process.env.CORPUS_DIR ?? 'corpus';
  const corpus = await loadCorpus(dir);
  const curated = loadCuratedFacts(dir, corpus);
  for (const p of [...corpus.problems, ...curated.problems])
    console.error(`facts: ${formatProblem(p)}`);
  const aliases = await loadAliases(dir);
  // the aliases the bot uses, so the facts listed are the facts the bot shows (duplicates merged)
  const groups = [...aliases.groups, ...acronymGroups(learnAcronyms(corpus.paragraphs))];
  const store = FactStore.fromCorpus(corpus, curated.facts, { groups });
  const facts = kind ? store.byKind(kind) : store.all();

  if (args.values.json) {
    const rows = facts.map((f) => ({
      kind: f.kind,
      subject: f.subject,
      value: f.value,
      date: f.date
        ? { sortKey: f.date.sortKey, precision: f.date.precision, text: f.date.text }
        : null,
      quote: f.quote,
      paragraphId: f.paragraphId,
      paragraphText: corpus.byId.get(f.paragraphId)?.text ?? '',
    }));
    console.log(JSON.stringify(rows, null, 2));
    return 0;
  }
  for (const k of kind ? [kind] : KINDS) {
    if (k === 'actor') {
      const people = store.actors();
      if (people.length > 0) console.log(`\nActors (${people.length})`);
      for (const a of people) {
        const cites = a.mentions.map((m) => m.paragraphId).join(', ');
        console.log(`  ${a.name}, ${a.roles.join(' / ')} [${cites}]`);
      }
      continue;
    }
    // dated events in time order, then those whose year the text leaves open
    const timeline = k === 'date' ? store.timeline() : [];
    const placed = new Set(timeline);
    const list =
      k === 'date'
        ? [...timeline, ...store.byKind('date').filter((f) => !placed.has(f))]
        : store.byKind(k);
    if (list.length === 0) continue;
    console.log(`\n${heading(k)} (${list.length})`);
    for (const f of list) console.log(line(f, store));
  }
  return 0;
}

function parse() {
  return parseArgs({
    options: {
      kind: { type: 'string' },
      corpus: { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
    allowPositionals: false,
  });
}

function heading(k: FactKind): string {
  return { date: 'Timeline', figure: 'Figures', actor: 'Actors', definition: 'Definitions' }[k];
}

function line(f: Fact, store: FactStore): string {
  const cite = `[${f.paragraphId}${f.origin === 'curated' ? ', curated' : ''}]`;
  const head =
    f.kind === 'date'
      ? `  ${(f.date?.sortKey ?? '?').padEnd(10)} ${f.subject} (${f.value})`
      : f.kind === 'figure'
        ? `  ${f.value}${/(?:dozens|hundreds|thousands|millions|billions|tens)$/iu.test(f.value) ? ' of' : ''} ${f.subject}`
        : f.kind === 'actor'
          ? `  ${f.subject}, ${f.value}`
          : `  ${f.subject}: ${f.value}`;
  const differs = store
    .conflictsFor(f)
    .map((o) => `      sources differ: ${o.value} [${o.paragraphId}]`);
  return [`${head} ${cite}`, ...differs].join('\n');
}

runCli(main, 'facts');
