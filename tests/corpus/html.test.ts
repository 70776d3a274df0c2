import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseHtmlDocument } from '../../src/corpus/html.ts';
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

const fixture = (name: string) =>
  readFileSync(new URL(`./fixtures/html/${name}`, import.meta.url), 'utf8');

describe('documentation pages: the content without the site around it', () => {
  it('VitePress: <main> only, headings with their anchors, code with its language', () => {
    const doc = parse(fixture('vitepress-page.html'), 'server-options');
    expect(doc.meta.title).toBe('Server Options');
    expect(doc.meta.url).toBe('https://vite.dev/config/server-options');
    expect(doc.meta.language).toBe('en-US');
    expect(doc.sections).toEqual(['Server Options', 'server.host']);
    expect(doc.paragraphs.map((p) => [p.text, p.section, p.anchor])).toEqual([
      [
        'Unless noted, the options in this section are only applied to dev.',
        'Server Options',
        'server-options',
      ],
      ['Type: string | boolean', 'server.host', 'server-host'],
      ["Default: 'localhost'", 'server.host', 'server-host'],
      [
        'Specify which IP addresses the server should listen on. Set this to 0.0.0.0 or true to listen on all addresses.',
        'server.host',
        'server-host',
      ],
      [
        'There may be cases when other servers respond instead of Vite.',
        'server.host',
        'server-host',
      ],
    ]);
    // "For example:" is too short to answer from: its code goes on the paragraph before it
    expect(doc.paragraphs[3]?.code).toEqual([
      {
        lang: 'js',
        title: null,
        text: 'export default defineConfig({\n  server: { host: true },\n})',
        at: doc.paragraphs[3]?.text.length,
        line: expect.any(Number),
      },
    ]);
    const all = doc.paragraphs.map((p) => p.text).join('\n');
    for (const chrome of [
      'Skip to content',
      'Shared Options for every',
      'On this page',
      'Suggest changes',
      'Previous page',
      'MIT License',
      'dev only',
      'Return to top',
    ]) {
      expect(all).not.toContain(chrome);
    }
  });

  it('Docusaurus: the article inside <main>, without breadcrumbs, table of contents, edit link or cookie banner', () => {
    const doc = parse(fixture('docusaurus-page.html'), 'installation');
    expect(doc.meta.title).toBe('Installation');
    expect(doc.meta.url).toBe('https://docusaurus.io/docs/installation');
    expect(doc.paragraphs.map((p) => p.text)).toEqual([
      'Docusaurus is essentially a set of npm packages that you install with one command.',
      'You need Node.js version 18.0 or above, which can be checked by running the command below.',
      'Use the latest LTS release of Node.js for the smoothest setup.',
    ]);
    expect(doc.paragraphs.map((p) => p.anchor)).toEqual([
      undefined,
      'requirements',
      'requirements',
    ]);
    expect(doc.paragraphs[1]?.code).toEqual([
      expect.objectContaining({ lang: 'bash', title: 'terminal', text: 'node -v\nnpm -v' }),
    ]);
  });

  it('MkDocs Material: the article, code without its line anchors, the file name as its title', () => {
    const doc = parse(fixture('mkdocs-page.html'), 'setup');
    expect(doc.meta.title).toBe('Setup');
    expect(doc.meta.url).toBe('https://squidfunk.github.io/mkdocs-material/setup/');
    expect(doc.paragraphs.map((p) => p.text)).toEqual([
      'Material for MkDocs offers many customization options which are explained in this section.',
      'The primary color is set in the theme section of the configuration file.',
      'The accent color is used for links and interactive elements.',
    ]);
    expect(doc.paragraphs[1]?.code).toEqual([
      expect.objectContaining({
        lang: 'yaml',
        title: 'mkdocs.yml',
        text: 'theme:\n  palette:\n    primary: indigo',
      }),
    ]);
    expect(doc.paragraphs.map((p) => p.anchor)).toEqual(['setup', 'colors', 'colors']);
  });

  it('a page without <main> or <article>: the densest block, with its heading', () => {
    const doc = parse(fixture('plain-page.html'), 'gears');
    expect(doc.meta.title).toBe('Gear ratios');
    expect(doc.meta.url).toBeUndefined();
    expect(doc.paragraphs.map((p) => [p.text, p.anchor])).toEqual([
      ['A gear ratio compares the number of teeth on two meshing gears.', undefined],
      [
        'When the driving gear has fewer teeth than the driven one, the output turns more slowly but with more torque.',
        undefined,
      ],
      [
        'A bicycle in its lowest gear uses a small chainring and a large sprocket at the back.',
        'examples',
      ],
    ]);
    expect(doc.paragraphs[2]?.code?.[0]).toMatchObject({
      lang: null,
      text: 'ratio = teeth_driven / teeth_driving',
    });
  });

  it('Sphinx: code blocks kept with their language, anchors from the permalinks', () => {
    const doc = parse(sphinx, 'widgets');
    expect(doc.paragraphs[1]?.code?.map((c) => [c.lang, c.text])).toEqual([
      ['python3', 'widget.spin()  # code is not prose at all'],
      [null, 'plain pre block with several words inside it'],
    ]);
    expect(doc.paragraphs.map((p) => p.anchor)).toEqual([
      'widgets',
      'widgets',
      'reference',
      'reference',
      'reference',
      'reference',
      'reference',
      'reference',
    ]);
  });

  it('drops chrome inside the content too, by class, id, role, label and words', () => {
    const doc = parse(
      `<main>
        <div class="cookie-banner"><p>We use cookies on this site to improve it.</p></div>
        <div aria-label="breadcrumb"><a href="/">Home</a> / <span>Guide for the widgets</span></div>
        <div id="toc"><p>Contents of this page in a list.</p></div>
        <div class="VPDoc has-sidebar"><h2 id="use">Use <a class="hash-link" href="#use">#</a></h2>
          <p>Widgets turn when the crank is wound.</p>
          <p>Edit this page on GitHub</p>
          <p>Last updated: March 3, 2025</p>
          <div role="complementary"><p>Related reading about other widgets.</p></div>
          <aside class="note"><p>A note set aside that still belongs to the text.</p></aside>
        </div>
      </main>`,
    );
    expect(doc.paragraphs.map((p) => [p.text, p.anchor])).toEqual([
      ['Widgets turn when the crank is wound.', 'use'],
      ['A note set aside that still belongs to the text.', 'use'],
    ]);
    expect(doc.sections).toEqual(['Use']);
  });

  it('the address: canonical (resolved against the saved address), else the saved one, else og:url', () => {
    const page = (head: string) =>
      parse(
        `<html><head>${head}</head><body><main><p>Some words to keep here.</p></main></body></html>`,
      );
    expect(
      page(
        '<meta name="dossier:source" content="https://x.org/docs/a"><link rel="canonical" href="/docs/b">',
      ).meta.url,
    ).toBe('https://x.org/docs/b');
    expect(page('<meta name="dossier:source" content="https://x.org/docs/a">').meta.url).toBe(
      'https://x.org/docs/a',
    );
    expect(page('<meta property="og:url" content="https://x.org/c">').meta.url).toBe(
      'https://x.org/c',
    );
    expect(page('<link rel="canonical" href="/relative/only">').meta.url).toBeUndefined();
    expect(page('<link rel="canonical" href="javascript:alert(1)">').meta.url).toBeUndefined();
  });
});

