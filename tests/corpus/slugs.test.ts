/** Document slugs: no document is lost to a clash of names, and existing ids stay as they were. */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { slugify } from '../../src/corpus/document.ts';
import { type LoadedCorpus, loadCorpus } from '../../src/corpus/load.ts';
import { assignSlugs, type SlugClaim } from '../../src/corpus/slugs.ts';

let dir: string | undefined;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

/** Writes `files` (relative path → content) into a fresh folder and loads it. */
async function load(files: Record<string, string>): Promise<LoadedCorpus> {
  dir = await mkdtemp(join(tmpdir(), 'dossier-slugs-'));
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), content);
  }
  return loadCorpus(dir);
}

const slugsByPath = (c: LoadedCorpus) =>
  Object.fromEntries(c.documents.map((d) => [d.path, d.slug]));
const page = (text: string) => `<html><body><main><p>${text}</p></main></body></html>`;

describe('slugs in a corpus with subfolders', () => {
  it('loads every index.html of a documentation tree, the one nearest the root keeping "index"', async () => {
    const corpus = await load({
      'c-api/index.html': page('The C API reference.'),
      'c-api/intro.html': page('An introduction to the C API.'),
      'extending/intro.html': page('An introduction to extending.'),
      'index.html': page('The documentation home page.'),
      'library/index.html': page('The standard library.'),
      'library/functions.html': page('The built-in functions.'),
    });
    expect(corpus.problems).toEqual([]);
    expect(slugsByPath(corpus)).toEqual({
      'c-api/index.html': 'c-api-index',
      'c-api/intro.html': 'intro',
      'extending/intro.html': 'extending-intro',
      'index.html': 'index',
      'library/index.html': 'library-index',
      'library/functions.html': 'functions',
    });
    expect(corpus.byId.get('library-index#p1')?.text).toBe('The standard library.');
    expect(corpus.byId.get('index#p1')?.text).toBe('The documentation home page.');
  });

  it('keeps a top-level document its slug when a subfolder holds a file of the same name', async () => {
    const corpus = await load({
      'archive/going-ballistic.md': 'An older draft.\n',
      'going-ballistic.md': 'The published text.\n',
    });
    expect(slugsByPath(corpus)).toEqual({
      'archive/going-ballistic.md': 'archive-going-ballistic',
      'going-ballistic.md': 'going-ballistic',
    });
    expect(corpus.byId.get('going-ballistic#p1')?.text).toBe('The published text.');
  });

  it('tells apart two files that differ only in their extension', async () => {
    const corpus = await load({ 'notes.md': 'Markdown notes.\n', 'notes.txt': 'Plain notes.\n' });
    expect(slugsByPath(corpus)).toEqual({ 'notes.md': 'notes', 'notes.txt': 'notes-txt' });
  });
});

describe('non-Latin file names', () => {
  it('keep their own script, so each gets a distinct, readable slug', async () => {
    const corpus = await load({
      'Иран.md': 'Текст об Иране.\n',
      'Ирак.md': 'Текст об Ираке.\n',
      '日本.md': '日本についての文章。\n',
      'Ελλάδα.md': 'Κείμενο για την Ελλάδα.\n',
      'Café Crème.md': 'A text about coffee.\n',
    });
    expect(corpus.problems).toEqual([]);
    expect(Object.values(slugsByPath(corpus)).sort()).toEqual(
      ['cafe-creme', 'ελλάδα', 'ирак', 'иран', '日本'].sort(),
    );
    expect(corpus.byId.get('иран#p1')?.text).toBe('Текст об Иране.');
  });

  it('slugify folds Latin accents only and keeps the marks other scripts need', () => {
    expect(slugify('Going Ballistic')).toBe('going-ballistic');
    expect(slugify('Pezeshkián')).toBe('pezeshkian');
    expect(slugify('Łódź')).toBe('łodz');
    expect(slugify('Йемен')).toBe('йемен');
    expect(slugify('हिन्दी')).toBe('हिन्दी');
    expect(slugify('한국')).toBe('한국');
    expect(slugify('***')).toBe('document');
  });
});

