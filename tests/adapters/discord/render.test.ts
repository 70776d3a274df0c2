/** The renderer: exact output for known inputs, and every Discord limit under arbitrary input (T-D7). */
import type { APIEmbed } from 'discord.js';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { embedChars, LIMITS } from '../../../src/adapters/discord/limits.ts';
import {
  type RenderedMessage,
  renderChoices,
  renderReply,
} from '../../../src/adapters/discord/render.ts';
import { escapeMarkdown, truncate } from '../../../src/adapters/discord/text.ts';
import { shortenSpans } from '../../../src/adapters/text.ts';
import { answerBlocks } from '../../../src/answer/present.ts';
import type { Action, Reply, Span } from '../../../src/answer/reply.ts';
import { answerArb, replyArb, text } from './arbitraries.ts';
import { citation } from './citation.ts';

describe('renderer: known inputs', () => {
  test('escaping: markdown, mentions, line-start markup; URLs kept and wrapped', () => {
    expect(escapeMarkdown('*a* _b_ ~~c~~ `d` ||e|| [f](g) \\ <@123> <#4> @everyone @here')).toBe(
      '\\*a\\* \\_b\\_ \\~\\~c\\~\\~ \\`d\\` \\|\\|e\\|\\| \\[f\\](g) \\\\ \\<@123> \\<#4> @\u200beveryone @\u200bhere',
    );
    expect(escapeMarkdown('# head\n> quote\n- item\n1. first\n-# small')).toBe(
      '\\# head\n\\> quote\n\\- item\n1\\. first\n\\-# small',
    );
    expect(escapeMarkdown('see https://example.com/a_b*c, then (https://x.org/wiki/A_(b)).')).toBe(
      'see <https://example.com/a_b*c>, then (<https://x.org/wiki/A_(b)>).',
    );
    expect(escapeMarkdown('bidi \u202eevil\u202c and a lone \ud800 surrogate')).toBe(
      'bidi evil and a lone \ufffd surrogate',
    );
  });

  test('truncate never splits a surrogate pair nor leaves a dangling escape', () => {
    expect(truncate('ab😀cd', 4)).toBe('ab…');
    expect(truncate('ab\\*cd', 4)).toBe('ab…');
    expect(truncate('short', 5)).toBe('short');
  });

  test('long passages are shortened around the bold sentence', () => {
    const spans: Span[] = [
      { text: `${'before '.repeat(100)}end. ` },
      { text: 'The answer is here.', bold: true },
      { text: ` After it ${'after '.repeat(100)}` },
    ];
    const short = shortenSpans(spans, 120);
    const text = short.map((s) => s.text).join('');
    expect(text.length).toBeLessThanOrEqual(120);
    expect(short.find((s) => s.bold)?.text).toBe('The answer is here.');
    expect(text.startsWith('…')).toBe(true);
    expect(text.endsWith('…')).toBe(true);
  });

  test('an answer renders as one embed: quoted passages with bold sentences and citations', () => {
    const reply: Reply = {
      kind: 'message',
      visibility: 'private',
      title: 'Did Iran send *missiles*?',
      blocks: [
        {
          type: 'passage',
          index: 1,
          spans: [{ text: 'Context. ' }, { text: 'Iran sent 200 missiles.', bold: true }],
          citation,
        },
        {
          type: 'list',
          title: 'Related',
          items: [{ label: '2024', text: 'Drones <@1>', citation }],
        },
        { type: 'notice', tone: 'warning', text: 'Not found: North Korea.' },
      ],
      actions: [{ id: 'ask:share:k1', label: 'Share in channel', style: 'primary', emoji: '📣' }],
      footer: 'Shared by *bob*',
    };
    const r = renderReply(reply);
    expect(r).toEqual({
      embeds: [
        {
          title: 'Did Iran send \\*missiles\\*?',
          description: [
            '> Context. **Iran sent 200 missiles.**',
            '[1] Going ballistic: How Europeans can respond to… — ECFR, ¶2',
            '',
            '**Related**',
            '• **2024** — Drones \\<@1> · *Going ballistic: How Europeans can respond to… — ECFR, ¶2*',
            '',
            '⚠️ Not found: North Korea.',
          ].join('\n'),
          footer: { text: 'Shared by *bob*' },
        },
      ],
      components: [
        {
          type: 1,
          components: [
            {
              type: 2,
              style: 1,
              custom_id: 'ask:share:k1',
              label: 'Share in channel',
              emoji: { name: '📣' },
            },
          ],
        },
      ],
      allowedMentions: { parse: [], repliedUser: false },
      ephemeral: true,
      warnings: [],
    });
  });

  test('plain text when embeds are not allowed; errors are private plain text; nothing is ever empty', () => {
    const reply: Reply = {
      kind: 'message',
      visibility: 'public',
      title: 'Fact',
      blocks: [{ type: 'text', spans: [{ text: 'x' }] }],
      actions: [],
      footer: 'f',
    };
    expect(renderReply(reply, { embeds: false })).toMatchObject({
      content: '**Fact**\n\nx\n\n-# f',
      embeds: [],
      ephemeral: false,
    });
    expect(renderReply({ kind: 'error', text: '' })).toMatchObject({
      content: '⚠️ Something went wrong.',
      ephemeral: true,
    });
    expect(
      renderReply({ kind: 'message', visibility: 'public', blocks: [], actions: [] }).embeds,
    ).toEqual([{ description: 'Nothing to show.' }]);
    expect(
      renderReply(
        { kind: 'message', visibility: 'public', blocks: [], actions: [] },
        { embeds: false },
      ).content,
    ).toBe('Nothing to show.');
  });

  test('buttons: rows of 5, at most 25, over-long / duplicate ids dropped with a warning', () => {
    const actions: Action[] = Array.from({ length: 30 }, (_, i) => ({
      id: `c:${i}`,
      label: `b${i}`,
      style: 'secondary',
    }));
    actions.splice(
      3,
      0,
      { id: `c:${'x'.repeat(99)}`, label: 'long', style: 'danger' },
      { id: 'c:0', label: 'dup', style: 'primary' },
    );
    const r = renderReply({ kind: 'message', visibility: 'public', blocks: [], actions });
    expect(r.components).toHaveLength(5);
    expect(r.components.every((row) => row.components.length === 5)).toBe(true);
    expect(
      r.components.flatMap((row) => row.components.map((b) => b.custom_id)).slice(0, 4),
    ).toEqual(['c:0', 'c:1', 'c:2', 'c:3']);
    expect(r.warnings).toEqual(
      expect.arrayContaining([
        expect.stringContaining('invalid id'),
        expect.stringContaining('duplicate'),
        expect.stringContaining('25-button'),
      ]),
    );
  });

  test('autocomplete choices: ≤ 25, names cut to 100, long or empty values dropped', () => {
    const choices = renderChoices([
      { name: 'x'.repeat(200), value: 'a' },
      { name: 'ok', value: 'v'.repeat(101) },
      { name: 'empty', value: '' },
      { name: '   ', value: 'name-from-value' },
      ...Array.from({ length: 30 }, (_, i) => ({ name: `n${i}`, value: `v${i}` })),
    ]);
    expect(choices).toHaveLength(25);
    expect(choices[0]).toEqual({ name: `${'x'.repeat(99)}…`, value: 'a' });
    expect(choices[1]).toEqual({ name: 'name-from-value', value: 'name-from-value' });
  });
});

