import { describe, expect, it } from 'vitest';
import { paragraphUrl, passageExtras } from '../../src/answer/passage.ts';
import type { Paragraph } from '../../src/corpus/types.ts';

const paragraph: Paragraph = {
  id: 'env#p5',
  docSlug: 'env',
  n: 5,
  kind: 'body',
  section: 'Guide › Env › .env Files',
  text: 'Vite loads these files:',
  sentences: [{ text: 'Vite loads these files:', start: 0, end: 23 }],
  line: 60,
  anchor: 'env-files',
  code: [{ lang: null, title: null, text: '.env', at: 23, line: 62 }],
};

describe('passageExtras', () => {
  it('links to the section and carries the code', () => {
    expect(
      passageExtras(paragraph, { meta: { title: 'Env', url: 'https://vite.dev/guide/env' } }),
    ).toEqual({
      url: 'https://vite.dev/guide/env#env-files',
      code: paragraph.code,
    });
  });

  it('links to the page without an anchor, to nothing without a URL', () => {
    expect(
      paragraphUrl({ anchor: undefined }, { meta: { title: 'E', url: 'https://x.org/a' } }),
    ).toBe('https://x.org/a');
    expect(passageExtras({ ...paragraph, code: undefined }, { meta: { title: 'E' } })).toEqual({
      url: null,
    });
  });
});
