import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FrontMatterError, parseFrontMatter } from '../../src/corpus/frontmatter.ts';

function failure(source: string): { line: number; message: string } {
  try {
    parseFrontMatter(source);
  } catch (error) {
    if (error instanceof FrontMatterError) return { line: error.line, message: error.message };
    throw error;
  }
  throw new Error('expected a FrontMatterError');
}

describe('parseFrontMatter', () => {
  it('returns the body untouched when there is no front matter', () => {
    expect(parseFrontMatter('Just text.\n---\nmore')).toEqual({
      meta: {},
      slugLine: 0,
      body: 'Just text.\n---\nmore',
      bodyLineOffset: 0,
    });
  });

  it('parses every allowed key', () => {
    const fm = parseFrontMatter(
      [
        '---',
        'title: "A: title"',
        'publisher: ECFR',
        'url: https://example.org/a',
        'published: 2024-09-10',
        'authors: Jane Doe',
        'language: en',
        'slug: a-title',
        '---',
        'Body',
      ].join('\n'),
    );
    expect(fm).toEqual({
      meta: {
        title: 'A: title',
        publisher: 'ECFR',
        url: 'https://example.org/a',
        published: '2024-09-10',
        authors: ['Jane Doe'],
        language: 'en',
      },
      slug: 'a-title',
      slugLine: 8,
      body: 'Body',
      bodyLineOffset: 9,
    });
  });

  it('accepts a year or year-month as published, and a list of authors', () => {
    expect(parseFrontMatter('---\npublished: 2024\n---\nx').meta.published).toBe('2024');
    expect(parseFrontMatter('---\npublished: 2024-09\n---\nx').meta.published).toBe('2024-09');
    expect(parseFrontMatter('---\nauthors: [A, B]\n---\nx').meta.authors).toEqual(['A', 'B']);
  });

  it('accepts "..." as the closing line, an empty block and CRLF line ends', () => {
    expect(parseFrontMatter('---\ntitle: A\n...\nBody').meta.title).toBe('A');
    expect(parseFrontMatter('---\n---\nBody')).toEqual({
      meta: {},
      slug: undefined,
      slugLine: 0,
      body: 'Body',
      bodyLineOffset: 2,
    });
    expect(parseFrontMatter('---\r\ntitle: A\r\n---\r\nBody').meta.title).toBe('A');
  });

  it('reports bad YAML at the line of the problem', () => {
    expect(failure('---\ntitle: A\ntitle: B\n---\nx')).toEqual({
      line: 3,
      message: 'bad YAML in front matter: DUPLICATE_KEY (map keys must be unique)',
    });
    expect(failure('---\ntitle: A\npublisher: "unterminated\n---\nx')).toEqual({
      line: 3,
      message: 'bad YAML in front matter: MISSING_CHAR (missing closing "quote)',
    });
    expect(failure('---\ntitle: A\npublisher: ECFR\n\tbad: tab\n---\nx')).toEqual({
      line: 4,
      message: 'bad YAML in front matter: TAB_AS_INDENT (tabs are not allowed as indentation)',
    });
  });

  it('reports a quote or a bracket left open at the line that opens it, not where YAML gives up', () => {
    const at = (source: string) => failure(source).line;
    expect(at('---\ntitle: "unclosed\nauthor: x\n---\nBody.')).toBe(2);
    expect(at("---\ntitle: 'unclosed\npublisher: P\nlanguage: en\n---\nBody.")).toBe(2);
    expect(at('---\ntitle: T\nauthors: [A, B\npublisher: P\n---\nBody.')).toBe(3);
    expect(at('---\ntitle: T\nauthors: ["A", "B\npublisher: P\n---\nBody.')).toBe(3);
    expect(at('---\ntitle: {a: b\npublisher: P\n---\nBody.')).toBe(2);
  });

  it('property: a quote opened on line n is reported at line n', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 6 }),
        fc.integer({ min: 0, max: 6 }),
        fc.constantFrom('"', "'"),
        (before, after, quote) => {
          const keys = ['title', 'publisher', 'url', 'published', 'authors', 'language', 'slug'];
          const lines = keys.slice(0, before).map((k) => `${k}: value`);
          lines.push(`note: ${quote}never closed`);
          for (let i = 0; i < after; i++) lines.push(`  continued ${i}`);
          const source = `---\n${lines.join('\n')}\n---\nBody.`;
          expect(failure(source).line).toBe(before + 2);
        },
      ),
    );
  });

  it('ignores keys it does not read, naming them in a note at the first one', () => {
    const fm = parseFrontMatter('---\ntitle: T\npublisher: P\nsidebar: false\nhead: []\n---\nx');
    expect(fm.meta).toEqual({ title: 'T', publisher: 'P' });
    expect(fm.notes).toEqual([
      {
        line: 4,
        reason:
          'front matter keys sidebar, head ignored (read: title, description, publisher, url, published, date, authors, author, language, lang, slug, permalink, tags)',
      },
    ]);
  });

  it('names the key of a bad value, at its line', () => {
    expect(failure('---\ntitle: A\nurl: not a url\n---\nx')).toEqual({
      line: 3,
      message: 'url: Invalid URL',
    });
    expect(failure('---\ntitle: A\nslug: Not A Slug\n---\nx')).toEqual({
      line: 3,
      message: 'slug: slug must be lowercase words joined by hyphens',
    });
    // any script, in the form file names take
    expect(parseFrontMatter('---\nslug: иран-2024\n---\nx').slug).toBe('иран-2024');
    expect(failure('---\nslug: -x\n---\nx').message).toBe(
      'slug: slug must be lowercase words joined by hyphens',
    );
  });

  it('reports a block that is never closed, or not a mapping', () => {
    expect(failure('---\ntitle: T\nBody text.\n')).toEqual({
      line: 1,
      message: 'front matter opened with --- but never closed',
    });
    expect(failure('---\n- a\n---\nx')).toEqual({
      line: 2,
      message: 'front matter must be a YAML mapping of key: value lines',
    });
  });
});