// ---------------------------------------------------------------------------------------------
// Property test
// ---------------------------------------------------------------------------------------------

const wellFormed = (s: string) => s === s.toWellFormed();
/** Every `<` that Discord would parse (not escaped) must open a URL autolink. */
const activeAngle = /(?<!\\)(?:\\\\)*<(?!https?:\/\/)/;

function markdownStrings(r: RenderedMessage): string[] {
  const out: string[] = [];
  if (r.content !== undefined) out.push(r.content);
  for (const e of r.embeds) {
    if (e.title) out.push(e.title);
    if (e.description) out.push(e.description);
    for (const f of e.fields ?? []) out.push(f.name, f.value);
  }
  return out;
}

function checkLimits(r: RenderedMessage): void {
  expect(r.allowedMentions).toEqual({ parse: [], repliedUser: false });
  if (r.content !== undefined) {
    expect(r.content.length).toBeLessThanOrEqual(LIMITS.content);
    expect(r.content.trim()).not.toBe('');
  } else {
    expect(r.embeds.length).toBeGreaterThan(0);
  }
  expect(r.embeds.length).toBeLessThanOrEqual(LIMITS.embeds);
  expect(embedChars(r.embeds)).toBeLessThanOrEqual(LIMITS.embedTotal);
  for (const e of r.embeds as APIEmbed[]) {
    expect((e.title ?? '') + (e.description ?? '')).not.toBe('');
    if (e.description !== undefined) expect(e.description.trim()).not.toBe('');
    expect(e.title?.length ?? 0).toBeLessThanOrEqual(LIMITS.title);
    expect(e.description?.length ?? 0).toBeLessThanOrEqual(LIMITS.description);
    expect(e.footer?.text.length ?? 0).toBeLessThanOrEqual(LIMITS.footer);
    expect(e.author?.name.length ?? 0).toBeLessThanOrEqual(LIMITS.author);
    expect(e.fields?.length ?? 0).toBeLessThanOrEqual(LIMITS.fields);
    for (const f of e.fields ?? []) {
      expect(f.name.length).toBeLessThanOrEqual(LIMITS.fieldName);
      expect(f.value.length).toBeLessThanOrEqual(LIMITS.fieldValue);
    }
    if (e.footer) expect(wellFormed(e.footer.text)).toBe(true);
  }
  expect(r.components.length).toBeLessThanOrEqual(LIMITS.rows);
  const names = new Set<string>();
  for (const f of r.files ?? []) {
    expect(f.name).toMatch(/^[A-Za-z0-9_-][A-Za-z0-9._-]*\.png$/u);
    expect(names.has(f.name)).toBe(false);
    names.add(f.name);
    expect(f.description.length).toBeLessThanOrEqual(LIMITS.attachmentDescription);
    expect(wellFormed(f.description)).toBe(true);
  }
  const ids = new Set<string>();
  for (const row of r.components) {
    expect(row.components.length).toBeGreaterThan(0);
    expect(row.components.length).toBeLessThanOrEqual(LIMITS.buttonsPerRow);
    for (const b of row.components) {
      expect(b.custom_id.length).toBeGreaterThan(0);
      expect(b.custom_id.length).toBeLessThanOrEqual(LIMITS.customId);
      expect(ids.has(b.custom_id)).toBe(false);
      ids.add(b.custom_id);
      expect(b.label !== undefined || b.emoji !== undefined).toBe(true);
      expect(b.label?.length ?? 0).toBeLessThanOrEqual(LIMITS.buttonLabel);
      if (b.label !== undefined) expect(wellFormed(b.label)).toBe(true);
    }
  }
  for (const s of markdownStrings(r)) {
    expect(wellFormed(s)).toBe(true);
    expect(s).not.toMatch(/@(everyone|here)/i);
    expect(s).not.toMatch(activeAngle);
  }
  expect(() => JSON.stringify(r)).not.toThrow();
}

