/**
 * The question sets `npm run fit` reads: a SQuAD v2 file, QED's Natural Questions JSON lines or a
 * folder of SQuAD-explorer pages, cut to a range of articles; each indexed as the bot would, and
 * where each public file comes from.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import type { RankPool } from '../eval/fit-rank.ts';
import { parseSquad } from '../eval/squad.ts';
import { explorerToSquad } from '../eval/squad-explorer.ts';
import { squadJson } from '../eval/squad-files.ts';
import { SearchIndex } from '../search/index.ts';
import { meaningFrom } from '../search/meaning-sources.ts';
import type { Semantics } from '../semantics/index.ts';

/**
 * Reads a SQuAD v2 file, keeping its first N articles (FILE#N) or articles A to B (FILE#A-B).
 * A folder is SQuAD-explorer's article pages (`explore/1.1/train`), one article a page, in file
 * name order.
 */
export async function readPool(spec: string): Promise<{ name: string; json: { data: unknown[] } }> {
  const at = spec.lastIndexOf('#');
  const file = at > 0 ? spec.slice(0, at) : spec;
  const range = at > 0 ? /^(?:(\d+)-)?(\d+)$/u.exec(spec.slice(at + 1)) : null;
  if (at > 0 && !range)
    throw new Error(`fit: ${spec}: the part after # must be a number of articles or a range A-B`);
  const from = range?.[1] ? Number(range[1]) - 1 : 0;
  const to = range?.[2] ? Number(range[2]) : undefined;
  const folder = (await stat(file)).isDirectory();
  let json: { data?: unknown[] };
  if (folder) {
    const names = (await readdir(file)).filter((n) => n.endsWith('.html')).sort();
    // only the pages wanted are read (the explorer has 443 for train)
    const wanted = names.slice(from, to);
    if (wanted.length === 0) throw new Error(`fit: ${file}: no SQuAD-explorer pages (.html) in it`);
    const pages = await Promise.all(
      wanted.map(async (n) => ({
        name: n.replace(/\.html$/u, ''),
        html: await readFile(join(file, n), 'utf8'),
      })),
    );
    json = explorerToSquad(pages);
  } else {
    // Natural Questions as google-research-datasets/QED publishes it (JSON lines), converted here
    json = squadJson(file, await readFile(file, 'utf8')) as { data?: unknown[] };
  }
  if (!Array.isArray(json.data)) throw new Error(`fit: ${file}: not a SQuAD v2 file (no data)`);
  // a folder of pages is named by its place in the explorer: explore/1.1/train → squad-explorer-1.1-train
  const name = folder
    ? `squad-explorer-${resolve(file).split(/[\\/]/u).slice(-2).join('-')}`
    : basename(file);
  return {
    name: name + (range ? `#${range[0]}` : ''),
    json: { data: folder ? json.data : json.data.slice(from, to) },
  };
}

/** A question set as a pool: its questions and its documents, indexed with word meaning if any. */
export function pool(name: string, json: unknown, semantics: Semantics | null): RankPool {
  const set = parseSquad(json);
  const index = SearchIndex.build(set.documents, []);
  if (semantics) index.useMeaning(meaningFrom(semantics));
  return { name, set, index };
}

/** Where each public training file comes from (README, "Judgement learned"). */
export function sourceOf(name: string): string {
  if (name.startsWith('nq-train'))
    return 'Natural Questions train (Kwiatkowski et al. 2019) via google-research-datasets/QED, CC BY-SA 3.0';
  if (name.startsWith('squad2-train'))
    return 'SQuAD 2.0 train, first 10 articles (Rajpurkar et al. 2018), CC BY-SA 4.0';
  if (name.startsWith('squad11-train'))
    return 'SQuAD 1.1 train (Rajpurkar et al. 2016) via rajpurkar/SQuAD-explorer, CC BY-SA 4.0';
  if (name.startsWith('squad-explorer-'))
    return "SQuAD (Rajpurkar et al. 2016): rajpurkar/SQuAD-explorer's article pages, CC BY-SA 4.0";
  if (name.startsWith('real-questions'))
    return 'TREC QA 1999-2003 questions (public domain) and WebQuestions (Berant et al. 2013, CC BY 4.0) via brmson/dataset-factoid-curated and dataset-factoid-webquestions';
  return 'public question set';
}
