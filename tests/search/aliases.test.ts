import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { acronymGroups, loadAliases, parseAliases } from '../../src/search/aliases.ts';

describe('parseAliases', () => {
  it('analyses each phrase of each group into terms', () => {
    expect(parseAliases('groups:\n  - [Tehran, Iran]\n  - [nuclear deal, JCPOA, 2015]\n')).toEqual({
      groups: [
        [['tehran'], ['iran']],
        [['nuclear', 'deal'], ['jcpoa'], ['2015']],
      ],
      problems: [],
    });
  });

  it('drops phrases that are only stopwords', () => {
    expect(parseAliases('groups:\n  - [US, us, Washington]\n').groups).toEqual([
      [['us'], ['washington']],
    ]);
  });

  it('reports bad YAML with its line, and a wrong shape', () => {
    expect(parseAliases('groups:\n  - [Tehran, Iran\n  - [a, b]\n')).toEqual({
      groups: [],
      problems: [{ path: 'aliases.yaml', line: 3, reason: expect.stringMatching(/^bad YAML: /u) }],
    });
    const wrong = {
      groups: [],
      problems: [
        {
          path: 'aliases.yaml',
          line: 1,
          reason: 'expected "groups:" with lists of two or more synonyms',
        },
      ],
    };
    // a group of one is that group's problem, not the file's (see aliases-file.test.ts)
    expect(parseAliases('groups:\n  - [lonely]\n').problems[0]?.line).toBe(2);
    expect(parseAliases('- [a, b]\n')).toEqual(wrong);
  });

  it('loads aliases.yaml from a directory; no file means no aliases', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'dossier-aliases-'));
    try {
      expect(await loadAliases(dir)).toEqual({ groups: [], problems: [] });
      await writeFile(join(dir, 'aliases.yaml'), 'groups:\n  - [Moscow, Kremlin]\n');
      expect((await loadAliases(dir)).groups).toEqual([[['moscow'], ['kremlin']]]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('acronymGroups', () => {
  it('pairs each acronym with its expansion', () => {
    expect(
      acronymGroups([
        {
          acronym: 'SRBM',
          expansion: 'short-range ballistic missile',
          paragraphId: 'd#p1',
          quote: 'q',
        },
      ]),
    ).toEqual([[['srbm'], ['short', 'rang', 'ballist', 'missil']]]);
  });
});
