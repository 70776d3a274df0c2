/**
 * The corpus folder's boundary, with real symbolic links in a temporary folder: nothing outside
 * the corpus is read through a link (a secrets file, /proc/self/status, a folder, aliases.yaml or
 * facts.yaml), links inside keep working, and CORPUS_FOLLOW_OUTSIDE=true restores following.
 */
import { mkdir, mkdtemp, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadEngine } from '../../src/answer/engine.ts';
import {
  confine,
  confineSync,
  isInside,
  OutsideCorpusError,
  readCorpusFile,
  readCorpusFileSync,
} from '../../src/corpus/confine.ts';
import { loadCorpus } from '../../src/corpus/load.ts';
import { formatProblem } from '../../src/corpus/types.ts';
import { loadCuratedFacts } from '../../src/facts/curated.ts';
import { loadAliases } from '../../src/search/aliases.ts';

const SECRET =
  'The bot runs with DISCORD_TOKEN=MTIzNDU2.secret-token and the database postgres://admin:hunter2@db/prod in production.';

let base: string;
let corpus: string;
let out: string;
beforeAll(async () => {
  base = await realpath(await mkdtemp(join(tmpdir(), 'dossier-confine-')));
  corpus = join(base, 'corpus');
  out = join(base, 'outside');
  await mkdir(join(corpus, 'sub'), { recursive: true });
  await mkdir(join(out, 'folder'), { recursive: true });
  await writeFile(join(out, 'secret.txt'), `${SECRET}\n`);
  await writeFile(join(out, 'folder', 'leak.md'), `${SECRET}\n`);
  await writeFile(join(out, 'aliases.yaml'), 'groups:\n  - [hunter2, password]\n');
  await writeFile(
    join(out, 'facts.yaml'),
    'facts:\n  - kind: figure\n    subject: s\n    value: v\n    quote: q\n    paragraphId: good#p1\n',
  );
  await writeFile(join(corpus, 'good.md'), 'Drones were delivered in August 2022.\n');
  await writeFile(join(corpus, 'sub', 'inner.md'), 'Missiles were delivered in 2024.\n');
  // out and back in again: judged by where it ends
  await symlink(join(corpus, 'good.md'), join(out, 'hop.md'));
  await symlink(join(out, 'secret.txt'), join(out, 'hop-out.md'));
  await symlink(join(out, 'hop.md'), join(corpus, 'round-trip.md'));
  await symlink(join(out, 'hop-out.md'), join(corpus, 'chain.md'));
  await symlink(join(out, 'secret.txt'), join(corpus, 'passwd.txt'));
  await symlink('../outside/secret.txt', join(corpus, 'relative.md'));
  await symlink('/proc/self/status', join(corpus, 'status.txt'));
  await symlink(join(out, 'folder'), join(corpus, 'leaky'));
  await symlink('good.md', join(corpus, 'also-good.md'));
  await symlink('sub', join(corpus, 'zz-sub-again'));
  await symlink(join(out, 'aliases.yaml'), join(corpus, 'aliases.yaml'));
  await symlink(join(out, 'facts.yaml'), join(corpus, 'facts.yaml'));
});
afterAll(async () => {
  await rm(base, { recursive: true, force: true });
});

const refused = (name: string, target: string) =>
  `${name}: symbolic link to ${target}, outside the corpus folder; not loaded (CORPUS_FOLLOW_OUTSIDE=true would follow it)`;

describe('the rule', () => {
  it('a path is inside its root, or under it; a sibling with the same prefix is not', () => {
    expect(isInside('/srv/corpus', '/srv/corpus')).toBe(true);
    expect(isInside('/srv/corpus', '/srv/corpus/a/b.md')).toBe(true);
    expect(isInside('/srv/corpus', '/srv/corpus-private/a.md')).toBe(false);
    expect(isInside('/srv/corpus', '/srv/corpus/../secret')).toBe(false);
    expect(isInside('/srv/corpus', '/etc/passwd')).toBe(false);
    expect(isInside('/srv/corpus', '/srv/corpus/..hidden.md')).toBe(true);
  });

  it('resolves every link on the way, async and sync alike', async () => {
    for (const check of [confine, async (r: string, p: string) => confineSync(r, p)]) {
      expect(await check(corpus, join(corpus, 'also-good.md'))).toEqual({
        ok: true,
        real: join(corpus, 'good.md'),
      });
      expect(await check(corpus, join(corpus, 'round-trip.md'))).toEqual({
        ok: true,
        real: join(corpus, 'good.md'),
      });
      const status = await check(corpus, join(corpus, 'status.txt'));
      expect(status.ok).toBe(false);
      if (!status.ok) {
        expect(status.target).toMatch(/^\/proc\/\d+\/status$/u);
        expect(status.reason).toContain('symbolic link to /proc/self/status (/proc/');
      }
      expect(await check(corpus, join(corpus, 'leaky', 'leak.md'))).toMatchObject({
        ok: false,
        reason: expect.stringContaining(`resolves to ${join(out, 'folder', 'leak.md')}`),
      });
    }
  });

  it('reads a corpus file only inside, or anywhere when told to follow links outside', async () => {
    await expect(readCorpusFile(corpus, 'good.md')).resolves.toContain('Drones');
    await expect(readCorpusFile(corpus, 'passwd.txt')).rejects.toBeInstanceOf(OutsideCorpusError);
    expect(() => readCorpusFileSync(corpus, 'passwd.txt')).toThrow(OutsideCorpusError);
    await expect(readCorpusFile(corpus, 'passwd.txt', { followOutside: true })).resolves.toBe(
      `${SECRET}\n`,
    );
    expect(readCorpusFileSync(corpus, 'passwd.txt', { followOutside: true })).toBe(`${SECRET}\n`);
    await expect(readCorpusFile(corpus, 'missing.yaml')).rejects.toMatchObject({ code: 'ENOENT' });
  });
});

