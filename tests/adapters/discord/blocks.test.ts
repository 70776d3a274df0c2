/** Blocks and citations as Discord Markdown: exact output for known inputs. */
import { describe, expect, test } from 'vitest';
import { citationLine } from '../../../src/adapters/discord/blocks.ts';
import { citation } from './citation.ts';

describe('blocks: citations', () => {
  test('citations: shortened title, publisher, section, caption, link as <url>', () => {
    expect(citationLine(citation, 1)).toBe(
      '[1] Going ballistic: How Europeans can respond to… — ECFR, ¶2',
    );
    expect(
      citationLine(
        {
          ...citation,
          section: 'How to respond',
          kind: 'caption',
          n: 1,
          url: 'https://ecfr.eu/article/x_y?a=1',
        },
        3,
      ),
    ).toBe(
      '[3] Going ballistic: How Europeans can respond to… — ECFR, How to respond, caption ¶1 <https://ecfr.eu/article/x_y?a=1>',
    );
    expect(
      citationLine({
        ...citation,
        documentTitle: 'Short *title*',
        publisher: null,
        url: 'javascript:alert(1)',
      }),
    ).toBe('Short \\*title\\* — ¶2');
  });

  test('a citation of a PDF passage names its page', () => {
    expect(citationLine({ ...citation, page: 4 }, 1)).toBe(
      '[1] Going ballistic: How Europeans can respond to… — ECFR, ¶2, p. 4',
    );
    expect(
      citationLine({ ...citation, kind: 'caption', page: 12, url: 'https://x.org/a.pdf' }),
    ).toBe(
      'Going ballistic: How Europeans can respond to… — ECFR, caption ¶2, p. 12 <https://x.org/a.pdf>',
    );
  });
});
