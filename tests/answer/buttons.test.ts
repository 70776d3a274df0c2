/** Button ids: one codec, typed values in, the same values out; anything else refused politely. */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  BUTTON_ID_MAX,
  type ButtonValue,
  buttonAction,
  buttonId,
  parseButton,
} from '../../src/answer/buttons.ts';

const slug = fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,30}$/u);
const paragraphId = fc.tuple(slug, fc.integer({ min: 1, max: 9999 })).map(([s, n]) => `${s}#p${n}`);
const key = fc.stringMatching(/^[A-Za-z0-9_-]{1,12}$/u);
/** Any text, including colons, tildes, emoji and other scripts. */
const text = fc.string({
  unit: fc.oneof(
    fc.constantFrom(':', '~', '#', ' ', 'é', 'Ж', '日', '🚀'),
    fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
  ),
  maxLength: 40,
});

const value: fc.Arbitrary<ButtonValue> = fc.oneof(
  paragraphId.map((id) => ({ command: 'source', action: 'page', paragraphId: id }) as const),
  paragraphId.map((id) => ({ command: 'source', action: 'open', paragraphId: id }) as const),
  fc
    .constantFrom('previous' as const, 'next' as const)
    .map((side) => ({ command: 'source', action: 'end', side }) as const),
  key.map((k) => ({ command: 'ask', action: 'share', key: k }) as const),
  fc
    .tuple(key, fc.constantFrom(1 as const, -1 as const))
    .map(([k, vote]) => ({ command: 'ask', action: 'vote', key: k, vote }) as const),
  fc
    .tuple(paragraphId, fc.constantFrom('date', 'figure'), fc.nat(20))
    .map(
      ([p, kind, i]) => ({ command: 'ask', action: 'about', factId: `${p}:${kind}:${i}` }) as const,
    ),
  text.map((topic) => ({ command: 'fact', action: 'another', topic }) as const),
  fc
    .tuple(text, fc.stringMatching(/^[0-9a-z]{1,8}$/u))
    .map(([topic, after]) => ({ command: 'fact', action: 'another', topic, after }) as const),
  fc
    .tuple(fc.integer({ min: -1, max: 9999 }), slug, text)
    .map(
      ([page, docSlug, topic]) =>
        ({ command: 'timeline', action: 'page', page, query: { docSlug, topic } }) as const,
    ),
  fc
    .tuple(fc.integer({ min: -1, max: 9999 }), key)
    .map(
      ([page, k]) => ({ command: 'timeline', action: 'page', page, query: { key: k } }) as const,
    ),
  fc.tuple(fc.integer({ min: -1, max: 9999 }), slug, text, key, fc.boolean()).map(
    ([page, docSlug, topic, k, byKey]) =>
      ({
        command: 'timeline',
        action: 'share',
        page,
        query: byKey ? { key: k } : { docSlug, topic },
      }) as const,
  ),
  fc
    .tuple(fc.stringMatching(/^[a-z][a-z-]{0,15}$/u), text)
    .filter(([c]) => !['source', 'ask', 'fact', 'timeline'].includes(c))
    .map(([command, arg]) => ({ command, action: 'other', arg }) as const),
);

