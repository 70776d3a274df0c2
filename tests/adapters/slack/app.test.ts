/**
 * The Slack adapter end to end on 127.0.0.1: signed interactions into the real Bolt receiver on
 * the bot's HTTP server, answers to the fake Slack's response_urls and Web API, every payload
 * checked for Block Kit limits and escaping by the fake.
 */
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { commands } from '../../../commands/index.ts';
import { defineCommand } from '../../../commands/types.ts';
import { ResponseUrl } from '../../../src/adapters/slack/response-url.ts';
import { STALE_BUTTON } from '../../../src/interactions/notices.ts';
import { CHANNEL_ID, type ResponsePost } from '../../support/fake-slack/index.ts';
import { captureLogger } from '../discord/helpers.ts';
import { answersTo, type SlackHarness, startSlack } from './helpers.ts';

type Obj = Record<string, unknown>;

/** All the text a response shows (fallback, header, sections, context), for assertions. */
function shown(post: ResponsePost | undefined): string {
  if (!post) return '';
  const blocks = Array.isArray(post.payload.blocks) ? (post.payload.blocks as Obj[]) : [];
  const texts = blocks.flatMap((b) => {
    if (b.type === 'context') return ((b.elements as Obj[]) ?? []).map((e) => String(e.text));
    const t = b.text as Obj | undefined;
    return t ? [String(t.text)] : [];
  });
  return [String(post.payload.text ?? ''), ...texts].join('\n');
}

function buttons(post: ResponsePost | undefined): { id: string; label: string }[] {
  const blocks = Array.isArray(post?.payload.blocks) ? (post.payload.blocks as Obj[]) : [];
  return blocks
    .filter((b) => b.type === 'actions')
    .flatMap((b) =>
      (b.elements as Obj[]).map((e) => ({
        id: String(e.action_id),
        label: String((e.text as Obj).text),
      })),
    );
}

let h: SlackHarness;
beforeAll(async () => {
  h = await startSlack(commands, { core: { cooldown: null } });
});
afterAll(() => h.stop());
afterEach(() => {
  expect(h.fake.problems).toEqual([]);
});

/** The first `n` answers to an interaction, wherever they landed (see answersTo). */
async function answerTo(responseId: string, n = 1): Promise<ResponsePost[]> {
  await h.fake.until(() => answersTo(h.fake, responseId).length >= n, 8000, `response ${n}`);
  return answersTo(h.fake, responseId);
}