describe('loading a corpus', () => {
  it('names each refused link with its target and reads nothing outside', async () => {
    const loaded = await loadCorpus(corpus);
    expect(loaded.documents.map((d) => d.path)).toEqual([
      'also-good.md',
      'good.md',
      'round-trip.md',
      'sub/inner.md',
    ]);
    const problems = loaded.problems.map(formatProblem);
    expect(problems).toEqual([
      refused('chain.md', `${join(out, 'hop-out.md')} (${join(out, 'secret.txt')})`),
      refused('leaky', join(out, 'folder')),
      refused('passwd.txt', join(out, 'secret.txt')),
      refused('relative.md', '../outside/secret.txt'),
      expect.stringMatching(
        /^status\.txt: symbolic link to \/proc\/self\/status \(\/proc\/\d+\/status\), outside the corpus folder; not loaded/u,
      ),
      'zz-sub-again: symbolic link to a folder already loaded (sub); not followed',
    ]);
    expect(JSON.stringify(loaded.documents)).not.toContain('hunter2');
    expect(JSON.stringify(loaded.documents)).not.toMatch(/VmRSS|TracerPid/u);
  });

  it('follows links outside only with followOutside', async () => {
    const loaded = await loadCorpus(corpus, { followOutside: true });
    expect(loaded.documents.map((d) => d.path)).toEqual([
      'also-good.md',
      'chain.md',
      'good.md',
      'leaky/leak.md',
      'passwd.txt',
      'relative.md',
      'round-trip.md',
      'status.txt',
      'sub/inner.md',
    ]);
  });

  it('a corpus folder that is itself a link is the boundary where it leads', async () => {
    const link = join(base, 'corpus-link');
    await symlink(corpus, link);
    const loaded = await loadCorpus(link);
    expect(loaded.documents.map((d) => d.path)).toContain('sub/inner.md');
    expect(loaded.problems.map(formatProblem)).toContain(
      refused('passwd.txt', join(out, 'secret.txt')),
    );
  });

  it('aliases.yaml and facts.yaml that lead outside are refused, by name and target', async () => {
    const aliases = await loadAliases(corpus);
    expect(aliases.groups).toEqual([]);
    expect(aliases.problems.map(formatProblem)).toEqual([
      refused('aliases.yaml', join(out, 'aliases.yaml')),
    ]);
    const loaded = await loadCorpus(corpus);
    const curated = loadCuratedFacts(corpus, loaded);
    expect(curated.facts).toEqual([]);
    expect(curated.problems.map(formatProblem)).toEqual([
      refused('facts.yaml', join(out, 'facts.yaml')),
    ]);
    expect((await loadAliases(corpus, { followOutside: true })).groups).toHaveLength(1);
    expect(
      loadCuratedFacts(corpus, loaded, { followOutside: true }).problems.map(formatProblem),
    ).not.toContain(refused('facts.yaml', join(out, 'facts.yaml')));
  });

  it('an engine never quotes what lies outside, and reports every refused link', async () => {
    const engine = await loadEngine({ corpusDir: corpus, snapshotDir: null });
    expect(engine.corpus.paragraphs.some((p) => p.text.includes('hunter2'))).toBe(false);
    const answer = JSON.stringify(engine.ask('What is the DISCORD_TOKEN password?'));
    expect(answer).not.toContain('hunter2');
    expect(answer).not.toContain('MTIzNDU2');
    expect(engine.problems.map((p) => p.path).sort()).toEqual([
      'aliases.yaml',
      'chain.md',
      'facts.yaml',
      'leaky',
      'passwd.txt',
      'relative.md',
      'status.txt',
      'zz-sub-again',
    ]);
    const open = await loadEngine({
      corpusDir: corpus,
      snapshotDir: null,
      corpusFollowOutside: true,
    });
    expect(open.corpus.paragraphs.some((p) => p.text.includes('hunter2'))).toBe(true);
  });
});
