import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCorpus } from '../../src/corpus/load.ts';
import type { PdfItem } from '../../src/corpus/pdf/fragments.ts';
import { joinLines } from '../../src/corpus/pdf/hyphens.ts';
import { pdfBlocks } from '../../src/corpus/pdf/layout.ts';
import { parsePdfDocument, parsePdfFile } from '../../src/corpus/pdf.ts';
import type { Document } from '../../src/corpus/types.ts';
import { column, encryptedPdf, type Line, makePdf, wrap } from './pdf-maker.ts';

const LEFT = 72;
const RIGHT = 316;
const WIDTH = 220;

const P1 =
  'Ports on the Black Sea handled less grain in the winter months than in any season since the war began, according to the shipping registry.';
const P4 =
  'Officials expect the rail network to stay under pressure until new rolling stock arrives from suppliers in';
const P5 =
  'Fuel shortages slowed deliveries inland during February, when temperatures fell well below freezing for two weeks.';
const P6 =
  'Grain prices at the ports rose by a fifth over the quarter, the steepest rise the exchange has recorded.';
const P7 =
  'Analysts counted forty-two vessels waiting at anchor on the last day of the quarter, twice the usual number.';
const P8 = 'Their next report is due in the summer.';

function furniture(page: number): Line[] {
  return [
    { text: 'Dossier Quarterly - Spring Issue', x: LEFT, y: 760, size: 8 },
    { text: `Page ${page} of 3`, x: 285, y: 30, size: 8 },
  ];
}

/**
 * Three pages in two columns under a running header and above a "Page N of 3" footer: a title
 * across both columns, a word broken at a line end ("inter-" / "national"), a compound broken at
 * its hyphen ("short-" / "range"), a heading in the right column, and a paragraph that runs on
 * from the bottom of page 1's right column to the top of page 2's left column.
 */
async function twoColumnPdf(title?: string): Promise<Uint8Array> {
  const page1: Line[] = [
    ...furniture(1),
    { text: 'Supply Lines Under Strain', x: LEFT, y: 720, size: 20 },
  ];
  let left = column(await wrap(P1, WIDTH), LEFT, 680);
  page1.push(...left.lines);
  left = column(
    [
      'Insurers raised premiums after the inter-',
      'national maritime body warned of mines near',
      'the coast in early March.',
    ],
    LEFT,
    left.y - 8,
  );
  page1.push(...left.lines);
  page1.push({ text: 'Rail and road', x: RIGHT, y: 680, size: 13 });
  let right = column(
    [
      'Rail freight carried most of the short-',
      'range cargo that ships could no longer take,',
      'and road haulage filled the remaining gaps.',
    ],
    RIGHT,
    662,
  );
  page1.push(...right.lines);
  right = column(await wrap(P4, WIDTH), RIGHT, right.y - 8);
  page1.push(...right.lines);

  const page2: Line[] = [...furniture(2)];
  left = column(['Poland and Romania later in the year.'], LEFT, 720);
  page2.push(...left.lines);
  page2.push(...column(await wrap(P5, WIDTH), LEFT, left.y - 8).lines);
  page2.push(...column(await wrap(P6, WIDTH), RIGHT, 720).lines);

  const page3: Line[] = [...furniture(3)];
  page3.push(...column(await wrap(P7, WIDTH), LEFT, 700).lines);
  page3.push(...column([P8], RIGHT, 700).lines);
  return makePdf({ pages: [page1, page2, page3], ...(title === undefined ? {} : { title }) });
}

