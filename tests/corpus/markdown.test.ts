import { describe, expect, it } from 'vitest';
import { parseFile } from '../../src/corpus/load.ts';
import { markdownBlocks } from '../../src/corpus/markdown.ts';
import type { Document } from '../../src/corpus/types.ts';

const SOURCE = `---
title: Drones over the Black Sea
publisher: Example Institute
---
# Drones over the Black Sea

![A Shahed drone on a launcher](drone.jpg)

*A Shahed-136 drone shown at a military parade in Tehran.*

The **Shahed-136** is a _loitering munition_ with a range of about [2,500 km](https://example.org).
It was first used in Ukraine in September 2022.

## Supply routes

- Drones were shipped across the Caspian Sea.
- Production later moved to Alabuga in Tatarstan.

\`\`\`
code that must not be indexed
\`\`\`

> Officials in Kyiv counted more than 400 launches in one month.

Plain &amp; simple text with \`inline code\` survives.
`;

function load(path: string, text: string): Document {
  const r = parseFile(path, Buffer.from(text));
  if (!('document' in r)) throw new Error(`problem: ${JSON.stringify(r.problem)}`);
  return r.document;
}

describe('Markdown documents', () => {
  const doc = load('drones.md', SOURCE);
  const texts = doc.paragraphs.map((p) => p.text);

  it('takes the title from front matter and drops the matching first heading', () => {
    expect(doc.slug).toBe('drones');
    expect(doc.meta).toEqual({
      title: 'Drones over the Black Sea',
      publisher: 'Example Institute',
    });
    expect(texts).not.toContain('Drones over the Black Sea');
  });

  it('turns headings into sections', () => {
    expect(doc.sections).toEqual(['Supply routes']);
    expect(doc.paragraphs.map((p) => p.section)).toEqual([
      null,
      null,
      'Supply routes',
      'Supply routes',
      'Supply routes',
      'Supply routes',
    ]);
  });

  it('reads an image followed by an italic line as a credit and a caption', () => {
    expect(doc.paragraphs[0]).toMatchObject({
      id: 'drones#p1',
      kind: 'caption',
      text: 'A Shahed-136 drone shown at a military parade in Tehran.',
      line: 9,
    });
    expect(texts.join(' ')).not.toContain('A Shahed drone on a launcher');
  });

  it('reduces inline markup to its text and joins soft-wrapped lines', () => {
    expect(doc.paragraphs[1]).toMatchObject({
      kind: 'body',
      text: 'The Shahed-136 is a loitering munition with a range of about 2,500 km. It was first used in Ukraine in September 2022.',
      line: 11,
    });
    expect(doc.paragraphs[1]?.sentences.map((s) => s.text)).toEqual([
      'The Shahed-136 is a loitering munition with a range of about 2,500 km.',
      'It was first used in Ukraine in September 2022.',
    ]);
  });

  it('makes each list item a paragraph with its own line', () => {
    expect(doc.paragraphs.slice(2, 4).map((p) => [p.text, p.line])).toEqual([
      ['Drones were shipped across the Caspian Sea.', 16],
      ['Production later moved to Alabuga in Tatarstan.', 17],
    ]);
  });

  it('skips code blocks, keeps block quotes, decodes entities and inline code', () => {
    expect(texts.join(' ')).not.toContain('code that must not be indexed');
    expect(doc.paragraphs.slice(4).map((p) => [p.text, p.line])).toEqual([
      ['Officials in Kyiv counted more than 400 launches in one month.', 23],
      ['Plain & simple text with inline code survives.', 25],
    ]);
  });

  it('gives line numbers that point at the source', () => {
    const lines = SOURCE.split('\n');
    for (const p of doc.paragraphs) {
      const words = p.text.split(' ').slice(0, 2).join(' ').replace(/[*_]/gu, '');
      expect(lines[p.line - 1]?.replace(/[*_]/gu, ''), p.id).toContain(words);
    }
  });

  // An image with its italic caption on the very next line is one Markdown paragraph.
  it('reads an image with an italic caption on the next line as a caption', () => {
    const d = load(
      'adjacent.md',
      '# T\n\n![A Shahed drone on a launcher](drone.jpg)\n*A Shahed-136 drone at a parade.*\n\nBody text follows here.\n',
    );
    expect(d.paragraphs[0]).toMatchObject({
      kind: 'caption',
      text: 'A Shahed-136 drone at a parade.',
    });
  });
});

describe('markdownBlocks', () => {
  it('marks headings, images, emphasis and list items, with lines after the offset', () => {
    const blocks = markdownBlocks(
      '## Head\n\n![alt](x.png)\n\n**Bold only**\n\n1. one\n2. two\n',
      10,
    );
    expect(blocks).toEqual([
      { text: 'Head', line: 11, hint: 'heading', depth: 2 },
      { text: 'alt', line: 13, hint: 'image' },
      { text: 'Bold only', line: 15, hint: 'emphasis' },
      { text: 'one', line: 17, hint: 'list-item', depth: 0, marker: '1.' },
      { text: 'two', line: 18, hint: 'list-item', depth: 0, marker: '2.' },
    ]);
  });

  it('keeps a table one row a line, reduces HTML to its text, skips rules', () => {
    const blocks = markdownBlocks(
      '| a | b |\n|---|---|\n| 1 | 2 |\n\n<div>x</div>\n\n---\n\nText.\n',
      0,
    );
    expect(blocks).toEqual([
      { text: 'a | b\n1 | 2', line: 1, hint: 'table' },
      { text: 'x', line: 5 },
      { text: 'Text.', line: 9 },
    ]);
  });
});
