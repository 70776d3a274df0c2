/**
 * Documentation pages as each site generator writes them (fixtures/docs/): front matter of
 * VitePress, Docusaurus, MkDocs and Hugo, admonitions of every dialect, MDX and Vue components,
 * include directives, code in lists; and the property that no prose or code is lost between the
 * Markdown and the passages.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseFile } from '../../src/corpus/load.ts';
import { CODE_MAX, PASSAGE_MAX } from '../../src/corpus/passage-bounds.ts';
import type { Document } from '../../src/corpus/types.ts';

const FIXTURES = join(import.meta.dirname, 'fixtures', 'docs');

function load(name: string, text = readFileSync(join(FIXTURES, name))): Document {
  const r = parseFile(name, Buffer.from(text));
  if (!('document' in r)) throw new Error(`problem: ${JSON.stringify(r.problem)}`);
  return r.document;
}

const kinds = (d: Document) => d.paragraphs.flatMap((p) => (p.callouts ?? []).map((c) => c.kind));
const texts = (d: Document) => d.paragraphs.map((p) => p.text).join('\n');

describe('VitePress', () => {
  const d = load('vitepress.md');

  it('reads generator front matter, noting the keys it ignores', () => {
    expect(d.meta.title).toBe('Env Variables');
    expect(d.notes?.[0]).toEqual({
      line: 3,
      reason: expect.stringMatching(/^front matter keys outline, head ignored/u),
    });
  });

  it('drops <script setup>, keeps a component’s text, strips a badge from a heading', () => {
    expect(texts(d)).not.toMatch(/import Badge|<|NonInheritBadge/u);
    expect(texts(d)).toContain('The entry point. since 5.1');
    expect(d.sections).toContain('input');
  });

  it('makes headings sections with paths and anchors, {#id} honoured', () => {
    expect(d.paragraphs.map((p) => [p.section, p.anchor ?? null])).toEqual([
      ['Env Variables and Modes', null],
      ['Env Variables and Modes › .env Files', 'env-files'],
      ['Env Variables and Modes › input', 'input'],
    ]);
  });

  it('makes ::: tip, ::: warning and ::: details callouts, ::: code-group code alone', () => {
    expect(kinds(d)).toEqual(['tip', 'warning', 'details']);
    expect(texts(d)).toContain('💡 Env Loading Priorities\nA mode file wins over a generic one.');
    expect(texts(d)).not.toContain(':::');
    const code = d.paragraphs[1]?.code?.map((c) => [c.lang, c.title, c.text]);
    expect(code).toEqual([
      ['bash', '.env', 'VITE_KEY=123'],
      ['bash', 'npm', 'npm create vite'],
      ['bash', 'pnpm', 'pnpm create vite'],
    ]);
  });

  it('keeps link targets beside their words', () => {
    const p = d.paragraphs[0];
    const link = p?.links?.[0];
    expect(link && p?.text.slice(link.start, link.end)).toBe('config');
    expect(link?.href).toBe('/config/#envdir');
  });

  it('skips the <<< include and notes it', () => {
    expect(d.notes?.[1]).toEqual({
      line: 54,
      reason:
        'include directive skipped (<<< ./snippets/example.ts); the file it names is not loaded',
    });
  });
});

describe('Docusaurus (MDX)', () => {
  const d = load('docusaurus.mdx');

  it('reads authors as objects, tags as labels, a date-time and a slug path', () => {
    expect(d.meta).toMatchObject({
      title: 'Introduction',
      published: '2024-03-05',
      authors: ['Jane Doe'],
      tags: ['getting-started', 'Setup'],
      permalink: '/docs/intro',
    });
    expect(d.slug).toBe('docusaurus');
  });

  it('drops MDX imports and comments, reads :::note[Title] and JSX text', () => {
    expect(texts(d)).not.toMatch(/import|@theme|MDX comment|\{/u);
    expect(kinds(d)).toEqual(['note', 'danger']);
    expect(texts(d)).toContain('ℹ️ Before you start\nYou need Node.js 18 or later.');
    expect(texts(d)).toContain('Install it with npm.');
  });
});

describe('MkDocs', () => {
  const d = load('mkdocs.md');

  it('reads !!! and ??? admonitions with their indented body, and /// blocks', () => {
    expect(kinds(d)).toEqual(['note', 'tip', 'warning']);
    expect(texts(d)).toContain('ℹ️ Status codes\nEvery error has a status code.');
    expect(texts(d)).toContain('⚠️ Careful\nErrors are logged.');
    expect(d.paragraphs[0]?.code?.[0]).toMatchObject({
      lang: 'python',
      text: 'raise HTTPException(status_code=404)',
    });
  });

  it('skips {* … *} and --8<-- includes, each noted at its line', () => {
    expect(d.notes?.slice(1).map((n) => n.line)).toEqual([24, 26]);
    expect(texts(d)).toContain('Text after the includes.');
    expect(texts(d)).not.toMatch(/docs_src|8</u);
  });
});

describe('Hugo', () => {
  const d = load('hugo.md');

  it('reads TOML front matter', () => {
    expect(d.meta).toMatchObject({ title: 'Getting Started', published: '2023-05-01' });
    expect(d.notes?.[0]?.reason).toMatch(/^front matter keys draft, weight, params ignored/u);
  });

  it('reads hint and alert shortcodes and GitHub alerts as callouts', () => {
    expect(kinds(d)).toEqual(['info', 'warning', 'important']);
    expect(texts(d)).not.toMatch(/\{\{|\[!/u);
  });

  it('keeps list items apart and nested, with the code inside an item after its words', () => {
    const p = d.paragraphs[0];
    expect(p?.text).toContain(
      '1. Install the tool:\n2. Create a site with hugo new site quickstart.\n  • Nested items stay nested.',
    );
    const code = p?.code?.[0];
    expect(code?.text).toBe('brew install hugo');
    expect(p?.text.slice(0, code?.at)).toMatch(/1\. Install the tool:$/u);
  });
});

describe('property: no prose or code is lost between the Markdown and the passages', () => {
  const word = fc.constantFrom(
    'Vite',
    'server.port',
    'import.meta.env',
    'config',
    'build',
    'the',
    'uses',
    '--host',
    'optimizeDeps',
    'files',
  );
  const sentence = fc
    .array(word, { minLength: 2, maxLength: 14 })
    .map((w) => `${w.join(' ')}.`.replace(/^./u, (c) => c.toUpperCase()));
  const prose = fc.array(sentence, { minLength: 1, maxLength: 30 }).map((s) => s.join(' '));
  const codeLine = fc.stringMatching(/^[a-z][ a-z0-9(){};=.]{0,50}$/u);
  const code = fc.array(codeLine, { minLength: 1, maxLength: 60 }).map((l) => l.join('\n'));
  type Piece = { md: string; prose: string[]; code: string[]; heading?: string };
  const piece: fc.Arbitrary<Piece> = fc.oneof(
    prose.map((t) => ({ md: t, prose: [t], code: [] })),
    fc
      .array(sentence, { minLength: 1, maxLength: 5 })
      .map((items) => ({ md: items.map((i) => `- ${i}`).join('\n'), prose: items, code: [] })),
    code.map((c) => ({ md: `\`\`\`js\n${c}\n\`\`\``, prose: [], code: [c] })),
    prose.map((t) => ({ md: `::: tip\n${t}\n:::`, prose: [t], code: [] })),
    fc
      .array(word, { minLength: 1, maxLength: 4 })
      .map((w) => ({ md: `## ${w.join(' ')}`, prose: [], code: [], heading: w.join(' ') })),
  );

  it('holds for pages of headings, prose, lists, code and admonitions', () => {
    fc.assert(
      fc.property(fc.array(piece, { minLength: 1, maxLength: 12 }), (pieces) => {
        const md = `# Page\n\n${pieces.map((p) => p.md).join('\n\n')}\n`;
        const r = parseFile('page.md', Buffer.from(md));
        if (!('document' in r)) {
          // only a page with no words at all may have nothing to load
          expect(pieces.every((p) => p.prose.length === 0 && p.code.length === 0)).toBe(true);
          return;
        }
        const d = r.document;
        const flat = (s: string) => s.replace(/\s+/gu, ' ').trim();
        const allText = flat(d.paragraphs.map((p) => p.text).join(' '));
        const allCode = d.paragraphs
          .flatMap((p) => (p.code ?? []).map((c) => c.text))
          .join('\n')
          .replace(/ +$/gmu, '');
        for (const p of pieces) {
          for (const t of p.prose) expect(allText).toContain(flat(t));
          // (trailing spaces on a code line are not text)
          for (const c of p.code) expect(allCode).toContain(c.replace(/ +$/gmu, '').trimEnd());
        }
        for (const p of d.paragraphs) {
          expect(p.text.length).toBeLessThanOrEqual(PASSAGE_MAX);
          expect((p.code ?? []).reduce((n, c) => n + c.text.length, 0)).toBeLessThanOrEqual(
            CODE_MAX,
          );
          // sentences slice the text exactly and never cross a line
          for (const s of p.sentences) {
            expect(p.text.slice(s.start, s.end)).toBe(s.text);
            expect(s.text).not.toContain('\n');
          }
        }
      }),
      { numRuns: 60 },
    );
  });
});