describe('a two-column PDF with running heads', () => {
  let doc: Document;
  beforeAll(async () => {
    doc = await parsePdfDocument(await twoColumnPdf(), { slug: 'supply', path: 'supply.pdf' });
  });

  it('reads column by column, page by page, joining a paragraph across the page break', () => {
    expect(doc.paragraphs.map((p) => p.text)).toEqual([
      P1,
      'Insurers raised premiums after the international maritime body warned of mines near the coast in early March.',
      'Rail freight carried most of the short-range cargo that ships could no longer take, and road haulage filled the remaining gaps.',
      `${P4} Poland and Romania later in the year.`,
      P5,
      P6,
      P7,
      P8,
    ]);
  });

  it('gives each paragraph the page it starts on', () => {
    expect(doc.paragraphs.map((p) => p.page)).toEqual([1, 1, 1, 1, 2, 2, 3, 3]);
    expect(doc.paragraphs.map((p) => p.id)).toEqual(
      doc.paragraphs.map((_, i) => `supply#p${i + 1}`),
    );
  });

  it('drops the running header, the footer and the page numbers', () => {
    const all = doc.paragraphs.map((p) => p.text).join('\n');
    expect(all).not.toContain('Dossier Quarterly');
    expect(all).not.toMatch(/Page \d/u);
  });

  it('takes the first large line as the title and a larger line as a section', () => {
    expect(doc.meta.title).toBe('Supply Lines Under Strain');
    expect(doc.sections).toEqual(['Rail and road']);
    expect(doc.paragraphs.map((p) => p.section)).toEqual([
      null,
      null,
      'Rail and road',
      'Rail and road',
      'Rail and road',
      'Rail and road',
      'Rail and road',
      'Rail and road',
    ]);
  });

  it("prefers the PDF's own title, unless it is a file name", async () => {
    const titled = await parsePdfDocument(await twoColumnPdf('Quarterly Supply Report'), {
      slug: 's',
      path: 's.pdf',
    });
    expect(titled.meta.title).toBe('Quarterly Supply Report');
    const named = await parsePdfDocument(await twoColumnPdf('Microsoft Word - draft3.docx'), {
      slug: 's',
      path: 's.pdf',
    });
    expect(named.meta.title).toBe('Supply Lines Under Strain');
  });
});

describe('a single-column PDF', () => {
  it('splits paragraphs at first-line indents and short last lines, and keeps list items apart', async () => {
    const lines: Line[] = [
      { text: 'The committee met on Monday and agreed on the budget for the', x: 72, y: 700 },
      { text: 'coming year after a long debate.', x: 72, y: 688 },
      { text: 'Its chair thanked the members for their patience and closed', x: 90, y: 676 },
      { text: 'the session before noon.', x: 72, y: 664 },
      { text: '• Roads receive a third of the new money', x: 72, y: 652 },
      { text: '• Schools receive the rest of it', x: 72, y: 640 },
    ];
    const doc = await parsePdfDocument(await makePdf({ pages: [lines], title: 'Minutes' }), {
      slug: 'm',
      path: 'm.pdf',
    });
    expect(doc.paragraphs.map((p) => p.text)).toEqual([
      'The committee met on Monday and agreed on the budget for the coming year after a long debate.',
      'Its chair thanked the members for their patience and closed the session before noon.',
      '• Roads receive a third of the new money',
      '• Schools receive the rest of it',
    ]);
    expect(doc.paragraphs.every((p) => p.page === 1)).toBe(true);
  });

  it('falls back to the file name for a title when there is neither metadata nor a large line', async () => {
    const doc = await parsePdfDocument(
      await makePdf({ pages: [[{ text: 'Only one ordinary sentence is here.', x: 72, y: 700 }]] }),
      { slug: 'plain', path: 'reports/plain-notes.pdf' },
    );
    expect(doc.meta.title).toBe('plain-notes');
    expect(doc.paragraphs.map((p) => p.text)).toEqual(['Only one ordinary sentence is here.']);
  });
});

