/** aliases.yaml: one bad group is reported at its line and the others still apply. */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatProblem } from '../../src/corpus/types.ts';
import { loadAliases, parseAliases } from '../../src/search/aliases.ts';

describe('a bad group in aliases.yaml', () => {
  it('is reported with its line; the other groups are kept', () => {
    const text = [
      '# synonyms',
      'groups:',
      '  - [Tehran, Iran]',
      '  - [lonely]',
      '  - Moscow',
      '  - [Kremlin, {a: b}]',
      '  - [nuclear deal, JCPOA]',
      '',
    ].join('\n');
    const { groups, problems } = parseAliases(text);
    expect(groups).toEqual([
      [['tehran'], ['iran']],
      [['nuclear', 'deal'], ['jcpoa']],
    ]);
    expect(problems.map(formatProblem)).toEqual([
      'aliases.yaml:4: a group needs two or more phrases, this one has 1 ("lonely"); skipped',
      'aliases.yaml:5: a group is a list of phrases, such as [Tehran, Teheran]; skipped',
      'aliases.yaml:6: a phrase must be text, not a mapping or a list; group skipped',
    ]);
  });

  it('still reports a file without "groups:" at line 1', () => {
    expect(parseAliases('- [a, b]\n').problems.map(formatProblem)).toEqual([
      'aliases.yaml:1: expected "groups:" with lists of two or more synonyms',
    ]);
    expect(parseAliases('groups: 3\n').problems.map(formatProblem)).toEqual([
      'aliases.yaml:1: expected "groups:" with lists of two or more synonyms',
    ]);
    expect(parseAliases('').problems).toEqual([]);
  });
});

describe('an aliases.yaml that is a folder', () => {
  it('is a problem, not silence', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'dossier-aliases-dir-'));
    try {
      await mkdir(join(dir, 'aliases.yaml'));
      const { groups, problems } = await loadAliases(dir);
      expect(groups).toEqual([]);
      expect(problems.map(formatProblem)).toEqual([
        'aliases.yaml: is a folder, not a file; no aliases loaded',
      ]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