describe('conflicting slugs', () => {
  it('never takes the slug from the document named after it; both load and the clash is reported', async () => {
    const corpus = await load({
      'aaa-first.md': '---\ntitle: First\nslug: going-ballistic\n---\nAn impostor paragraph.\n',
      'going-ballistic.md': 'The real paragraph.\n',
    });
    expect(slugsByPath(corpus)).toEqual({
      'aaa-first.md': 'aaa-first',
      'going-ballistic.md': 'going-ballistic',
    });
    expect(corpus.byId.get('going-ballistic#p1')?.text).toBe('The real paragraph.');
    expect(corpus.byId.get('aaa-first#p1')?.text).toBe('An impostor paragraph.');
    expect(corpus.problems).toEqual([
      {
        path: 'aaa-first.md',
        line: 3,
        reason:
          'slug "going-ballistic" is already the slug of going-ballistic.md; loaded as "aaa-first"',
      },
    ]);
  });

  it('loads both files that declare the same slug; the first in path order keeps it', async () => {
    const corpus = await load({
      'a-twin.md': '---\nslug: twin\n---\nFirst twin paragraph.\n',
      'b-twin.md': '---\nslug: twin\n---\nSecond twin paragraph.\n',
    });
    expect(slugsByPath(corpus)).toEqual({ 'a-twin.md': 'twin', 'b-twin.md': 'b-twin' });
    expect(corpus.byId.get('twin#p1')?.text).toBe('First twin paragraph.');
    expect(corpus.byId.get('b-twin#p1')).toMatchObject({
      text: 'Second twin paragraph.',
      docSlug: 'b-twin',
      n: 1,
    });
    expect(corpus.problems).toEqual([
      {
        path: 'b-twin.md',
        line: 2,
        reason: 'slug "twin" is already the slug of a-twin.md; loaded as "b-twin"',
      },
    ]);
  });
});

describe('assignSlugs', () => {
  const segment = fc.constantFrom(
    'a',
    'b',
    'index',
    'Index',
    'intro',
    'x y',
    'x-y',
    'Иран',
    '日本',
  );
  const claim = fc.record({
    path: fc
      .tuple(fc.array(segment, { maxLength: 2 }), segment, fc.constantFrom('.md', '.txt', '.html'))
      .map(([folders, name, ext]) => [...folders, `${name}${ext}`].join('/')),
    declared: fc.option(
      fc.record({ slug: fc.constantFrom('a', 'index', 'intro', 'x-y'), line: fc.nat(5) }),
      { nil: undefined },
    ),
  });
  const claims = fc.uniqueArray(claim, { selector: (c) => c.path, maxLength: 12 });

  it('gives every file a distinct slug, the same on every run', () => {
    fc.assert(
      fc.property(claims, (list: SlugClaim[]) => {
        const slugs = assignSlugs(list).map((r) => r.slug);
        expect(new Set(slugs).size).toBe(list.length);
        expect(assignSlugs(list).map((r) => r.slug)).toEqual(slugs);
        for (const s of slugs) expect(slugify(s)).toBe(s);
      }),
    );
  });

  it('keeps the name slug of a file whose name no other file shares, unless it declares one', () => {
    fc.assert(
      fc.property(claims, (list: SlugClaim[]) => {
        const results = assignSlugs(list);
        const base = (p: string) => slugify(p.replace(/^.*\//u, '').replace(/\.[^.]*$/u, ''));
        list.forEach((c, i) => {
          const mine = base(c.path);
          const alone =
            c.declared === undefined &&
            list.every((o, j) => j === i || (base(o.path) !== mine && o.declared?.slug !== mine));
          if (alone) expect(results[i]?.slug).toBe(mine);
        });
      }),
    );
  });

  it('reports a problem exactly when a declared slug could not be kept', () => {
    fc.assert(
      fc.property(claims, (list: SlugClaim[]) => {
        assignSlugs(list).forEach((r, i) => {
          const declared = list[i]?.declared;
          if (declared && r.slug !== declared.slug)
            expect(r.problem).toMatchObject({ path: list[i]?.path, line: declared.line });
          else expect(r.problem).toBeUndefined();
        });
      }),
    );
  });
});
