import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type LoadedCorpus,
  loadCorpus,
  MAX_DOCUMENT_BYTES,
  parseFile,
} from '../../src/corpus/load.ts';
import { formatProblem } from '../../src/corpus/types.ts';

const FURNITURE = ['Subscribe', 'Image by', '©'];
// Disclaimers and author roles are notes: indexed, cited as notes, numbered after the body.
const NOTES = [
  'does not take collective positions',
  'Director, Middle East',
  'views and opinions expressed',
];

describe('the seed corpus', () => {
  let corpus: LoadedCorpus;
  beforeAll(async () => {
    corpus = await loadCorpus('corpus');
  });

  const doc = (slug: string) => {
    const d = corpus.documents.find((x) => x.slug === slug);
    if (!d) throw new Error(`no document ${slug}`);
    return { ...d, paragraphs: d.paragraphs.filter((p) => p.kind !== 'note'), all: d.paragraphs };
  };

  it('loads both documents without problems', () => {
    expect(corpus.documents.map((d) => d.slug).sort()).toEqual([
      'going-ballistic',
      'iran-russia-alliance',
    ]);
    expect(corpus.problems).toEqual([]);
    expect(corpus.paragraphs.filter((p) => p.kind !== 'note').length).toBe(20);
  });

  it('keeps disclaimers and author roles as notes after the body, under their byline', () => {
    const notes = (slug: string) =>
      doc(slug)
        .all.filter((p) => p.kind === 'note')
        .map((p) => [p.id, p.section, p.text.slice(0, 40)]);
    expect(notes('going-ballistic')).toEqual([
      [
        'going-ballistic#p10',
        'The risk of wider escalation',
        'The European Council on Foreign Relation',
      ],
      ['going-ballistic#p11', 'Author', 'Director, Middle East and North Africa p'],
    ]);
    expect(notes('iran-russia-alliance')).toEqual([
      [
        'iran-russia-alliance#p12',
        'Unsuccessful Damage Control',
        'The views and opinions expressed in this',
      ],
    ]);
  });

  it('going-ballistic: a caption then 8 body paragraphs under 2 sections', () => {
    const d = doc('going-ballistic');
    expect(d.meta.title).toBe(
      'Going ballistic: How Europeans can respond to Iranian military support for Russia',
    );
    expect(d.meta.publisher).toBe('ECFR');
    expect(d.sections).toEqual(['How Europeans should respond', 'The risk of wider escalation']);
    expect(d.paragraphs).toHaveLength(9);
    expect(d.paragraphs[0]?.kind).toBe('caption');
    expect(d.paragraphs[0]?.id).toBe('going-ballistic#p1');
    expect(d.paragraphs[0]?.text).toMatch(/short-range ballistic missile \(SRBM\)/u);
    expect(d.paragraphs.slice(1).every((p) => p.kind === 'body')).toBe(true);
    expect(d.paragraphs.map((p) => p.section)).toEqual([
      null,
      null,
      null,
      null,
      null,
      'How Europeans should respond',
      'How Europeans should respond',
      'How Europeans should respond',
      'The risk of wider escalation',
    ]);
  });

  it('iran-russia-alliance: 11 body paragraphs under 3 sections', () => {
    const d = doc('iran-russia-alliance');
    expect(d.meta.publisher).toBe('Gulf International Forum');
    expect(d.sections).toEqual([
      'Iran Deepens its Alliance with Russia',
      'The West Responds to Iran',
      'Unsuccessful Damage Control',
    ]);
    expect(d.paragraphs).toHaveLength(11);
    expect(d.paragraphs.every((p) => p.kind === 'body')).toBe(true);
    expect(d.paragraphs[0]?.section).toBeNull();
    expect(new Set(d.paragraphs.map((p) => p.section))).toEqual(new Set([null, ...d.sections]));
  });

  it('drops page furniture: no paragraph holds a credit or call-out, no body a disclaimer or author role', () => {
    for (const p of corpus.paragraphs) {
      for (const f of FURNITURE) expect(p.text, `${p.id} holds "${f}"`).not.toContain(f);
      if (p.kind !== 'note')
        for (const f of NOTES) expect(p.text, `${p.id} holds "${f}"`).not.toContain(f);
    }
    // nor is a title line or a heading kept as a paragraph
    for (const d of corpus.documents) {
      for (const p of d.paragraphs) {
        expect(p.text).not.toBe(d.meta.title);
        expect(d.sections).not.toContain(p.text);
      }
    }
  });

  it('numbers ids <slug>#p<n> consecutively from 1, the same on every load', async () => {
    for (const d of corpus.documents) {
      d.paragraphs.forEach((p, i) => {
        expect(p.n).toBe(i + 1);
        expect(p.id).toBe(`${d.slug}#p${i + 1}`);
        expect(p.docSlug).toBe(d.slug);
        expect(corpus.byId.get(p.id)).toBe(p);
      });
    }
    const again = await loadCorpus('corpus');
    expect(again.paragraphs.map((p) => [p.id, p.text])).toEqual(
      corpus.paragraphs.map((p) => [p.id, p.text]),
    );
    expect(again.fingerprint).toBe(corpus.fingerprint);
  });

  it('gives each paragraph the source line it starts on', async () => {
    for (const d of corpus.documents) {
      const lines = (await readFile(join('corpus', d.path), 'utf8')).split('\n');
      for (const p of d.paragraphs) {
        const source = lines[p.line - 1] ?? '';
        expect(source.trim().startsWith(p.text.slice(0, 40)), `${p.id} at line ${p.line}`).toBe(
          true,
        );
      }
    }
    expect(corpus.byId.get('going-ballistic#p1')?.line).toBe(7);
    expect(corpus.byId.get('going-ballistic#p2')?.line).toBe(11);
    expect(corpus.byId.get('going-ballistic#p9')?.line).toBe(29);
    expect(corpus.byId.get('iran-russia-alliance#p1')?.line).toBe(5);
    expect(corpus.byId.get('iran-russia-alliance#p11')?.line).toBe(18);
  });

  it("splits sentences whose offsets slice the paragraph's text exactly", () => {
    for (const p of corpus.paragraphs) {
      expect(p.sentences.length).toBeGreaterThan(0);
      let previousEnd = 0;
      for (const s of p.sentences) {
        expect(p.text.slice(s.start, s.end)).toBe(s.text);
        expect(s.start).toBeGreaterThanOrEqual(previousEnd);
        previousEnd = s.end;
      }
    }
  });
});

