/** What the loader meets on disk: broken and looping links, huge files, unreadable folders. */
import { mkdir, mkdtemp, rm, symlink, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CorpusFolderError, loadCorpus, MAX_DOCUMENT_BYTES } from '../../src/corpus/load.ts';
import { formatProblem } from '../../src/corpus/types.ts';

const GB = 1024 ** 3;

describe('symbolic links', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'dossier-links-'));
    await writeFile(join(dir, 'good.md'), 'A good paragraph.\n');
    await symlink('good.md', join(dir, 'also-good.md'));
    await symlink('nowhere.md', join(dir, 'gone.md'));
    await symlink('loop.md', join(dir, 'loop.md'));
    await mkdir(join(dir, '_static'));
    // the Debian Python docs ship a link like this one: not a document, so not a problem
    await symlink('/nonexistent/javascript/jquery.js', join(dir, '_static', 'jquery.js'));
    await mkdir(join(dir, 'sub'));
    await writeFile(join(dir, 'sub', 'inner.md'), 'An inner paragraph.\n');
    await symlink('..', join(dir, 'sub', 'up'));
    await symlink('/nonexistent/folder', join(dir, 'sub', 'shared'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reports a dangling link, a link to itself and a link back up the tree; the rest loads', async () => {
    const corpus = await loadCorpus(dir);
    expect(corpus.documents.map((d) => [d.path, d.slug])).toEqual([
      ['also-good.md', 'also-good'],
      ['good.md', 'good'],
      ['sub/inner.md', 'inner'],
    ]);
    expect(corpus.problems.map(formatProblem)).toEqual([
      'gone.md: broken symbolic link (its target does not exist); not loaded',
      'loop.md: symbolic link loop; not loaded',
      'sub/shared: broken symbolic link (its target does not exist); not loaded',
      'sub/up: symbolic link to a folder already loaded (.); not followed',
    ]);
  });
});

describe('the size limit', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'dossier-huge-'));
    await writeFile(join(dir, 'small.md'), 'A small paragraph.\n');
    // sparse: takes no disk, and reading it whole would fail ("greater than 2 GiB") or take seconds
    await writeFile(join(dir, 'huge.txt'), '');
    await truncate(join(dir, 'huge.txt'), 3 * GB);
    await writeFile(join(dir, 'medium.md'), '');
    await truncate(join(dir, 'medium.md'), 1.5 * 1024 * 1024);
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('skips a file over the limit by its size on disk, without reading it', async () => {
    const corpus = await loadCorpus(dir);
    expect(corpus.problems.map(formatProblem)).toEqual([
      `huge.txt: file is 3072.0 MB, over the ${MAX_DOCUMENT_BYTES / 1048576} MB limit; not loaded`,
      // under the limit, so read (and found to be zeros)
      'medium.md:1: binary file (contains a NUL byte); not loaded',
    ]);
    expect(corpus.documents.map((d) => d.path)).toEqual(['small.md']);
  });

  it('takes the limit from the caller', async () => {
    const corpus = await loadCorpus(dir, { maxDocumentBytes: 1024 * 1024 });
    expect(corpus.problems.map(formatProblem)).toEqual([
      'huge.txt: file is 3072.0 MB, over the 1 MB limit; not loaded',
      'medium.md: file is 1.5 MB, over the 1 MB limit; not loaded',
    ]);
    expect(corpus.documents.map((d) => d.path)).toEqual(['small.md']);
  });
});

describe('the corpus folder itself', () => {
  it('names a folder that does not exist, or is a file, in one line', async () => {
    const missing = join(tmpdir(), 'dossier-no-such-folder');
    await expect(loadCorpus(missing)).rejects.toThrow(
      new CorpusFolderError(missing, 'does not exist'),
    );
    await expect(loadCorpus(missing)).rejects.toThrow(`corpus: ${missing}: does not exist`);
    const dir = await mkdtemp(join(tmpdir(), 'dossier-file-'));
    try {
      await writeFile(join(dir, 'a.md'), 'text');
      await expect(loadCorpus(join(dir, 'a.md'))).rejects.toThrow(
        `corpus: ${join(dir, 'a.md')}: is a file, not a folder`,
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
