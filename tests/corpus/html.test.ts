import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseHtmlDocument, splitSentencesFast } from '../../src/corpus/html.ts';
import type { Document } from '../../src/corpus/types.ts';

const FIXTURE = new URL('./fixtures/html/sphinx-page.html', import.meta.url);
const sphinx = readFileSync(FIXTURE, 'utf8');

function parse(html: string, slug = 'doc'): Document {
  return parseHtmlDocument(html, { slug, path: `${slug}.html` });
}

/** The 1-based line of the first occurrence of `needle` in the fixture, to check `line` against. */
function lineOf(source: string, needle: string): number {
  const at = source.indexOf(needle);
  if (at < 0) throw new Error(`fixture lacks ${needle}`);
  return source.slice(0, at).split('\n').length;
}

describe('parseHtmlDocument on a Sphinx page', () => {
  const doc = parse(sphinx, 'widgets');
  const texts = doc.paragraphs.map((p) => p.text);

  it('takes the title from <title> without the generic documentation suffix', () => {
    expect(doc.meta.title).toBe('Widgets & Gadgets');
    expect(doc.meta.language).toBe('en');
    expect(doc.slug).toBe('widgets');
    expect(doc.path).toBe('widgets.html');
  });

  it('lists headings as sections, without the ¶ permalink', () => {
    expect(doc.sections).toEqual(['Widgets & Gadgets', 'Reference']);
  });

  it('extracts exactly the prose paragraphs, in order', () => {
    expect(texts).toEqual([
      'A widget is a small device that does one thing well.',
      'Call widget.spin() to make it turn <fast>.',
      'spin(speed)',
      'Spin the widget at the given speed.',
      'Raises an error when the speed is negative.',
      'Widgets never need oiling.',
      'Gadgets need oiling once a year.',
      'A widget seen from above.',
    ]);
  });

  it('numbers paragraphs slug#p1..n', () => {
    expect(doc.paragraphs.map((p) => p.id)).toEqual(texts.map((_, i) => `widgets#p${i + 1}`));
    expect(doc.paragraphs.map((p) => p.n)).toEqual(texts.map((_, i) => i + 1));
    expect(doc.paragraphs.every((p) => p.docSlug === 'widgets')).toBe(true);
  });

  it('skips navigation, sidebars, footers, scripts, styles and code blocks', () => {
    const all = texts.join('\n');
    for (const gone of ['Navigation', 'Index of all', 'Menu text', 'Sidebar', 'footer', 'script']) {
      expect(all).not.toContain(gone);
    }
    expect(all).not.toContain('color: red');
    expect(all).not.toContain('code is not prose');
    expect(all).not.toContain('plain pre block');
    expect(all).not.toContain('¶');
  });

  it('records the section each paragraph sits under', () => {
    expect(doc.paragraphs.map((p) => p.section)).toEqual([
      'Widgets & Gadgets',
      'Widgets & Gadgets',
      'Reference',
      'Reference',
      'Reference',
      'Reference',
      'Reference',
      'Reference',
    ]);
  });

  it('gives the source line of each paragraph element', () => {
    const lines = doc.paragraphs.map((p) => p.line);
    expect(lines).toEqual([
      lineOf(sphinx, '<p>A widget'),
      lineOf(sphinx, '<p>Call'),
      lineOf(sphinx, '<dt class'),
      lineOf(sphinx, '<dd><p>Spin') + 0,
      lineOf(sphinx, '<p>Raises'),
      lineOf(sphinx, '<li><p>Widgets'),
      lineOf(sphinx, '<li>Gadgets'),
      lineOf(sphinx, '<figcaption>'),
    ]);
    expect(lines[0]).toBe(18);
  });

  it('marks figcaption paragraphs as captions', () => {
    expect(doc.paragraphs.map((p) => p.kind)).toEqual([
      'body',
      'body',
      'body',
      'body',
      'body',
      'body',
      'body',
      'caption',
    ]);
  });

  it('splits sentences with offsets into the paragraph text', () => {
    const p = parse('<p>It rained all day. Then it stopped at noon.</p>').paragraphs[0];
    expect(p?.sentences.map((s) => s.text)).toEqual([
      'It rained all day.',
      'Then it stopped at noon.',
    ]);
    for (const s of p?.sentences ?? []) expect(p?.text.slice(s.start, s.end)).toBe(s.text);
  });
});

