import { describe, expect, it } from 'vitest';
import { readMarkdown } from '../../src/corpus/markdown.ts';
import { buildSections } from '../../src/corpus/passages.ts';
import { extractFacts } from '../../src/facts/extract.ts';

function definitions(markdown: string): [string, string][] {
  const document = buildSections(readMarkdown(markdown, 0).blocks, {
    slug: 'config',
    path: 'config/server.md',
    meta: {},
    fallbackTitle: 'server',
    folders: ['Config'],
  });
  return extractFacts({ documents: [document], paragraphs: document.paragraphs })
    .filter((f) => f.kind === 'definition')
    .map((f) => [f.subject, f.value]);
}

describe('definitions as documentation writes them', () => {
  it('a heading that names an option, then its description', () => {
    expect(
      definitions(
        '# Server Options\n\n## server.host\n\n- **Type:** `string | boolean`\n- **Default:** `localhost`\n\nSpecify which IP addresses the server should listen on.\n',
      ),
    ).toEqual([['server.host', 'Specify which IP addresses the server should listen on']]);
  });

  it('glossary lists: `term: definition` and `term — definition`, not field labels', () => {
    expect(
      definitions(
        '# Glossary\n\n- **HMR**: hot module replacement, which swaps modules while the app runs.\n- SSR — rendering the page on the server first.\n- Type: string\n',
      ),
    ).toEqual([
      ['HMR', 'hot module replacement, which swaps modules while the app runs'],
      ['SSR', 'rendering the page on the server first'],
    ]);
  });

  it('"X is a …" for identifiers and lowercase terms, but not a judgement', () => {
    expect(
      definitions(
        '# API\n\nThe API has hooks.\n\n`configureServer` is a hook for configuring the dev server.\n\n`hotUpdate` is a good example.\n',
      ),
    ).toEqual([['configureServer', 'a hook for configuring the dev server']]);
  });
});