describe('/dossier', () => {
  test('help: acknowledged at once with an empty 200, then answered privately', async () => {
    const r = await h.fake.slash(h.eventsUrl, 'help');
    expect(r.status).toBe(200);
    expect(r.body).toBe('');
    const [post] = await answerTo(r.responseId);
    expect(post?.payload).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(shown(post)).toContain('/dossier ask');
    expect(shown(post)).toContain('a message’s ⋮ menu');
    // A member sees no moderator commands.
    expect(shown(post)).not.toContain('/dossier daily');
  });

  test('a bare /dossier is help', async () => {
    const r = await h.fake.slash(h.eventsUrl, '');
    const [post] = await answerTo(r.responseId);
    expect(shown(post)).toContain('/dossier ask');
  });

  test('ask: a cited private answer with Share in channel; sharing posts it for everyone', async () => {
    const r = await h.fake.slash(h.eventsUrl, 'ask What is an SRBM?');
    const [post] = await answerTo(r.responseId);
    expect(post?.payload.response_type).toBe('ephemeral');
    expect(shown(post)).toMatch(/¶\d/u);
    const share = buttons(post).find((b) => b.label === 'Share in channel');
    expect(share?.id).toMatch(/^ask:share:/u);
    const pressed = await h.fake.press(h.eventsUrl, share?.id ?? '', { ephemeral: true });
    expect(pressed.status).toBe(200);
    const [shared] = await answerTo(pressed.responseId);
    expect(shared?.payload).toMatchObject({ response_type: 'in_channel', replace_original: false });
    expect(shown(shared)).toContain('Shared by asker');
  });

  test('a question without a command is /ask; a single unknown word is a usage error', async () => {
    const q = await h.fake.slash(h.eventsUrl, 'what is an SRBM?');
    expect(shown((await answerTo(q.responseId))[0])).toMatch(/¶\d/u);
    const typo = await h.fake.slash(h.eventsUrl, 'timline');
    const [post] = await answerTo(typo.responseId);
    expect(shown(post)).toContain('There is no command "timline". Try /dossier ask, ');
  });

  test('usage errors name the command as typed on Slack', async () => {
    const r = await h.fake.slash(h.eventsUrl, 'daily set <#C0123ABCD|news>');
    expect(shown((await answerTo(r.responseId))[0])).toContain(
      'Please fill in "time". Usage: /dossier daily set &lt;channel&gt; &lt;time&gt; &lt;timezone&gt; [topic:…]',
    );
    const d = await h.fake.slash(h.eventsUrl, 'daily');
    expect(shown((await answerTo(d.responseId))[0])).toContain('/dossier daily set');
  });

  test('mentions and markup typed by a user stay text (escaped as Slack sent them)', async () => {
    // Slack escapes what a user types: "<!channel> & <@U1>" arrives as entities.
    const r = await h.fake.slash(h.eventsUrl, 'ask &lt;!channel&gt; &amp; &lt;@U1&gt; drones?');
    const [post] = await answerTo(r.responseId);
    const text = shown(post);
    expect(text).not.toMatch(/<[!@#]/u);
    // the fake checks every text for unescaped & < > (afterEach)
  });

  test('daily is refused to members, with Slack’s words for the permission', async () => {
    const r = await h.fake.slash(h.eventsUrl, 'daily set <#C0123ABCD|news> 09:00 Europe/Paris');
    const [post] = await answerTo(r.responseId);
    expect(shown(post)).toContain(
      'Only members with the Workspace Admin permission can use /dossier daily.',
    );
  });

  test('daily for an admin reads the channel Slack escaped (no daily service here: not available)', async () => {
    h.fake.admins.add('U0000ADMIN');
    const r = await h.fake.slash(h.eventsUrl, 'daily status <#C0123ABCD|news>', {
      userId: 'U0000ADMIN',
    });
    const [post] = await answerTo(r.responseId);
    expect(shown(post)).not.toContain('must be a channel');
    expect(h.fake.callsOf('users.info').some((c) => c.body.user === 'U0000ADMIN')).toBe(true);
  });
});

describe('buttons', () => {
  test('timeline: numbered lines, the picture described privately; Later edits in place', async () => {
    const r = await h.fake.slash(h.eventsUrl, 'timeline');
    const [post] = await answerTo(r.responseId);
    const text = shown(post);
    expect(text).toContain('[1] *');
    expect(text).toContain('🖼️ Picture: Timeline: ');
    // Slack has no disabled buttons: the first page offers Later and Share only.
    expect(buttons(post).map((b) => b.label)).toEqual(['▶ Later', 'Share in channel']);
    const later = buttons(post)[0];
    const pressed = await h.fake.press(h.eventsUrl, later?.id ?? '', { ephemeral: true });
    const [page2] = await answerTo(pressed.responseId);
    expect(page2?.payload.replace_original).toBe(true);
    expect(shown(page2)).toContain('[9] *');
    expect(h.fake.uploads).toHaveLength(0);
  });

  test('timeline shared: posted in the channel with the picture as a file, alt text included', async () => {
    const r = await h.fake.slash(h.eventsUrl, 'timeline');
    const [post] = await answerTo(r.responseId);
    const share = buttons(post).find((b) => b.label === 'Share in channel');
    const pressed = await h.fake.press(h.eventsUrl, share?.id ?? '', { ephemeral: true });
    const [shared] = await answerTo(pressed.responseId);
    expect(shared?.payload.response_type).toBe('in_channel');
    // the channel sees the file, so the message does not describe it again
    expect(shown(shared)).not.toContain('🖼️ Picture');
    await h.fake.until(() => h.fake.uploads.length === 1, 8000, 'the upload');
    const [upload] = h.fake.uploads;
    expect(upload?.channelId).toBe(CHANNEL_ID);
    expect(upload?.filename).toBe('timeline.png');
    expect(upload?.altText).toMatch(/^Timeline: \d+ dated events\. \[1\] /u);
    expect(upload?.bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
    // Paging the shared message edits it and does not upload again.
    const later = buttons(shared).find((b) => b.label.endsWith('Later'));
    const paged = await h.fake.press(h.eventsUrl, later?.id ?? '', { ephemeral: false });
    const [page2] = await answerTo(paged.responseId);
    expect(page2?.payload.replace_original).toBe(true);
    expect(shown(page2)).not.toContain('🖼️ Picture');
    expect(h.fake.uploads).toHaveLength(1);
  });

  test('a picture Slack refuses (bot not in channel) is described privately instead', async () => {
    h.fake.fail('files.completeUploadExternal', { error: 'not_in_channel' });
    const r = await h.fake.slash(h.eventsUrl, 'timeline');
    const [post] = await answerTo(r.responseId);
    const share = buttons(post).find((b) => b.label === 'Share in channel');
    const pressed = await h.fake.press(h.eventsUrl, share?.id ?? '', { ephemeral: true });
    const [, note] = await answerTo(pressed.responseId, 2);
    expect(note?.payload.response_type).toBe('ephemeral');
    expect(shown(note)).toContain('I could not post the picture in this channel');
    expect(shown(note)).toContain('Timeline: ');
  });

  test('another fact comes as a new message; a stale button is told privately', async () => {
    const r = await h.fake.slash(h.eventsUrl, 'fact');
    const [post] = await answerTo(r.responseId);
    const another = buttons(post).find((b) => b.label.endsWith('Another fact'));
    expect(another?.label).toBe('🎲 Another fact');
    const pressed = await h.fake.press(h.eventsUrl, another?.id ?? '', { ephemeral: true });
    const [next] = await answerTo(pressed.responseId);
    expect(next?.payload.replace_original).toBe(false);
    expect(shown(next)).toMatch(/¶\d/u);
    const stale = await h.fake.press(h.eventsUrl, 'timeline:x', { ephemeral: true });
    const [told] = await answerTo(stale.responseId);
    expect(told?.payload).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(shown(told)).toContain(STALE_BUTTON);
  });
});

describe('Find in sources (message shortcut)', () => {
  test('reads the message as a person would and answers privately', async () => {
    const r = await h.fake.shortcut(
      h.eventsUrl,
      'find_in_sources',
      'Iran sent <https://example.com/x|Shahed drones> &amp; missiles to <@U0000OTHER>',
    );
    expect(r.status).toBe(200);
    const [post] = await answerTo(r.responseId);
    expect(post?.payload.response_type).toBe('ephemeral');
    expect(shown(post)).toContain('Passages related to that message');
  });

  test('an unknown shortcut is answered, not ignored', async () => {
    const r = await h.fake.shortcut(h.eventsUrl, 'gone_shortcut', 'text');
    const [post] = await answerTo(r.responseId);
    expect(shown(post)).toContain('That command is not available any more.');
  });
});

describe('slow engine and spent response_urls', () => {
  let release: () => void = () => undefined;
  let finished = 0;
  const slowAsk = defineCommand({
    spec: {
      name: 'ask',
      description: 'slow',
      kind: 'chat',
      options: [{ type: 'string', name: 'question', description: 'q', required: true }],
    },
    async execute() {
      // an engine that takes as long as the test wants: until it is released
      await new Promise<void>((resolve) => {
        release = resolve;
      });
      finished++;
      return {
        kind: 'message' as const,
        visibility: 'private' as const,
        title: 'Slow answer',
        blocks: [],
        actions: [],
      };
    },
  });
  let slow: SlackHarness;
  beforeAll(async () => {
    slow = await startSlack([slowAsk], { core: { deferAfterMs: 200, cooldown: null } });
  });
  afterAll(() => slow.stop());
  afterEach(() => {
    release();
    expect(slow.fake.problems).toEqual([]);
  });

  test('an engine still working is acknowledged at once; a placeholder, then the answer replaces it', async () => {
    const before = finished;
    const r = await slow.fake.slash(slow.eventsUrl, 'ask why?');
    expect(r.status).toBe(200);
    // acknowledged while the command is still running: the ack never waits for the answer
    expect(finished).toBe(before);
    await slow.fake.until(
      () => slow.fake.responsesTo(r.responseId).length === 1,
      30_000,
      'placeholder',
    );
    const [placeholder] = slow.fake.responsesTo(r.responseId);
    expect(shown(placeholder)).toContain('Looking through the documents');
    expect(placeholder?.payload.response_type).toBe('ephemeral');
    expect(finished).toBe(before);
    release();
    await slow.fake.until(() => slow.fake.responsesTo(r.responseId).length === 2, 30_000, 'answer');
    const answer = slow.fake.responsesTo(r.responseId)[1];
    expect(answer?.payload.replace_original).toBe(true);
    expect(shown(answer)).toContain('Slow answer');
  });

  test('an answer after the response_url expired goes through the Web API (chat.postEphemeral)', async () => {
    const r = await slow.fake.slash(slow.eventsUrl, 'ask why?');
    await slow.fake.until(
      () => slow.fake.responsesTo(r.responseId).length === 1,
      30_000,
      'placeholder',
    );
    slow.fake.expire(r.responseId);
    release();
    await slow.fake.until(
      () => slow.fake.callsOf('chat.postEphemeral').length === 1,
      30_000,
      'fallback',
    );
    const [call] = slow.fake.callsOf('chat.postEphemeral');
    expect(call?.body).toMatchObject({ channel: CHANNEL_ID, user: 'U0000ASKER' });
    expect(JSON.stringify(call?.body.blocks)).toContain('Slow answer');
  });
});

describe('ResponseUrl', () => {
  test('five posts, then "exhausted" without a sixth request', async () => {
    const { logger } = captureLogger();
    const { id, url } = h.fake.newResponseUrl();
    const r = new ResponseUrl({ url, logger, issuedAt: Date.now() });
    const results: string[] = [];
    for (let i = 0; i < 6; i++)
      results.push(await r.post({ text: `n${i}`, response_type: 'ephemeral' }));
    expect(results).toEqual(['ok', 'ok', 'ok', 'ok', 'ok', 'exhausted']);
    expect(h.fake.responsesTo(id)).toHaveLength(5);
  });

  test('thirty minutes after the interaction it is spent', async () => {
    const { logger } = captureLogger();
    const { id, url } = h.fake.newResponseUrl();
    let now = 0;
    const r = new ResponseUrl({ url, logger, issuedAt: 0, now: () => now });
    expect(await r.post({ text: 'a' })).toBe('ok');
    now = 30 * 60_000;
    expect(await r.post({ text: 'b' })).toBe('exhausted');
    expect(h.fake.responsesTo(id)).toHaveLength(1);
  });

  test('the fake refuses a sixth post too (and counts it as a problem)', async () => {
    const { id, url } = h.fake.newResponseUrl();
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const res = await fetch(url, { method: 'POST', body: JSON.stringify({ text: 'x' }) });
      statuses.push(res.status);
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 404]);
    expect(h.fake.problems.splice(0)).toEqual([`response_url ${id}: used more than 5 times`]);
  });
});
