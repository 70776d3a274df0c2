import fc from 'fast-check';
import { beforeAll, describe, expect, test } from 'vitest';
import { loadCorpus } from '../../src/corpus/load.ts';
import { type IdEntry, stableIds, textHash } from '../../src/corpus/stable-ids.ts';
import type { Document, Paragraph } from '../../src/corpus/types.ts';

/** A document of body paragraphs with these texts, ids positional as the parser makes them. */
function doc(slug: string, texts: readonly string[]): Document {
  const paragraphs = texts.map(
    (text, i): Paragraph => ({
      id: `${slug}#p${i + 1}`,
      docSlug: slug,
      n: i + 1,
      kind: 'body',
      section: null,
      text,
      sentences: [],
      line: i + 1,
    }),
  );
  return { slug, path: `${slug}.md`, meta: { title: slug }, sections: [], paragraphs };
}

/** An in-memory ledger: what the database table holds. */
class Ledger {
  readonly entries: IdEntry[] = [];
  assign(documents: Document[]): Document[] {
    const out = stableIds(documents, (slug) => this.entries.filter((e) => e.slug === slug));
    this.entries.push(...out.added);
    return out.documents;
  }
}

const ids = (d: Document | undefined) => d?.paragraphs.map((p) => p.id) ?? [];

describe('stable paragraph ids', () => {
  test('a document the ledger has never seen keeps positional ids (a fresh clone cites as before)', async () => {
    const corpus = await loadCorpus('corpus');
    const { documents, added } = stableIds(corpus.documents, () => []);
    expect(documents.flatMap((d) => d.paragraphs.map((p) => p.id))).toEqual(
      corpus.paragraphs.map((p) => p.id),
    );
    expect(documents.find((d) => d.slug === 'going-ballistic')?.paragraphs[2]?.id).toBe(
      'going-ballistic#p3',
    );
    expect(added).toHaveLength(corpus.paragraphs.length);
    // nothing changed, so the very same objects come back
    expect(documents[0]).toBe(corpus.documents[0]);
  });

  test('a paragraph inserted above: every old id unchanged, the new one takes the next number', () => {
    const ledger = new Ledger();
    ledger.assign([doc('d', ['alpha', 'beta', 'gamma'])]);
    const [after] = ledger.assign([doc('d', ['new first', 'alpha', 'beta', 'gamma'])]);
    expect(ids(after)).toEqual(['d#p4', 'd#p1', 'd#p2', 'd#p3']);
    // `n` stays the position readers see (¶1 is the new paragraph)
    expect(after?.paragraphs.map((p) => p.n)).toEqual([1, 2, 3, 4]);
  });

  test("a deleted paragraph's id is never given to another text, even much later", () => {
    const ledger = new Ledger();
    ledger.assign([doc('d', ['alpha', 'beta', 'gamma'])]);
    const [gone] = ledger.assign([doc('d', ['alpha', 'gamma'])]);
    expect(ids(gone)).toEqual(['d#p1', 'd#p3']);
    const [later] = ledger.assign([doc('d', ['alpha', 'delta', 'gamma', 'epsilon'])]);
    expect(ids(later)).toEqual(['d#p1', 'd#p4', 'd#p3', 'd#p5']);
    // the text comes back: so does its id
    const [back] = ledger.assign([doc('d', ['alpha', 'beta', 'gamma'])]);
    expect(ids(back)).toEqual(['d#p1', 'd#p2', 'd#p3']);
  });

  test('an edited paragraph is a new text with a new id; repeated texts each keep their own', () => {
    const ledger = new Ledger();
    ledger.assign([doc('d', ['Read more.', 'body', 'Read more.'])]);
    const [edited] = ledger.assign([doc('d', ['Read more.', 'body, edited', 'Read more.'])]);
    expect(ids(edited)).toEqual(['d#p1', 'd#p4', 'd#p3']);
    expect(textHash('body')).not.toBe(textHash('body, edited'));
  });

  test('documents are numbered independently', () => {
    const ledger = new Ledger();
    const first = ledger.assign([doc('a', ['x']), doc('b', ['x', 'y'])]);
    expect(first.map(ids)).toEqual([['a#p1'], ['b#p1', 'b#p2']]);
  });

  test('property: over any history of edits an id always names one text, ids are unique, and kept texts keep theirs', () => {
    const word = fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f');
    const edit = fc.record({
      at: fc.nat(),
      op: fc.constantFrom('insert', 'delete', 'replace'),
      text: word,
    });
    fc.assert(
      fc.property(
        fc.array(word, { maxLength: 6 }),
        fc.array(edit, { maxLength: 12 }),
        (start, edits) => {
          const ledger = new Ledger();
          const named = new Map<string, string>();
          let texts = [...start];
          let previous = new Map<string, string>();
          for (let step = 0; step <= edits.length; step++) {
            const [d] = ledger.assign([doc('d', texts)]);
            const seen = new Set<string>();
            const occurrences = new Map<string, number>();
            const now = new Map<string, string>();
            for (const p of d?.paragraphs ?? []) {
              expect(seen.has(p.id)).toBe(false);
              seen.add(p.id);
              const known = named.get(p.id);
              if (known !== undefined) expect(known).toBe(p.text);
              named.set(p.id, p.text);
              const k = occurrences.get(p.text) ?? 0;
              occurrences.set(p.text, k + 1);
              const key = `${p.text}#${k}`;
              // the k-th occurrence of a text that was there before keeps its id
              const before = previous.get(key);
              if (before !== undefined) expect(p.id).toBe(before);
              now.set(key, p.id);
            }
            previous = now;
            const e = edits[step];
            if (!e) break;
            const at = texts.length === 0 ? 0 : e.at % texts.length;
            if (e.op === 'insert') texts.splice(at, 0, e.text);
            else if (e.op === 'delete') texts.splice(at, 1);
            else texts[at] = e.text;
            texts = [...texts];
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('the seed corpus under an edit', () => {
  let base: Document[];
  beforeAll(async () => {
    base = (await loadCorpus('corpus')).documents;
  });

  test('inserting a paragraph at the top of going-ballistic keeps #p3 on the same text', () => {
    const ledger = new Ledger();
    const first = ledger.assign(base);
    const before = first.find((d) => d.slug === 'going-ballistic')?.paragraphs[2];
    const edited = base.map((d) =>
      d.slug === 'going-ballistic'
        ? {
            ...d,
            paragraphs: [
              { ...(d.paragraphs[0] as Paragraph), text: 'A new lead paragraph.' },
              ...d.paragraphs,
            ],
          }
        : d,
    );
    const again = ledger.assign(edited).find((d) => d.slug === 'going-ballistic');
    const p3 = again?.paragraphs.find((p) => p.id === 'going-ballistic#p3');
    expect(p3?.text).toBe(before?.text);
    expect(again?.paragraphs[0]?.id).toBe(
      `going-ballistic#p${(first.find((d) => d.slug === 'going-ballistic')?.paragraphs.length ?? 0) + 1}`,
    );
  });
});