describe('PDFs that cannot be read', () => {
  it('reports an encrypted PDF', async () => {
    expect(await parsePdfFile('locked.pdf', encryptedPdf())).toEqual({
      problem: {
        path: 'locked.pdf',
        line: 0,
        reason: 'encrypted PDF (it needs a password to open); save an unprotected copy; not loaded',
      },
    });
  });

  it('reports a broken PDF and one with no text', async () => {
    const broken = await parsePdfFile(
      'broken.pdf',
      new TextEncoder().encode('%PDF-1.7\nnot a pdf'),
    );
    expect(broken).toEqual({
      problem: {
        path: 'broken.pdf',
        line: 0,
        reason: expect.stringMatching(/^not a valid PDF \(/u),
      },
    });
    const blank = await parsePdfFile('blank.pdf', await makePdf({ pages: [[]] }));
    expect(blank).toEqual({
      problem: { path: 'blank.pdf', line: 0, reason: expect.stringMatching(/^no text found/u) },
    });
  });
});

describe('PDFs in the corpus', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'dossier-pdf-'));
    await writeFile(join(dir, 'supply.pdf'), await twoColumnPdf());
    await writeFile(join(dir, 'locked.pdf'), encryptedPdf());
    await writeFile(join(dir, 'broken.pdf'), '%PDF-1.4\n1 0 obj <<');
    await writeFile(
      join(dir, 'notes.md'),
      '# Notes\n\nThe port reopened in April after repairs.\n',
    );
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('loads beside the other formats; a broken or encrypted one is reported by path', async () => {
    const corpus = await loadCorpus(dir);
    expect(corpus.documents.map((d) => d.slug)).toEqual(['notes', 'supply']);
    expect(corpus.problems.map((p) => `${p.path}: ${p.reason.split(' (')[0]}`)).toEqual([
      'broken.pdf: not a valid PDF',
      'locked.pdf: encrypted PDF',
    ]);
    expect(corpus.byId.get('supply#p5')?.page).toBe(2);
    expect(corpus.byId.get('notes#p1')?.page).toBeUndefined();
  });

  it('respects the size limit without reading the file', async () => {
    const corpus = await loadCorpus(dir, { maxDocumentBytes: 2000 });
    const supply = corpus.problems.find((p) => p.path === 'supply.pdf');
    expect(supply?.reason).toMatch(/over the 0 MB limit; not loaded$/u);
  });
});

describe('PDF layout properties', () => {
  const word = fc.stringMatching(/^[a-z]{2,9}$/u).filter((w) => !/^[ivxlcdm]+$/u.test(w));
  const lineWords = fc.array(word, { minLength: 2, maxLength: 9 });

  it('loses no word of a single column, whatever the line spacing', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(lineWords, fc.integer({ min: 11, max: 30 })), {
          minLength: 1,
          maxLength: 30,
        }),
        (spec) => {
          let y = 760;
          const items: PdfItem[] = spec.map(([words, gap]) => {
            const text = words.join(' ');
            y -= gap;
            return { text, x: 72, y, width: text.length * 5, size: 10 };
          });
          const blocks = pdfBlocks([{ number: 1, height: 792, items }]);
          const out = blocks.flatMap((b) => b.text.split(' '));
          expect(out).toEqual(spec.flatMap(([words]) => words));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('joining two lines keeps every letter, dropping at most the line-end hyphen', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (a, b) => {
        const joined = joinLines(a, b, new Set());
        const letters = (s: string) => s.replace(/[\s\-\u00AD]/gu, '');
        expect(letters(joined)).toBe(letters(a) + letters(b));
      }),
      { numRuns: 500 },
    );
  });

  it('joins a word broken by the typesetter and keeps the hyphen of a compound', () => {
    expect(joinLines('after the inter-', 'national body', new Set())).toBe(
      'after the international body',
    );
    expect(joinLines('most of the short-', 'range cargo', new Set())).toBe(
      'most of the short-range cargo',
    );
    // the document's own spelling decides first
    expect(joinLines('a co-', 'operative', new Set(['co-operative']))).toBe('a co-operative');
    expect(joinLines('the state-of-the-', 'art design', new Set())).toBe(
      'the state-of-the-art design',
    );
    expect(joinLines('North', 'Atlantic', new Set())).toBe('North Atlantic');
    expect(joinLines('Anglo-', 'Saxon', new Set())).toBe('Anglo-Saxon');
  });
});
