import { describe, expect, it } from 'vitest';
import { parseFile } from '../../src/corpus/load.ts';
import { textBlocks } from '../../src/corpus/text.ts';

describe('textBlocks', () => {
  it('joins a hard-wrapped block into one paragraph starting at its first line', () => {
    expect(
      textBlocks('A hard-wrapped paragraph that goes on\nto the next line and ends\nhere.\n', 3),
    ).toEqual([
      { text: 'A hard-wrapped paragraph that goes on to the next line and ends here.', line: 4 },
    ]);
  });

  it('keeps one-paragraph-a-line texts apart', () => {
    expect(textBlocks('First paragraph on one line.\nSecond paragraph on one line.\n', 0)).toEqual([
      { text: 'First paragraph on one line.', line: 1 },
      { text: 'Second paragraph on one line.', line: 2 },
    ]);
    const long = 'x'.repeat(150);
    expect(textBlocks(`${long}\nshort follow-up\n`, 0)).toEqual([
      { text: long, line: 1 },
      { text: 'short follow-up', line: 2 },
    ]);
  });

  it('separates blocks at blank lines, collapses whitespace and reads CRLF', () => {
    expect(textBlocks('  One   block  \r\n\r\n\r\nTwo\tblock\r\n', 5)).toEqual([
      { text: 'One block', line: 6 },
      { text: 'Two block', line: 9 },
    ]);
  });

  it('returns nothing for blank text', () => {
    expect(textBlocks('\n \n\t\n', 0)).toEqual([]);
  });
});

describe('text documents', () => {
  it('turns short unpunctuated lines into sections and numbers the paragraphs', () => {
    const r = parseFile(
      'notes.txt',
      Buffer.from(
        [
          'Notes on drones',
          '',
          'Drones were first seen over Kyiv in',
          'September 2022, officials said.',
          '',
          'Supply',
          '',
          'Shipments crossed the Caspian Sea.',
        ].join('\n'),
      ),
    );
    if (!('document' in r)) throw new Error(JSON.stringify(r.problem));
    expect(r.document.meta.title).toBe('Notes on drones');
    expect(r.document.sections).toEqual(['Supply']);
    expect(r.document.paragraphs.map((p) => [p.id, p.section, p.line, p.text])).toEqual([
      ['notes#p1', null, 3, 'Drones were first seen over Kyiv in September 2022, officials said.'],
      ['notes#p2', 'Supply', 8, 'Shipments crossed the Caspian Sea.'],
    ]);
  });
});
