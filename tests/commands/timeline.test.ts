import { PNG } from 'pngjs';
import { describe, expect, test } from 'vitest';
import { PAGE_SIZE, PICTURE_NAME, timeline } from '../../commands/timeline.ts';
import type { CommandContext } from '../../commands/types.ts';
import type { ListItem, MessageReply, Reply } from '../../src/answer/reply.ts';
import { asError, asMessage, context, engine, press as pressOn, TestRecent } from './helpers.ts';

const eng = await engine();

function items(reply: MessageReply): ListItem[] {
  return reply.blocks.flatMap((b) => (b.type === 'list' ? b.items : []));
}

async function press(ctx: CommandContext, id: string): Promise<{ mode: string; reply: Reply }> {
  expect(id.startsWith('timeline:')).toBe(true);
  return pressOn(timeline, ctx, id);
}

/** Every line of a timeline, following the "Later" button page by page. */
async function allPages(ctx: CommandContext, first: Reply): Promise<ListItem[]> {
  let page = asMessage(first);
  const out = [...items(page)];
  for (let i = 0; i < 20; i++) {
    const later = page.actions.find((a) => a.label === 'Later');
    if (!later || later.disabled) break;
    const result = await press(ctx, later.id);
    expect(result.mode).toBe('update');
    page = asMessage(result.reply);
    out.push(...items(page));
  }
  return out;
}

