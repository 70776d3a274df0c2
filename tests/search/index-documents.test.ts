import { describe, expect, it } from 'vitest';
import type { Document } from '../../src/corpus/types.ts';
import { analyseEntries, entriesOf } from '../../src/search/index-documents.ts';
import { doc } from './helpers.ts';

/** One paragraph of two sentences, with a code block after each (offsets into its text). */
function withBlocks(): Document {
  const d = doc('guide', ['Install the plugin. For example:'], 'Plugin Guide');
  const p = d.paragraphs[0];
  if (!p) throw new Error('no paragraph');
  const first = p.sentences[0]?.end ?? 0;
  p.section = 'Using plugins';
  p.code = [
    { lang: 'bash', title: null, text: 'npm add vitePlugin', at: first, line: 2 },
    { lang: 'js', title: null, text: 'defineConfig({})', at: p.text.length, line: 4 },
  ];
  return d;
}

describe('entriesOf', () => {
  it('lists every paragraph with its document, documents in order', () => {
    const a = doc('a', ['One.', 'Two.']);
    const b = doc('b', ['Three.']);
    const entries = entriesOf([a, b]);
    expect(entries.map((e) => e.paragraph.id)).toEqual(['a#p1', 'a#p2', 'b#p1']);
    expect(entries[2]?.document).toBe(b);
  });
});

describe('analyseEntries', () => {
  it('keeps each sentence its terms, stems without stopwords, lines apart', () => {
    const { docs, terms } = analyseEntries(
      entriesOf([
        doc('alpha', ['The Shahed is a drone designed in Iran. Drones fly.'], 'Drone Notes'),
      ]),
    );
    expect(terms).toEqual(['shahe drone design iran\ndrone fli']);
    expect(docs).toEqual([
      { id: 0, text: 'shahe drone design iran drone fli', section: '', title: 'drone note' },
    ]);
  });

  it('adds identifiers whole and in parts after the words', () => {
    const { terms } = analyseEntries(entriesOf([doc('c', ['Set `server.port` here.'])]));
    expect(terms[0]?.split(' ')).toEqual(['set', 'server', 'port', 'server.port']);
  });

  it("joins each code block's terms to the sentence that introduces it", () => {
    const { docs, terms } = analyseEntries(entriesOf([withBlocks()]));
    const [install, example] = (terms[0] ?? '').split('\n');
    // the first block follows "Install the plugin.", the second "For example:"
    expect(install?.split(' ')).toEqual([
      'instal',
      'plugin',
      'npm',
      'add',
      'viteplugin',
      'vite',
      'plugin',
    ]);
    expect(example?.split(' ')).toEqual(['exampl', 'defineconfig', 'defin', 'config']);
    expect(docs[0]?.section).toBe('use plugin');
    expect(docs[0]?.title).toBe('plugin guid');
  });

  it('falls back to the whole text for a paragraph without sentences', () => {
    const d = doc('d', ['Ballistic missiles']);
    const p = d.paragraphs[0];
    if (p) p.sentences = [];
    expect(analyseEntries(entriesOf([d])).terms).toEqual(['ballist missil']);
  });

  it('gives each term its three commonest words, ties in alphabetical order', () => {
    const { surfaces } = analyseEntries(
      entriesOf([
        doc('e', ['Drones, drone, drones. Droning, droned, drones, drone.', 'Ports port.']),
      ]),
    );
    expect(surfaces).toEqual(['drone drones drone droned', 'port port ports']);
  });
});