describe('corpus problems', () => {
  let dir: string;
  let corpus: LoadedCorpus;
  const files: Record<string, string | Buffer> = {
    'good.md': '---\ntitle: Good doc\n---\n# Good doc\n\nThe missiles arrived in September 2024.\n',
    'bad-yaml.md': '---\ntitle: A\ntitle: B\n---\nBody text here.\n',
    'unknown-key.md': '---\ntitle: T\nsidebar: false\n---\nBody text here.\n',
    'unclosed.md': '---\ntitle: T\nBody text here.\n',
    'empty.txt': '  \n\n',
    'binary.txt': Buffer.from('line one\nline two\x00\x01\n'),
    'latin1.txt': Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x0a]),
    'a-twin.md': '---\nslug: twin\n---\nFirst twin paragraph.\n',
    'b-twin.md': '---\nslug: twin\n---\nSecond twin paragraph.\n',
    'notes.json': '{"not": "a document"}',
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'dossier-corpus-'));
    for (const [name, content] of Object.entries(files)) await writeFile(join(dir, name), content);
    corpus = await loadCorpus(dir);
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reports every broken file as path:line: reason, in path order', () => {
    expect(corpus.problems).toEqual([
      {
        path: 'b-twin.md',
        line: 2,
        reason: 'slug "twin" is already the slug of a-twin.md; loaded as "b-twin"',
      },
      {
        path: 'bad-yaml.md',
        line: 3,
        reason: 'bad YAML in front matter: DUPLICATE_KEY (map keys must be unique)',
      },
      { path: 'binary.txt', line: 2, reason: 'binary file (contains a NUL byte); not loaded' },
      { path: 'empty.txt', line: 1, reason: 'empty document; not loaded' },
      { path: 'latin1.txt', line: 1, reason: 'not UTF-8 text; save it as UTF-8; not loaded' },
      { path: 'unclosed.md', line: 1, reason: 'front matter opened with --- but never closed' },
    ]);
    expect(corpus.problems.map(formatProblem)).toContain('empty.txt:1: empty document; not loaded');
  });

  it('loads a page whose front matter has keys of its own, with a note naming them', () => {
    const page = corpus.documents.find((d) => d.slug === 'unknown-key');
    expect(page?.paragraphs.map((p) => p.text)).toEqual(['Body text here.']);
    expect(page?.notes).toEqual([
      {
        line: 3,
        reason: expect.stringMatching(/^front matter key sidebar ignored \(read: title, /u),
      },
    ]);
  });

  it('still loads the good documents (and ignores non-document files)', () => {
    expect(corpus.documents.map((d) => d.slug)).toEqual(['twin', 'b-twin', 'good', 'unknown-key']);
    expect(corpus.byId.get('twin#p1')?.text).toBe('First twin paragraph.');
    expect(corpus.byId.get('good#p1')).toMatchObject({
      text: 'The missiles arrived in September 2024.',
      line: 6,
      kind: 'body',
    });
  });

  it('changes the fingerprint when a file changes', async () => {
    await writeFile(join(dir, 'good.md'), `${files['good.md'] as string}\nOne more line.\n`);
    try {
      expect((await loadCorpus(dir)).fingerprint).not.toBe(corpus.fingerprint);
    } finally {
      await writeFile(join(dir, 'good.md'), files['good.md'] as string);
    }
  });
});