describe('parseHtmlDocument extraction rules', () => {
  it('falls back to the first h1 for the title, then to the slug', () => {
    expect(parse('<h2>Minor</h2><h1>Main heading</h1><p>Some text goes here.</p>').meta.title).toBe(
      'Main heading',
    );
    expect(parse('<p>No headings in this one.</p>', 'bare').meta.title).toBe('bare');
  });

  it('keeps a title that merely contains a dash', () => {
    expect(parse('<title>Rock — and roll</title>').meta.title).toBe('Rock — and roll');
  });

  it('splits list items around nested lists and keeps the text on either side', () => {
    const doc = parse(
      '<ul><li>First the outer item text<ul><li>then the inner item text</li></ul>and the outer tail text</li></ul>',
    );
    expect(doc.paragraphs.map((p) => p.text)).toEqual([
      'First the outer item text',
      'then the inner item text',
      'and the outer tail text',
    ]);
  });

  it('makes a table row one paragraph, cells separated by |', () => {
    const doc = parse(
      '<table><tr><th>Option</th><th>Meaning</th></tr>' +
        "<tr><td><p>'&lt;'</p></td><td><p>Forces the field to be left-aligned.</p></td></tr></table>",
    );
    expect(doc.paragraphs.map((p) => p.text)).toEqual([
      "'<' | Forces the field to be left-aligned.",
    ]);
  });

  it('drops fragments under three words but keeps two-word sentences', () => {
    const doc = parse('<p>Note</p><p>See also</p><p>It works.</p><p>Three plain words</p>');
    expect(doc.paragraphs.map((p) => p.text)).toEqual(['It works.', 'Three plain words']);
  });

  it('keeps loose text that sits outside any paragraph element', () => {
    const doc = parse(
      '<div>Loose text directly inside a div.<div>And more text in a nested div.</div></div>',
    );
    expect(doc.paragraphs.map((p) => p.text)).toEqual([
      'Loose text directly inside a div.',
      'And more text in a nested div.',
    ]);
  });

  it('decodes entities and collapses whitespace, including no-break spaces', () => {
    const doc = parse('<p>Caf&eacute;&nbsp;&nbsp;au\n\tlait &mdash; &#x263A; &quot;ok&quot;</p>');
    expect(doc.paragraphs[0]?.text).toBe('Café au lait — ☺ "ok"');
  });

  it('treats <br> as a space and inline tags as no space', () => {
    const doc = parse('<p>one<br>two <em>thr</em>ee four</p>');
    expect(doc.paragraphs[0]?.text).toBe('one two three four');
  });

  it('survives malformed HTML: unclosed tags, stray closers, unterminated markup', () => {
    const html =
      '</div><p>First paragraph is never closed<li>An item that is left open</div></span><p>Last one <b>bold';
    const doc = parse(html);
    expect(doc.paragraphs.map((p) => p.text)).toEqual([
      'First paragraph is never closed',
      'An item that is left open',
      'Last one bold',
    ]);
    expect(() => parse('<p <<>> </ <!-- never closed')).not.toThrow();
    expect(() => parse('<script>unterminated')).not.toThrow();
  });
});

describe('splitSentencesFast', () => {
  it('keeps dotted names whole and maps offsets back', () => {
    const text = '  Call gc.enable() now.  Next one. ';
    const out = splitSentencesFast(text);
    expect(out.map((s) => s.text)).toEqual(['Call gc.enable() now.', 'Next one.']);
    for (const s of out) expect(text.slice(s.start, s.end)).toBe(s.text);
  });

  it('is used when sentences: fast is asked for', () => {
    const doc = parseHtmlDocument('<p>Enable it with gc.enable() here. Done now.</p>', {
      slug: 'd',
      path: 'd.html',
      sentences: 'fast',
    });
    expect(doc.paragraphs[0]?.sentences.map((s) => s.text)).toEqual([
      'Enable it with gc.enable() here.',
      'Done now.',
    ]);
  });
});

describe('parseHtmlDocument properties', () => {
  const tags = ['p', 'div', 'li', 'ul', 'dd', 'dt', 'h2', 'pre', 'tr', 'td', 'figcaption', 'nav'];
  const fragment = fc.oneof(
    fc.string(),
    fc.constantFrom(
      ...tags.flatMap((t) => [`<${t}>`, `</${t}>`]),
      '&amp;',
      '&#',
      '<!--',
      '\n',
      ' ',
    ),
    fc.lorem({ maxCount: 6 }),
  );
  const htmlish = fc.array(fragment, { maxLength: 40 }).map((parts) => parts.join(''));

  for (const mode of ['nlp', 'fast'] as const) {
    it(`never throws and keeps sentences inside their paragraph (${mode})`, () => {
      fc.assert(
        fc.property(fc.oneof(fc.string(), htmlish), (html) => {
          const lines = html.split('\n').length;
          const doc = parseHtmlDocument(html, { slug: 's', path: 's.html', sentences: mode });
          doc.paragraphs.forEach((p, i) => {
            expect(p.id).toBe(`s#p${i + 1}`);
            expect(p.text).toBe(p.text.trim());
            expect(p.text).not.toMatch(/\s{2}/);
            expect(p.line).toBeGreaterThanOrEqual(1);
            expect(p.line).toBeLessThanOrEqual(lines);
            let prevEnd = 0;
            for (const s of p.sentences) {
              expect(s.start).toBeGreaterThanOrEqual(prevEnd);
              expect(s.end).toBeLessThanOrEqual(p.text.length);
              expect(p.text.slice(s.start, s.end)).toBe(s.text);
              prevEnd = s.end;
            }
          });
        }),
        { numRuns: mode === 'nlp' ? 200 : 500 },
      );
    });
  }
});
