/**
 * A passage from a PDF is cited with its page: the engine's Passage carries the page its paragraph
 * starts on, and the citation shown (here as the terminal writes it) says "p. N".
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Engine, loadEngine } from '../../src/answer/engine.ts';
import { citationOf, citationText, paragraphCitation } from '../../src/answer/present.ts';
import { makePdf, wrap } from '../corpus/pdf-maker.ts';

const PAGES = [
  'Ports on the Black Sea handled less grain in the winter months than in any season since the war began.',
  'Rail freight carried most of the short-range cargo that ships could no longer take that spring.',
  'Analysts counted forty-two vessels waiting at anchor on the last day of the quarter, twice the usual number.',
];

describe('citations of PDF passages', () => {
  let dir: string;
  let engine: Engine;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'dossier-pdf-cite-'));
    const pages = await Promise.all(
      PAGES.map(async (text) =>
        (await wrap(text, 400)).map((line, i) => ({ text: line, x: 72, y: 700 - i * 14 })),
      ),
    );
    const title = [{ text: 'Supply Lines Under Strain', x: 72, y: 740, size: 18 }];
    await writeFile(
      join(dir, 'supply.pdf'),
      await makePdf({ pages: [[...title, ...(pages[0] ?? [])], ...pages.slice(1)] }),
    );
    engine = await loadEngine({ corpusDir: dir, snapshotDir: null });
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('name the page the passage starts on', () => {
    const answer = engine.ask('How many vessels were waiting at anchor?');
    const best = answer.passages[0];
    expect(best?.text).toContain('forty-two vessels');
    expect(best?.page).toBe(3);
    if (!best) throw new Error('no passage');
    expect(citationOf(best).page).toBe(3);
    expect(citationText(citationOf(best))).toMatch(/¶\d+, p\. 3$/u);
  });

  it('a paragraph cited directly (/source, facts) names its page too', () => {
    const document = engine.corpus.documents[0];
    const paragraph = engine.corpus.paragraphs.find((p) => p.text.startsWith('Rail freight'));
    if (!document || !paragraph) throw new Error('the PDF did not load');
    expect(paragraphCitation(paragraph, document).page).toBe(2);
  });
});
