import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import type { AcronymDefinition } from '../corpus/acronyms.ts';
import type { CorpusProblem } from '../corpus/types.ts';
import { indexTerms } from './analyzer.ts';

/** Phrases that mean the same thing, each as its analysed terms ("Tehran" → ['tehran']). */
export type AliasGroup = string[][];

const AliasFile = z.object({
  groups: z.array(z.array(z.union([z.string(), z.number()]).transform(String)).min(2)),
});

/**
 * Reads `aliases.yaml` from the corpus directory (missing file: no aliases). A malformed file is a
 * problem with its line, and no aliases are used from it.
 */
export async function loadAliases(
  corpusDir: string,
): Promise<{ groups: AliasGroup[]; problems: CorpusProblem[] }> {
  let text: string;
  try {
    text = await readFile(join(corpusDir, 'aliases.yaml'), 'utf8');
  } catch {
    return { groups: [], problems: [] };
  }
  return parseAliases(text);
}

export function parseAliases(text: string): { groups: AliasGroup[]; problems: CorpusProblem[] } {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter });
  const err = doc.errors[0];
  if (err) {
    return {
      groups: [],
      problems: [
        {
          path: 'aliases.yaml',
          line: counter.linePos(err.pos[0]).line,
          reason: `bad YAML: ${err.code}`,
        },
      ],
    };
  }
  const parsed = AliasFile.safeParse(doc.toJS());
  if (!parsed.success) {
    return {
      groups: [],
      problems: [
        {
          path: 'aliases.yaml',
          line: 1,
          reason: 'expected "groups:" with lists of two or more synonyms',
        },
      ],
    };
  }
  return { groups: parsed.data.groups.map(toGroup), problems: [] };
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
