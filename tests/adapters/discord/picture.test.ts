/**
 * The timeline picture on Discord, through the real discord.js Client and the fake Discord: the
 * PNG goes up as a multipart file with its alt text as the description, the embed shows it, and
 * Earlier/Later edits replace it instead of keeping the old one beside a new one.
 */
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { commands } from '../../../commands/index.ts';
import { createOptions, editOptions, renderReply } from '../../../src/adapters/discord/render.ts';
import type { Reply } from '../../../src/answer/reply.ts';
import {
  buttonRow,
  type FakeDiscord,
  type RecordedRequest,
  startFakeDiscord,
} from '../../support/fake-discord/index.ts';
import { type Harness, startAdapter } from './helpers.ts';

interface Payload {
  type?: number;
  data?: Data;
}
interface Data {
  embeds?: { image?: { url?: string } }[];
  attachments?: { id?: string | number; filename?: string; description?: string }[];
  components?: { components?: { custom_id?: string; label?: string }[] }[];
}

let fake: FakeDiscord;
let h: Harness;
beforeAll(async () => {
  fake = await startFakeDiscord();
  h = await startAdapter(fake, commands);
});
afterAll(async () => {
  await h?.stop();
  await fake?.close();
});

/** The request that carried an interaction's message (the callback, or the edit after a deferral). */
async function messageRequest(interactionId: string, token: string): Promise<RecordedRequest> {
  return fake.waitForRequest(
    (r) =>
      r.multipart !== undefined &&
      ((r.route === '/interactions/:id/:token/callback' && r.params.id === interactionId) ||
        r.params.token === token),
    8000,
  );
}

function dataOf(req: RecordedRequest): Data {
  const body = req.body as Payload & Data;
  return body.data ?? body;
}

function decoded(req: RecordedRequest): PNG {
  const file = req.multipart?.files[0];
  expect(file?.filename).toBe('timeline.png');
  return PNG.sync.read(file?.data ?? Buffer.alloc(0));
}

describe('the timeline picture on Discord', () => {
  test('/timeline uploads the PNG, described by its alt text and shown in the embed', async () => {
    const p = fake.sendChatInput('timeline');
    const req = await messageRequest(p.id, p.token);
    const data = dataOf(req);
    expect(data.embeds?.[0]?.image?.url).toBe('attachment://timeline.png');
    // the file part files[0] and its entry in attachments, described by the alt text
    expect(data.attachments).toHaveLength(1);
    expect(String(data.attachments?.[0]?.id)).toBe('0');
    expect(data.attachments?.[0]?.description).toMatch(/^Timeline: \d+ dated events\. \[1\] /u);
    expect(req.multipart?.files.map((f) => f.field)).toEqual(['files[0]']);
    const png = decoded(req);
    expect(png.width).toBe(1200);
    expect(png.height).toBeGreaterThan(200);
    // not blank: some pixels are far from the white background
    let inked = 0;
    for (let i = 0; i < png.data.length; i += 4) if ((png.data[i] ?? 255) < 128) inked++;
    expect(inked).toBeGreaterThan(1000);
  });

  test('Later edits the message with the picture replaced, not added', async () => {
    const p = fake.sendChatInput('timeline');
    const first = dataOf(await messageRequest(p.id, p.token));
    const later = first.components
      ?.flatMap((r) => r.components ?? [])
      .find((b) => b.label === 'Later');
    expect(later?.custom_id).toMatch(/^timeline:1:/u);
    const msg = fake.seedMessage({
      content: '',
      flags: 64,
      components: [buttonRow([{ customId: later?.custom_id ?? '', label: 'Later' }])],
    });
    const press = fake.sendButton({
      customId: later?.custom_id ?? '',
      message: msg,
      ephemeral: true,
    });
    const req = await messageRequest(press.id, press.token);
    const body = req.body as Payload;
    const data = dataOf(req);
    expect(body.type === 7 || req.method === 'PATCH').toBe(true);
    // only the new file: the old attachment is not kept beside it
    expect(data.attachments).toHaveLength(1);
    expect(req.multipart?.files).toHaveLength(1);
    expect(data.embeds?.[0]?.image?.url).toBe('attachment://timeline.png');
    await fake.waitForRequest((r) => r === req && r.status !== undefined, 4000);
    expect(fake.world.messages.get(msg.id)?.attachments).toHaveLength(1);
  });
});

describe('rendering pictures for discord.js', () => {
  const reply: Reply = {
    kind: 'message',
    visibility: 'private',
    title: 'T',
    blocks: [],
    actions: [],
    attachments: [
      {
        name: 'a b.png',
        contentType: 'image/png',
        data: new Uint8Array([1, 2]),
        alt: 'x\u202e'.repeat(600),
      },
      { name: 'a b.png', contentType: 'image/png', data: new Uint8Array([3]), alt: 'second' },
    ],
  };

  test('safe, unique names; descriptions within 1,024; the first one in the embed', () => {
    const r = renderReply(reply);
    expect(r.files?.map((f) => f.name)).toEqual(['a_b.png', 'picture-2.png']);
    expect(r.files?.[0]?.description.length).toBeLessThanOrEqual(1024);
    expect(r.files?.[0]?.description).not.toContain('\u202e');
    expect(r.embeds[0]?.image).toEqual({ url: 'attachment://a_b.png' });
  });

  test('a new message attaches the files; an edit also drops the old ones', () => {
    const r = renderReply(reply);
    expect(createOptions(r).files).toHaveLength(2);
    expect(createOptions(r)).not.toHaveProperty('attachments');
    expect(editOptions(r).attachments).toEqual([]);
    expect(editOptions(r).files).toHaveLength(2);
    // a reply without pictures leaves the message's files alone (and its payload as before)
    const plain = renderReply({ ...reply, attachments: undefined });
    expect(plain).not.toHaveProperty('files');
    expect(editOptions(plain)).not.toHaveProperty('attachments');
  });
});