describe('/timeline', () => {
  test('the seed timeline, in order, each event cited to its paragraph', async () => {
    const ctx = context(eng);
    const lines = await allPages(ctx, await timeline.execute(ctx, {}));
    const expected: [RegExp, string][] = [
      [/^1979$/, 'iran-russia-alliance#p1'],
      [/^2011$/, 'iran-russia-alliance#p2'],
      [/^2015$/, 'iran-russia-alliance#p2'],
      [/2016/, 'iran-russia-alliance#p2'],
      [/^2018$/, 'iran-russia-alliance#p2'],
      [/^February 2022$/, 'iran-russia-alliance#p2'],
      [/August 2022/, 'iran-russia-alliance#p6'],
      [/^September 2022$/, 'iran-russia-alliance#p5'],
      [/fall of 2022/, 'iran-russia-alliance#p6'],
      [/^March 2023$/, 'iran-russia-alliance#p9'],
    ];
    let from = 0;
    for (const [label, paragraphId] of expected) {
      const i = lines.findIndex(
        (l, j) => j >= from && label.test(l.label) && l.citation?.paragraphId === paragraphId,
      );
      expect(i, `${label} cited to ${paragraphId}, after line ${from}`).toBeGreaterThanOrEqual(
        from,
      );
      from = i;
    }
    // every line is cited, and its paragraph holds the date as written
    for (const line of lines) {
      expect(line.citation).toBeDefined();
      const paragraph = eng.corpus.byId.get(line.citation?.paragraphId ?? '');
      expect(paragraph?.text).toContain(line.label.replace(/ \(\d{4}\)$/, ''));
    }
    expect(lines.length).toBe(eng.facts.timeline().length);
  });

  test('pages: Earlier/Later buttons edit the message, ids ≤ 100 characters', async () => {
    const ctx = context(eng);
    const total = eng.facts.timeline().length;
    expect(total).toBeGreaterThan(PAGE_SIZE);
    const first = asMessage(await timeline.execute(ctx, {}));
    expect(items(first)).toHaveLength(PAGE_SIZE);
    const [earlier, later] = first.actions;
    expect(earlier?.disabled).toBe(true);
    expect(later?.disabled).toBe(false);
    expect(first.footer).toContain('page 1 of');
    const second = await press(ctx, later?.id ?? '');
    const page2 = asMessage(second.reply);
    expect(items(page2)[0]?.text).toBe(eng.facts.timeline()[PAGE_SIZE]?.subject);
    expect(page2.footer).toContain('page 2 of');
    expect(page2.actions[0]?.disabled).toBe(false);
    const back = asMessage((await press(ctx, page2.actions[0]?.id ?? '')).reply);
    expect(items(back)).toEqual(items(first));
    for (const a of [...first.actions, ...page2.actions])
      expect(a.id.length).toBeLessThanOrEqual(100);
  });

  test('a topic and a document narrow it; the query survives paging', async () => {
    const ctx = context(eng);
    const reply = asMessage(
      await timeline.execute(ctx, { topic: 'JCPOA', document: 'iran-russia-alliance' }),
    );
    const lines = items(reply);
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.every((l) => l.citation?.paragraphId.startsWith('iran-russia-alliance#'))).toBe(
      true,
    );
    expect(reply.title).toContain('JCPOA');
  });

  test('a query too long for a button id is remembered under a short key', async () => {
    const recent = new TestRecent();
    const ctx = context(eng, { services: { recent } });
    const topic = `${'Russia Ukraine Iran '.repeat(4)}`.trim();
    const first = asMessage(
      await timeline.execute(ctx, { topic, document: 'iran-russia-alliance' }),
    );
    const later = first.actions.find((a) => a.label === 'Later');
    if (!later) throw new Error('expected more than one page');
    expect(later.id.length).toBeLessThanOrEqual(100);
    expect(later.id).toMatch(/^timeline:1:~k\d+$/);
    const page2 = asMessage((await press(ctx, later.id)).reply);
    expect(page2.title).toContain('Russia');
  });

  test('an unknown document, an empty topic match and a stale button are errors', async () => {
    const ctx = context(eng);
    expect(asError(await timeline.execute(ctx, { document: 'nope' }))).toContain('"nope"');
    expect(asError(await timeline.execute(ctx, { topic: 'xylophones' }))).toContain(
      'no dated events',
    );
    const stale = await press(ctx, 'timeline:1:~gone');
    expect(stale.mode).toBe('reply');
    expect(asError(stale.reply)).toContain('expired');
  });

  test('the whole timeline as a picture, numbered as the lines are, on every page', async () => {
    const ctx = context(eng);
    const total = eng.facts.timeline().length;
    const first = asMessage(await timeline.execute(ctx, {}));
    expect(items(first).map((l) => l.n)).toEqual(
      Array.from({ length: PAGE_SIZE }, (_, i) => i + 1),
    );
    const [picture] = first.attachments ?? [];
    expect(first.attachments).toHaveLength(1);
    expect(picture?.name).toBe(PICTURE_NAME);
    expect(picture?.contentType).toBe('image/png');
    expect(picture?.alt).toMatch(new RegExp(`^Timeline: ${total} dated events\\. \\[1\\] `, 'u'));
    // every event is in the picture's alt text, numbered as in the reply
    expect(picture?.alt).toContain(`[${PAGE_SIZE + 1}] `);
    const png = PNG.sync.read(Buffer.from(picture?.data ?? []));
    expect(png.width).toBe(1200);
    expect(png.height).toBeGreaterThan(200);
    const later = first.actions.find((a) => a.label === 'Later');
    const page2 = asMessage((await press(ctx, later?.id ?? '')).reply);
    expect(items(page2)[0]?.n).toBe(PAGE_SIZE + 1);
    expect(page2.attachments?.[0]?.data).toEqual(picture?.data);
  });

  test('Share in channel posts the page for everyone, with its picture', async () => {
    const ctx = context(eng);
    const first = asMessage(await timeline.execute(ctx, {}));
    const share = first.actions.find((a) => a.label === 'Share in channel');
    expect(share?.id).toBe('timeline:share:0::');
    const shared = await press(ctx, share?.id ?? '');
    expect(shared.mode).toBe('reply');
    const reply = asMessage(shared.reply);
    expect(reply.visibility).toBe('public');
    expect(reply.footer).toContain('shared by tester');
    expect(reply.actions.map((a) => a.label)).toEqual(['Earlier', 'Later']);
    expect(reply.attachments).toHaveLength(1);
    expect(items(reply)).toEqual(items(first));
  });

  test('document autocomplete', async () => {
    const choices = await timeline.autocomplete?.(context(eng), {
      name: 'document',
      value: 'iran',
    });
    expect(choices?.map((c) => c.value)).toContain('iran-russia-alliance');
    expect(choices?.length).toBeLessThanOrEqual(25);
  });
});