describe('parseFile', () => {
  const problem = (path: string, bytes: Buffer) => {
    const r = parseFile(path, bytes);
    if (!('problem' in r)) throw new Error('expected a problem');
    return r.problem;
  };

  it('refuses a file over MAX_DOCUMENT_BYTES', () => {
    expect(problem('big.txt', Buffer.alloc(MAX_DOCUMENT_BYTES + 1, 97))).toEqual({
      path: 'big.txt',
      line: 0,
      reason: 'file is 8.0 MB, over the 8 MB limit; not loaded',
    });
  });

  it('reports front matter that is not a mapping, bad values, and no paragraphs', () => {
    expect(problem('l.md', Buffer.from('---\n- a\n- b\n---\nBody.\n'))).toEqual({
      path: 'l.md',
      line: 2,
      reason: 'front matter must be a YAML mapping of key: value lines',
    });
    expect(
      problem('d.md', Buffer.from('---\ntitle: T\npublished: last week\n---\nBody.\n')),
    ).toEqual({
      path: 'd.md',
      line: 3,
      reason: 'published: published must be a date like 2024-09-10, 2024-09 or 2024',
    });
    expect(problem('c.md', Buffer.from('---\ntitle: T\n---\n<!-- nothing -->\n'))).toEqual({
      path: 'c.md',
      line: 4,
      reason: 'no paragraphs found; not loaded',
    });
    // a page of code alone is not dropped: its code goes with its title
    const code = parseFile('code.md', Buffer.from('---\ntitle: T\n---\n```\ncode only\n```\n'));
    expect('document' in code && code.document.paragraphs).toMatchObject([
      { text: 'T', code: [{ text: 'code only', lang: null, at: 1 }] },
    ]);
  });

  it('strips a byte-order mark and reads CRLF text', () => {
    const r = parseFile(
      'bom.txt',
      Buffer.from('\uFEFF---\r\ntitle: T\r\n---\r\nA paragraph of text.\r\n'),
    );
    expect('document' in r && r.document.paragraphs.map((p) => [p.text, p.line])).toEqual([
      ['A paragraph of text.', 4],
    ]);
  });

  it('takes the slug from front matter, else from the file name', () => {
    const named = parseFile('Going Ballistic.txt', Buffer.from('Some text here.\n'));
    expect('document' in named && named.document.slug).toBe('going-ballistic');
    const own = parseFile('x.md', Buffer.from('---\nslug: my-doc\n---\nSome text.\n'));
    expect('document' in own && own.document.paragraphs[0]?.id).toBe('my-doc#p1');
  });
});
