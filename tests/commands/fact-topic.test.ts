import { describe, expect, test } from 'vitest';
import { factReply } from '../../commands/fact.ts';
import { allText, asMessage, context, engine } from './helpers.ts';

const eng = await engine();
const rngs = [0, 0.25, 0.5, 0.75, 0.99].map((v) => () => v);

describe('/fact topic ranking', () => {
  test('/fact missiles always brings the several hundred missiles, never the SRBM definition', () => {
    for (const rng of rngs) {
      const text = allText(asMessage(factReply(context(eng), 'missiles', rng)));
      expect(text).toMatch(/several hundred short range ballistic missiles/u);
    }
  });

  test('/fact Khamenei: one person, one fact', () => {
    const seen = new Set(
      rngs.map((rng) => allText(asMessage(factReply(context(eng), 'Khamenei', rng)))),
    );
    expect(seen.size).toBe(1);
  });
});
