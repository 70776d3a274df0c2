import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCuratedFacts, parseCuratedFacts } from '../../src/facts/curated.ts';
import { corpusOf } from './helpers.ts';

const corpus = corpusOf([
  {
    slug: 'doc',
    published: '2024-09-10',
    paragraphs: [
      'The war began in February 2022. Iran sent “hundreds” of drones.',
      'Hezbollah is a Lebanese militant group.',
    ],
  },
]);

const good = `facts:
  - kind: date
    subject: the war began
    date: February 2022
    quote: The war began in February 2022.
    paragraphId: doc#p1
  - kind: figure
    subject: drones
    value: hundreds
    quote: "Iran sent “hundreds” of drones."
    paragraphId: doc#p1
`;

describe('curated facts', () => {
  it('parses valid entries into curated facts with normalised dates', () => {
    const { facts, problems } = parseCuratedFacts(good, corpus);
    expect(problems).toEqual([]);
    expect(facts).toEqual([
      {
        id: 'doc#p1:date:curated-0',
        kind: 'date',
        subject: 'the war began',
        value: 'February 2022',
        date: { sortKey: '2022-02', precision: 'month', text: 'February 2022' },
        quote: 'The war began in February 2022.',
        paragraphId: 'doc#p1',
        origin: 'curated',
      },
      {
        id: 'doc#p1:figure:curated-0',
        kind: 'figure',
        subject: 'drones',
        value: 'hundreds',
        date: null,
        quote: 'Iran sent “hundreds” of drones.',
        paragraphId: 'doc#p1',
        origin: 'curated',
      },
    ]);
  });

  it('reports a quote not in its paragraph, an unknown paragraph and bad fields, each at its line', () => {
    const src = `# header comment
facts:
  - kind: figure
    subject: drones
    value: hundreds
    quote: Iran sent thousands of drones.
    paragraphId: doc#p1
  - kind: actor
    subject: Someone
    value: President
    quote: The war began in February 2022.
    paragraphId: doc#p9
  - kind: rumour
    subject: ""
    value: x
    quote: The war began
    paragraphId: doc#p1
  - kind: date
    subject: the war began
    quote: The war began in February 2022.
    paragraphId: doc#p1
    colour: blue
  - kind: date
    subject: the war began
    date: sometime soon
    quote: The war began
    paragraphId: doc#p1
`;
    const { facts, problems } = parseCuratedFacts(src, corpus);
    expect(facts).toEqual([]);
    expect(problems).toEqual([
      { path: 'facts.yaml', line: 6, reason: 'fact 1: quote is not found word for word in doc#p1' },
      { path: 'facts.yaml', line: 12, reason: 'fact 2: unknown paragraph id "doc#p9"' },
      expect.objectContaining({ path: 'facts.yaml', line: 13 }),
      expect.objectContaining({ path: 'facts.yaml', line: 14 }),
      { path: 'facts.yaml', line: 18, reason: 'fact 4: a date fact needs a "date"' },
      { path: 'facts.yaml', line: 22, reason: 'fact 4: unknown field "colour"' },
      {
        path: 'facts.yaml',
        line: 25,
        reason: expect.stringContaining('fact 5: cannot read date "sometime soon"'),
      },
    ]);
    expect(problems[2]?.reason).toMatch(/^fact 3: "kind"/u);
    expect(problems[3]?.reason).toMatch(/^fact 3: "subject" must not be empty/u);
  });

  it('a date fact without a date is reported at the fact', () => {
    const src =
      'facts:\n  - kind: date\n    subject: x\n    quote: The war began\n    paragraphId: doc#p1\n';
    expect(parseCuratedFacts(src, corpus).problems).toEqual([
      { path: 'facts.yaml', line: 2, reason: 'fact 1: a date fact needs a "date"' },
    ]);
  });

  it('a near-miss quote (straight instead of curly quotes) says so', () => {
    const src =
      'facts:\n  - kind: figure\n    subject: drones\n    value: hundreds\n    quote: \'Iran sent "hundreds" of drones.\'\n    paragraphId: doc#p1\n';
    const [p] = parseCuratedFacts(src, corpus).problems;
    expect(p?.line).toBe(5);
    expect(p?.reason).toContain('only in quote marks');
  });

  it('YAML syntax errors and a wrong shape are problems, not throws', () => {
    const broken = parseCuratedFacts('facts:\n  - kind: date\n   subject: [unclosed\n', corpus);
    expect(broken.facts).toEqual([]);
    expect(broken.problems[0]?.reason).toMatch(/^invalid YAML/u);
    expect(broken.problems[0]?.line).toBeGreaterThanOrEqual(2);
    expect(parseCuratedFacts('facts: 3\n', corpus).problems).toEqual([
      { path: 'facts.yaml', line: 1, reason: '"facts" must be a list' },
    ]);
    expect(parseCuratedFacts('- a\n- b\n', corpus).problems[0]?.reason).toContain('facts:');
    expect(parseCuratedFacts('', corpus)).toEqual({ facts: [], problems: [] });
  });

  it('relative curated dates resolve against the document’s published date', () => {
    const src =
      'facts:\n  - kind: date\n    subject: the war began\n    date: last year\n    quote: The war began\n    paragraphId: doc#p1\n';
    expect(parseCuratedFacts(src, corpus).facts[0]?.date).toEqual({
      sortKey: '2023',
      precision: 'year',
      text: 'last year',
    });
  });

  it('loadCuratedFacts reads <dir>/facts.yaml; a missing file is fine', () => {
    const dir = mkdtempSync(join(tmpdir(), 'facts-'));
    try {
      expect(loadCuratedFacts(dir, corpus)).toEqual({ facts: [], problems: [] });
      writeFileSync(join(dir, 'facts.yaml'), good);
      expect(loadCuratedFacts(dir, corpus).facts).toHaveLength(2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
