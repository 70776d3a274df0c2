/** fast-check arbitraries for Replies and Answers full of what breaks chat renderers. */
import fc from 'fast-check';
import type {
  Action,
  Attachment,
  Block,
  Citation,
  Reply,
  Span,
} from '../../../src/answer/reply.ts';
import type { Answer, Passage } from '../../../src/answer/types.ts';

export const nasty = fc.constantFrom(
  '@everyone',
  '@here',
  '<@123456789012345678>',
  '<@&1>',
  '<#2>',
  '</ask:3>',
  '<t:0:R>',
  '`',
  '```',
  '**',
  '__',
  '~~',
  '||',
  '\\',
  '>',
  '# ',
  '\n- ',
  '\n',
  '[x](https://e.com)',
  'https://example.com/a_(b)',
  '👍🏽',
  '👨‍👩‍👧',
  '\ud83d',
  '\ude00',
  '\u202e',
  '\u0000',
  'é',
  'ﷺ',
  ' ',
  '',
  'word ',
);
export const text = fc.oneof(
  {
    weight: 4,
    arbitrary: fc
      .array(fc.oneof(nasty, fc.string({ unit: 'binary', maxLength: 30 })), { maxLength: 40 })
      .map((a) => a.join('')),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.oneof(nasty, fc.string({ maxLength: 8 })), fc.integer({ min: 100, max: 3000 }))
      .map(([s, n]) => s.repeat(n)),
  },
);
export const span: fc.Arbitrary<Span> = fc.record(
  { text, bold: fc.boolean(), italic: fc.boolean() },
  { requiredKeys: ['text'] },
);
export const citationArb: fc.Arbitrary<Citation> = fc.record({
  paragraphId: fc.string({ maxLength: 20 }),
  documentTitle: text,
  publisher: fc.option(text),
  section: fc.option(text),
  n: fc.nat(10_000),
  kind: fc.constantFrom('body', 'caption'),
  url: fc.option(fc.oneof(fc.webUrl(), text)),
  page: fc.option(fc.integer({ min: 1, max: 100_000 }), { nil: undefined }),
});
export const block: fc.Arbitrary<Block> = fc.oneof(
  fc.record({ type: fc.constant('text' as const), spans: fc.array(span, { maxLength: 6 }) }),
  fc.record({
    type: fc.constant('passage' as const),
    index: fc.nat(99),
    spans: fc.array(span, { maxLength: 6 }),
    citation: citationArb,
  }),
  fc.record({
    type: fc.constant('list' as const),
    title: text,
    items: fc.array(
      fc.record({
        label: text,
        text,
        citation: fc.option(citationArb, { nil: undefined }),
        n: fc.option(fc.integer({ min: -1, max: 100_000 }), { nil: undefined }),
      }),
      { maxLength: 40 },
    ),
  }),
  fc.record({
    type: fc.constant('notice' as const),
    tone: fc.constantFrom('info', 'warning'),
    text,
  }),
);
export const action: fc.Arbitrary<Action> = fc.record({
  id: fc.oneof(text, fc.string({ minLength: 95, maxLength: 110 })),
  label: text,
  style: fc.constantFrom('primary', 'secondary', 'success', 'danger'),
  emoji: fc.option(fc.oneof(nasty, fc.constantFrom('📖', '◀', '<:pepe:123456789012345678>')), {
    nil: undefined,
  }),
  disabled: fc.option(fc.boolean(), { nil: undefined }),
});
/** A picture with a hostile name and alt text (the bytes do not matter to renderers). */
export const attachmentArb: fc.Arbitrary<Attachment> = fc.record({
  name: fc.oneof(fc.constant('timeline.png'), text),
  contentType: fc.constant('image/png' as const),
  data: fc.uint8Array({ maxLength: 16 }),
  alt: text,
});
export const replyArb: fc.Arbitrary<Reply> = fc.oneof(
  fc.record({ kind: fc.constant('error' as const), text }),
  fc.record(
    {
      kind: fc.constant('message' as const),
      visibility: fc.constantFrom('public', 'private'),
      title: fc.option(text, { nil: undefined }),
      blocks: fc.array(block, { maxLength: 12 }),
      actions: fc.array(action, { maxLength: 30 }),
      footer: fc.option(text, { nil: undefined }),
      attachments: fc.option(fc.array(attachmentArb, { maxLength: 3 }), { nil: undefined }),
    },
    { requiredKeys: ['kind', 'visibility', 'blocks', 'actions'] },
  ),
);
export const passageArb: fc.Arbitrary<Passage> = fc
  .record({ text, a: fc.nat(), b: fc.nat(), c: citationArb })
  .map(({ text: t, a, b, c }) => {
    const start = Math.min(a, b) % (t.length + 1);
    const end = Math.min(t.length, start + (Math.max(a, b) % (t.length + 1)));
    return {
      id: c.paragraphId,
      docSlug: 'doc',
      documentTitle: c.documentTitle,
      publisher: c.publisher,
      url: c.url,
      section: c.section,
      kind: c.kind,
      n: c.n,
      text: t,
      sentence: { text: t.slice(start, end), start, end },
      matchedTerms: [],
      score: 1,
    };
  });
export const answerArb: fc.Arbitrary<Answer> = fc.record({
  question: text,
  status: fc.constantFrom('answered', 'not_found', 'needs_keyword'),
  reason: fc.constantFrom(null, 'absent', 'weak', 'inexact'),
  confidence: fc.option(fc.double({ min: 0, max: 1, noNaN: true })),
  short: fc.option(
    fc.record({
      text,
      passageId: fc.constantFrom('doc#p1', 'a-b#p12'),
      kind: fc.constantFrom('person', 'date', 'number', 'place', 'thing', 'definition'),
    }),
    { nil: null },
  ),
  missingTerms: fc.array(text, { maxLength: 5 }),
  passages: fc.array(passageArb, { maxLength: 5 }),
  related: fc.array(passageArb, { maxLength: 5 }),
  truncated: fc.boolean(),
});