describe('HTML content properties', () => {
  const words = fc
    .array(fc.constantFrom('gear', 'lever', 'spring', 'axle', 'wheel', 'belt', 'chain', 'pulley'), {
      minLength: 3,
      maxLength: 12,
    })
    .map((w) => `${w.join(' ')}.`);
  const codeLine = fc.constantFrom(
    'x = 1',
    'if (a) {',
    '  b();',
    '}',
    'print("hi")',
    '  return a < b',
  );
  const block = fc.oneof(
    words.map((text) => ({ kind: 'p' as const, text })),
    fc.array(codeLine, { minLength: 1, maxLength: 5 }).map((lines) => ({
      kind: 'code' as const,
      text: lines.join('\n'),
    })),
  );
  const esc = (s: string) => s.replace(/&/gu, '&amp;').replace(/</gu, '&lt;');

  it('keeps every paragraph and code block of the main content, in order, and nothing of the chrome', () => {
    fc.assert(
      fc.property(fc.array(block, { minLength: 1, maxLength: 12 }), (blocks) => {
        const body = blocks
          .map((b) =>
            b.kind === 'p'
              ? `<p>${esc(b.text)}</p>`
              : `<pre><code class="language-js">${esc(b.text)}</code></pre>`,
          )
          .join('\n');
        const html = `<html><body><nav><p>Navigation menu words here.</p></nav><div class="sidebar"><p>Sidebar words to be dropped.</p></div><main><h1 id="t">Title</h1>${body}</main><footer><p>Footer words to be dropped.</p></footer></body></html>`;
        const doc = parse(html);
        expect(doc.paragraphs.map((p) => p.text)).toEqual(
          blocks.filter((b) => b.kind === 'p').map((b) => b.text),
        );
        const codes = doc.paragraphs.flatMap((p) => (p.code ?? []).map((c) => c.text));
        const expected = blocks.filter((b) => b.kind === 'code').map((b) => b.text);
        // code before the first paragraph waits for it; code is never lost
        expect(codes).toEqual(doc.paragraphs.length > 0 ? expected : []);
        for (const p of doc.paragraphs) {
          for (const c of p.code ?? []) expect(c.at === 0 || c.at === p.text.length).toBe(true);
        }
      }),
      { numRuns: 200 },
    );
  });
});