describe('button ids', () => {
  test('property: every value that fits reads back as itself, within the id limit', () => {
    fc.assert(
      fc.property(value, (v) => {
        const id = buttonId(v);
        if (id === null) return;
        expect(id.length).toBeLessThanOrEqual(BUTTON_ID_MAX);
        expect(parseButton(id)).toEqual({ ok: true, value: v });
      }),
      { numRuns: 2000 },
    );
  });

  test('property: realistic values always fit (ids, keys and short topics)', () => {
    const realistic = value.filter(
      (v) =>
        !('topic' in v && v.topic.length > 40) &&
        !(v.action === 'page' && 'query' in v && 'topic' in v.query && v.query.topic.length > 40),
    );
    fc.assert(
      fc.property(realistic, (v) => {
        expect(buttonId(v)).not.toBeNull();
      }),
    );
  });

  test('property: any string parses without throwing; a parsed id with a colon is canonical', () => {
    fc.assert(
      fc.property(fc.oneof(text, fc.string({ maxLength: 120 })), (id) => {
        const parsed = parseButton(id);
        if (parsed.ok && id.includes(':')) expect(buttonId(parsed.value)).toBe(id);
        if (!parsed.ok) expect(parsed.reason).toMatch(/button/u);
      }),
      { numRuns: 2000 },
    );
  });

  test('the ids buttons have always had (messages posted before keep working)', () => {
    const cases: [ButtonValue, string][] = [
      [
        { command: 'source', action: 'page', paragraphId: 'going-ballistic#p3' },
        'source:going-ballistic#p3',
      ],
      [{ command: 'source', action: 'open', paragraphId: 'doc#p1' }, 'source:open:doc#p1'],
      [{ command: 'source', action: 'end', side: 'previous' }, 'source:none'],
      [{ command: 'source', action: 'end', side: 'next' }, 'source:none:end'],
      [{ command: 'ask', action: 'share', key: 'k1' }, 'ask:share:k1'],
      [{ command: 'ask', action: 'vote', key: 'k1', vote: 1 }, 'ask:up:k1'],
      [{ command: 'ask', action: 'vote', key: 'k1', vote: -1 }, 'ask:down:k1'],
      [{ command: 'ask', action: 'about', factId: 'doc#p1:date:0' }, 'ask:about:doc#p1:date:0'],
      [{ command: 'fact', action: 'another', topic: '' }, 'fact:'],
      [{ command: 'fact', action: 'another', topic: 'drones: Shahed' }, 'fact:drones: Shahed'],
      [
        { command: 'fact', action: 'another', topic: 'drones', after: '3yqmfm' },
        'fact:~3yqmfm:drones',
      ],
      [
        { command: 'timeline', action: 'page', page: 1, query: { docSlug: '', topic: '' } },
        'timeline:1::',
      ],
      [
        { command: 'timeline', action: 'page', page: -1, query: { docSlug: 'd', topic: 'a:b' } },
        'timeline:-1:d:a:b',
      ],
      [{ command: 'timeline', action: 'page', page: 2, query: { key: 'abc' } }, 'timeline:2:~abc'],
      [
        { command: 'timeline', action: 'share', page: 0, query: { docSlug: '', topic: 'x' } },
        'timeline:share:0::x',
      ],
      [
        { command: 'timeline', action: 'share', page: 3, query: { key: 'k2' } },
        'timeline:share:3:~k2',
      ],
      [{ command: 'pager', action: 'other', arg: '3' }, 'pager:3'],
    ];
    for (const [v, id] of cases) {
      expect(buttonId(v)).toBe(id);
      expect(parseButton(id)).toEqual({ ok: true, value: v });
    }
  });

  test('values that cannot be ids are left off instead of making a broken button', () => {
    const long = { command: 'fact', action: 'another', topic: 'x'.repeat(100) } as const;
    expect(buttonId(long)).toBeNull();
    expect(buttonAction(long, { label: 'Another fact', style: 'secondary' })).toEqual([]);
    expect(
      buttonAction(
        { command: 'fact', action: 'another', topic: 'x' },
        { label: 'L', style: 'primary' },
      ),
    ).toEqual([{ id: 'fact:x', label: 'L', style: 'primary' }]);
    // would read back as something else
    expect(buttonId({ command: 'source', action: 'page', paragraphId: 'open:x' })).toBeNull();
    expect(buttonId({ command: 'source', action: 'page', paragraphId: 'none' })).toBeNull();
    expect(
      buttonId({
        command: 'timeline',
        action: 'page',
        page: 0,
        query: { docSlug: 'a:b', topic: '' },
      }),
    ).toBeNull();
    expect(
      buttonId({
        command: 'timeline',
        action: 'page',
        page: 0,
        query: { docSlug: '~k', topic: '' },
      }),
    ).toBeNull();
    expect(buttonId({ command: 'ask', action: 'share', key: 'not a key!' })).toBeNull();
    expect(buttonId({ command: 'ask', action: 'other', arg: 'x' })).toBeNull();
    expect(buttonId({ command: 'fact', action: 'another', topic: '\uD800' })).toBeNull();
  });

  test('stale, forged or malformed ids are refused with a reason', () => {
    for (const id of [
      '',
      'x'.repeat(101),
      'ask:share:',
      'ask:share:has space',
      'ask:maybe:k1',
      'ask',
      'source:',
      'source:open:',
      'source:none:later',
      'timeline:x::',
      'timeline:01::',
      'timeline:1',
      'timeline:1:~',
      'fact',
      'pager:\uDC00',
    ]) {
      const parsed = parseButton(id);
      expect(parsed.ok, id).toBe(false);
    }
  });
});