describe('renderer: properties (T-D7)', () => {
  test('arbitrary Replies stay within every limit, with mentions inert', () => {
    fc.assert(
      fc.property(replyArb, fc.boolean(), (reply, embeds) => {
        checkLimits(renderReply(reply, { embeds }));
      }),
      { numRuns: 300, endOnFailure: true },
    );
  });

  test('arbitrary Answers presented as a Reply stay within every limit', () => {
    fc.assert(
      fc.property(
        answerArb,
        fc.constantFrom('public', 'private'),
        fc.boolean(),
        (answer, visibility, embeds) => {
          const reply: Reply = {
            kind: 'message',
            visibility,
            title: answer.question,
            blocks: answerBlocks(answer),
            actions: [],
          };
          checkLimits(renderReply(reply, { embeds }));
        },
      ),
      { numRuns: 200, endOnFailure: true },
    );
  });

  test('arbitrary autocomplete choices stay within the limits', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ name: text, value: text }), { maxLength: 60 }),
        (choices) => {
          const out = renderChoices(choices);
          expect(out.length).toBeLessThanOrEqual(LIMITS.choices);
          for (const c of out) {
            expect(c.name.length).toBeGreaterThan(0);
            expect(c.name.length).toBeLessThanOrEqual(LIMITS.choiceName);
            expect(c.value.length).toBeGreaterThan(0);
            expect(c.value.length).toBeLessThanOrEqual(LIMITS.choiceValue);
            expect(wellFormed(c.name) && wellFormed(c.value)).toBe(true);
          }
        },
      ),
      { numRuns: 200, endOnFailure: true },
    );
  });
});

describe('renderer: the one ping a reply may carry (Ask a human)', () => {
  const ask: Reply = {
    kind: 'message',
    visibility: 'public',
    ping: { role: '300000000000000123' },
    blocks: [
      { type: 'text', spans: [{ text: 'alice would like a person to help @everyone <@1>' }] },
    ],
    actions: [],
  };

  test('names the role in the content and allows exactly that role', () => {
    const m = renderReply(ask);
    expect(m.content).toBe('<@&300000000000000123>');
    expect(m.allowedMentions).toEqual({
      parse: [],
      repliedUser: false,
      roles: ['300000000000000123'],
    });
    // the embed's text never pings (embeds cannot), whatever it says
    expect(m.content).not.toMatch(/@everyone|<@1>/u);
    const plain = renderReply(ask, { embeds: false });
    expect(plain.content?.startsWith('<@&300000000000000123> ')).toBe(true);
    expect(plain.allowedMentions.roles).toEqual(['300000000000000123']);
  });

  test('no ping for a private reply, nor for a role id that is not one', () => {
    for (const reply of [
      { ...ask, visibility: 'private' as const },
      { ...ask, ping: { role: 'everyone' } },
      { ...ask, ping: { role: '<@&1>' } },
    ]) {
      const m = renderReply(reply);
      expect(m.allowedMentions).toEqual({ parse: [], repliedUser: false });
      expect(m.content ?? '').not.toContain('<@&');
    }
  });
});
