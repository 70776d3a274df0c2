import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ansiStyle, plainStyle, renderText } from '../../../src/adapters/console/render.ts';
import type { Action, Block, Citation, MessageReply, Reply } from '../../../src/answer/reply.ts';

const TITLE = 'Going ballistic: How Europeans can respond to Iranian military support for Russia';
const citation = (over: Partial<Citation> = {}): Citation => ({
  paragraphId: 'going-ballistic#p2',
  documentTitle: TITLE,
  publisher: 'ECFR',
  section: null,
  n: 2,
  kind: 'body',
  url: null,
  ...over,
});
const message = (blocks: Block[], over: Partial<MessageReply> = {}): MessageReply => ({
  kind: 'message',
  visibility: 'private',
  blocks,
  actions: [],
  ...over,
});

describe('renderText', () => {
  it('names the page of a PDF passage in its citation', () => {
    const text = renderText(
      message([
        {
          type: 'passage',
          index: 1,
          spans: [{ text: 'The answer.', bold: true }],
          citation: citation({ page: 4 }),
        },
      ]),
    );
    expect(text).toContain('[1] Going ballistic: How Europeans can respond to… — ECFR, ¶2, p. 4');
  });

  it('emphasises the answering sentence and numbers the citations', () => {
    const text = renderText(
      message(
        [
          {
            type: 'passage',
            index: 1,
            spans: [{ text: 'Before. ' }, { text: 'The answer.', bold: true }, { text: ' After.' }],
            citation: citation(),
          },
          {
            type: 'passage',
            index: 2,
            spans: [{ text: 'A caption.', bold: true }],
            citation: citation({
              n: 1,
              kind: 'caption',
              section: 'Supply',
              url: 'https://ecfr.eu/a',
            }),
          },
        ],
        { title: 'What is the answer?' },
      ),
    );
    expect(text).toBe(
      [
        'What is the answer?',
        '',
        '[1] Before. **The answer.** After.',
        '',
        '[2] **A caption.**',
        '',
        '[1] Going ballistic: How Europeans can respond to… — ECFR, ¶2',
        '[2] Going ballistic: How Europeans can respond to… — ECFR, Supply, caption ¶1 <https://ecfr.eu/a>',
      ].join('\n'),
    );
  });

  it('uses ANSI bold and dim on a terminal', () => {
    const text = renderText(
      message([{ type: 'text', spans: [{ text: 'x', bold: true }] }], { footer: 'foot' }),
      ansiStyle,
    );
    expect(text).toBe('\x1b[1mx\x1b[22m\n\n\x1b[2mfoot\x1b[22m');
  });

  it('renders lists, notices, errors and /source hints for source buttons', () => {
    const text = renderText(
      message(
        [
          {
            type: 'list',
            title: 'Key facts',
            items: [
              { label: 'SRBM', text: 'short-range ballistic missile', citation: citation() },
              { label: '', text: 'no label' },
            ],
          },
          { type: 'notice', tone: 'warning', text: 'The documents do not mention Japan.' },
          { type: 'notice', tone: 'info', text: 'Tip.' },
        ],
        {
          actions: [
            { id: 'source:open:going-ballistic#p1', label: 'Read around', style: 'secondary' },
            { id: 'source:going-ballistic#p3', label: 'Next', style: 'secondary' },
            { id: 'source:none', label: 'Previous', style: 'secondary', disabled: true },
            { id: 'ask:share:abc', label: 'Share', style: 'primary' },
          ],
        },
      ),
    );
    expect(text).toBe(
      [
        'Key facts',
        '  • SRBM: short-range ballistic missile (Going ballistic: How Europeans can respond to… — ECFR, ¶2 · going-ballistic#p2)',
        '  • no label',
        '',
        '⚠ The documents do not mention Japan.',
        '',
        'ℹ Tip.',
        '',
        'Read around: /source going-ballistic#p1   Next: /source going-ballistic#p3',
      ].join('\n'),
    );
    expect(renderText({ kind: 'error', text: 'No passage "x".' })).toBe('! No passage "x".');
  });

  const text = fc.string({
    unit: fc.oneof(
      fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)),
      fc.constantFrom('\x1b', '\x1b[2J', '\x9b', '\x07', '\r', '\n', '\t', '\x00', '\x7f'),
      // bidi overrides and isolates, zero-width characters, BOM; emoji with joiners
      fc.constantFrom('\u202E', '\u2066', '\u200E', '\u200B', '\u200D', '\uFEFF', '\u2060'),
      fc.constantFrom('👩\u200D💻', '🏳️\u200D🌈', '👍'),
    ),
    maxLength: 40,
  });
  const cite = fc.record({
    paragraphId: fc.constantFrom('d#p1', 'going-ballistic#p2'),
    documentTitle: text,
    publisher: fc.option(text, { nil: null }),
    section: fc.option(text, { nil: null }),
    n: fc.nat(99),
    kind: fc.constantFrom('body' as const, 'caption' as const),
    url: fc.option(text, { nil: null }),
  });
  const span = fc.record({ text, bold: fc.boolean() });
  const block: fc.Arbitrary<Block> = fc.oneof(
    fc.record({ type: fc.constant('text' as const), spans: fc.array(span, { maxLength: 3 }) }),
    fc.record({
      type: fc.constant('passage' as const),
      index: fc.nat(9),
      spans: fc.array(span, { maxLength: 3 }),
      citation: cite,
    }),
    fc.record({
      type: fc.constant('list' as const),
      title: text,
      items: fc.array(
        fc.record({ label: text, text, citation: fc.option(cite, { nil: undefined }) }),
        { maxLength: 3 },
      ),
    }),
    fc.record({
      type: fc.constant('notice' as const),
      tone: fc.constantFrom('info' as const, 'warning' as const),
      text,
    }),
  );
  const reply: fc.Arbitrary<Reply> = fc.oneof(
    fc.record({ kind: fc.constant('error' as const), text }),
    fc.record({
      kind: fc.constant('message' as const),
      visibility: fc.constantFrom('public' as const, 'private' as const),
      title: fc.option(text, { nil: undefined }),
      blocks: fc.array(block, { maxLength: 4 }),
      actions: fc.constant<Action[]>([]),
      footer: fc.option(text, { nil: undefined }),
    }),
  );
  // every C0/C1 control except newline and tab
  const control = /(?![\n\t])\p{Cc}/u;
  const withoutStyle = (s: string) =>
    ['\x1b[1m', '\x1b[22m', '\x1b[2m'].reduce((acc, seq) => acc.split(seq).join(''), s);

  // invisible format characters, except a joiner inside an emoji sequence
  const invisible = (s: string) =>
    /\p{Cf}/u.test(
      s.replace(/(\p{Extended_Pictographic}\uFE0F?)\u200D(?=\p{Extended_Pictographic})/gu, '$1'),
    );

  it('property: never throws and lets no control or invisible format character through', () => {
    fc.assert(
      fc.property(reply, (r) => {
        const plain = renderText(r);
        expect(plain).not.toMatch(control);
        expect(invisible(plain)).toBe(false);
        const ansi = withoutStyle(renderText(r, ansiStyle));
        expect(ansi).not.toMatch(control);
        expect(invisible(ansi)).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it('keeps emoji sequences whole and drops bidi and zero-width characters', () => {
    const out = renderText(
      message([
        { type: 'text', spans: [{ text: 'a\u202Eb\u200Bc 👩\u200D💻 \u2066d\u2069\uFEFF' }] },
      ]),
    );
    expect(out).toBe('abc 👩\u200D💻 d');
  });

  // A front-matter url such as "https://example.org/\e[2J" passes the schema (z.url accepts it).
  it('strips control characters from a citation url', () => {
    const out = renderText(
      message([
        {
          type: 'passage',
          index: 1,
          spans: [{ text: 'x' }],
          citation: citation({ url: 'https://example.org/\x1b[2J' }),
        },
      ]),
      plainStyle,
    );
    expect(out).not.toMatch(control);
  });
});
