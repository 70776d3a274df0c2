import { isMap, isNode, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import type { AcronymDefinition } from '../corpus/acronyms.ts';
import { type ConfineOptions, OutsideCorpusError, readCorpusFile } from '../corpus/confine.ts';
import type { CorpusProblem } from '../corpus/types.ts';
import { indexTerms } from '../language/analyzer.ts';

/** Phrases that mean the same thing, each as its analysed terms ("Tehran" → ['tehran']). */
export type AliasGroup = string[][];

/**
 * Reads `aliases.yaml` from the corpus directory (missing file: no aliases; a link leading outside
 * the corpus folder: refused, see corpus/confine.ts). A malformed file is a problem with its line;
 * a bad group is reported at its line and skipped, the others still apply.
 */
export async function loadAliases(
  corpusDir: string,
  opts: ConfineOptions = {},
): Promise<{ groups: AliasGroup[]; problems: CorpusProblem[] }> {
  let text: string;
  try {
    text = await readCorpusFile(corpusDir, 'aliases.yaml', opts);
  } catch (error) {
    if (error instanceof OutsideCorpusError)
      return { groups: [], problems: [{ path: 'aliases.yaml', line: 0, reason: error.reason }] };
    const code = error instanceof Error && 'code' in error ? error.code : undefined;
    if (code === 'ENOENT') return { groups: [], problems: [] };
    const why =
      code === 'EISDIR' ? 'is a folder, not a file' : `cannot be read (${String(code ?? error)})`;
    return {
      groups: [],
      problems: [{ path: 'aliases.yaml', line: 0, reason: `${why}; no aliases loaded` }],
    };
  }
  return parseAliases(text);
}

export function parseAliases(text: string): { groups: AliasGroup[]; problems: CorpusProblem[] } {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter });
  const problem = (line: number, reason: string): CorpusProblem => ({
    path: 'aliases.yaml',
    line,
    reason,
  });
  const err = doc.errors[0];
  if (err) {
    return {
      groups: [],
      problems: [problem(counter.linePos(err.pos[0]).line, `bad YAML: ${err.code}`)],
    };
  }
  if (doc.contents === null) return { groups: [], problems: [] };
  const list = isMap(doc.contents) ? doc.contents.get('groups', true) : undefined;
  if (!isSeq(list)) {
    return {
      groups: [],
      problems: [problem(1, 'expected "groups:" with lists of two or more synonyms')],
    };
  }
  const lineOf = (node: unknown) =>
    isNode(node) && node.range ? counter.linePos(node.range[0]).line : 1;
  const groups: AliasGroup[] = [];
  const problems: CorpusProblem[] = [];
  for (const item of list.items) {
    if (!isSeq(item)) {
      problems.push(
        problem(lineOf(item), 'a group is a list of phrases, such as [Tehran, Teheran]; skipped'),
      );
      continue;
    }
    const phrases: string[] = [];
    const bad = item.items.find(
      (p) => !isScalar(p) || !['string', 'number'].includes(typeof p.value),
    );
    if (bad !== undefined) {
      problems.push(
        problem(lineOf(bad), 'a phrase must be text, not a mapping or a list; group skipped'),
      );
      continue;
    }
    for (const p of item.items) if (isScalar(p)) phrases.push(String(p.value));
    if (phrases.length < 2) {
      const shown = phrases.map((p) => `"${p}"`).join(', ');
      problems.push(
        problem(
          lineOf(item),
          `a group needs two or more phrases, this one has ${phrases.length}${shown ? ` (${shown})` : ''}; skipped`,
        ),
      );
      continue;
    }
    groups.push(toGroup(phrases));
  }
  return { groups, problems };
}

function toGroup(phrases: string[]): AliasGroup {
  return phrases.map((p) => indexTerms(p)).filter((terms) => terms.length > 0);
}

/** Acronyms learned from the text become two-member groups: ['srbm'] ↔ ['short','rang','ballist','missil']. */
export function acronymGroups(definitions: readonly AcronymDefinition[]): AliasGroup[] {
  return definitions.map((d) =>
    [indexTerms(d.acronym), indexTerms(d.expansion)].filter((t) => t.length > 0),
  );
}
