/**
 * Asking in chat on Slack, at the wire: signed Events API callbacks (app_mention, message.im,
 * channel messages, edits, deletes, retries) to the bot's /slack/events, and a Socket Mode
 * envelope; the answers the bot posts through the fake Web API. "Once" is counted after a later
 * message's answer has come through.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { commands } from '../../../commands/index.ts';
import { selectPlatforms } from '../../../src/adapters/registry.ts';
import { launchBot, type RunningBot } from '../../../src/bot.ts';
import { loadConfig } from '../../../src/config.ts';
import { engine } from '../../support/engine.ts';
import {
  type ApiCall,
  BOT_TOKEN,
  BOT_USER_ID,
  CHANNEL_ID,
  type FakeSlack,
  SIGNING_SECRET,
  startFakeSlack,
  TEAM_ID,
  USER_ID,
} from '../../support/fake-slack/index.ts';
import { FakeSocketMode } from '../../support/fake-slack/socket.ts';
import { tempDir } from '../discord/chat-support.ts';
import { captureLogger } from '../discord/helpers.ts';

const QUESTION = 'How many missiles did Iran send to Russia?';
const HELP = 'C0000HELPDESK';
const GROUP = 'S0000HELPERS';

let users = 0;
/** Someone new, with the whole per-user question limit to themselves. */
const person = () => `U${String(++users).padStart(8, '0')}`;

/** The whole bot on Slack (the registry picks it from the configuration), against `fake`. */
async function startSlackBot(
  fake: FakeSlack,
  database: string,
  env: Record<string, string>,
): Promise<RunningBot> {
  const config = loadConfig(
    {
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_API_URL: fake.apiUrl,
      HTTP_PORT: '0',
      DATABASE_PATH: database,
      SNAPSHOT_DIR: 'off',
      DAILY_ENABLED: 'false',
      CORPUS_WATCH: 'false',
      ...env,
    },
    { dotenv: false },
  );
  const { logger } = captureLogger();
  const context = { commands, logger, entryScript: '', execArgv: [] };
  const platforms = await Promise.all(
    selectPlatforms(config).servers.map((entry) => entry.load(config, context)),
  );
  return launchBot({ config, logger, engine: await engine(), platforms });
}

/** A person's message event (`app_mention` when `mention`). */
function said(
  text: string,
  opts: {
    user?: string;
    channel?: string;
    type?: 'message' | 'app_mention';
    channelType?: string;
    threadTs?: string;
    ts?: string;
    botId?: string;
  } = {},
  fake?: FakeSlack,
): Record<string, unknown> & { ts: string; channel: string } {
  const ts = opts.ts ?? fake?.newTs() ?? '1.1';
  const channel = opts.channel ?? CHANNEL_ID;
  return {
    type: opts.type ?? 'message',
    channel,
    channel_type: opts.channelType ?? 'channel',
    user: opts.user ?? person(),
    text: opts.type === 'app_mention' ? `<@${BOT_USER_ID}> ${text}` : text,
    ts,
    event_ts: ts,
    team: TEAM_ID,
    ...(opts.threadTs === undefined ? {} : { thread_ts: opts.threadTs }),
    ...(opts.botId === undefined ? {} : { bot_id: opts.botId }),
  };
}

const posts = (fake: FakeSlack, pred: (c: ApiCall) => boolean = () => true) =>
  fake.callsOf('chat.postMessage').filter(pred);
const inThread = (channel: string, ts: string) => (c: ApiCall) =>
  c.body.channel === channel && c.body.thread_ts === ts;
const buttons = (call: ApiCall | undefined): string[] =>
  ((call?.body.blocks ?? []) as { type: string; elements?: { action_id?: string }[] }[])
    .filter((b) => b.type === 'actions')
    .flatMap((b) => (b.elements ?? []).map((e) => e.action_id ?? ''));

describe('asking in chat on Slack (Events API over HTTP)', () => {
  let fake: FakeSlack;
  let bot: RunningBot;
  let temp: ReturnType<typeof tempDir>;
  let url: string;

  beforeAll(async () => {
    fake = await startFakeSlack();
    fake.admins.add(USER_ID);
    temp = tempDir('dossier-slack-chat-');
    bot = await startSlackBot(fake, join(temp.dir, 'bot.db'), {
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      THREAD_REPLIES: 'all',
    });
    url = `http://127.0.0.1:${bot.httpPort}/slack/events`;
    const set = await fake.slash(
      url,
      `autoanswer set <#${HELP}|help> questions human_role:<!subteam^${GROUP}|@helpers>`,
    );
    expect(set.status).toBe(200);
    // (a loaded machine may show "Looking through the documents…" first)
    await fake.until(
      () =>
        fake
          .responsesTo(set.responseId)
          .some((r) => JSON.stringify(r.payload).includes('every question asked in the channel')),
      10_000,
      'autoanswer set',
    );
  });
  afterAll(async () => {
    await bot?.stop();
    await fake?.close();
    temp?.remove();
  });
  beforeEach(() => {
    fake.calls.length = 0;
    fake.responses.length = 0;
  });

  /** A mention answered: events before it were handled too (Bolt takes them in order). */
  async function barrier(): Promise<void> {
    const last = said('What is an SRBM?', { type: 'app_mention' }, fake);
    await fake.event(url, last);
    await fake.until(
      () => posts(fake, inThread(last.channel, last.ts)).length > 0,
      10_000,
      'barrier',
    );
  }

  test('a mention is answered once in its thread; the plain message event and a retry add nothing', async () => {
    const mention = said(QUESTION, { type: 'app_mention' }, fake);
    const first = await fake.event(url, mention);
    expect(first.status).toBe(200);
    // the same message as a channel message event, and Slack's retry of the first delivery
    await fake.event(url, { ...mention, type: 'message' });
    const retry = await fake.event(url, mention, { eventId: first.eventId, retry: 1 });
    expect(retry.status).toBe(200);
    expect(retry.headers.get('x-slack-no-retry')).toBe('1');
    await fake.until(
      () => posts(fake, inThread(CHANNEL_ID, mention.ts)).length > 0,
      10_000,
      'the answer',
    );
    await barrier();
    const answers = posts(fake, inThread(CHANNEL_ID, mention.ts));
    expect(answers).toHaveLength(1);
    expect(JSON.stringify(answers[0]?.body)).toMatch(/several hundred/iu);
    expect(buttons(answers[0]).some((id) => id.startsWith('autoanswer:solved:'))).toBe(true);
    expect(answers[0]?.body).toMatchObject({ unfurl_links: 'false' });
    expect(fake.problems).toEqual([]);
  });

  test('a direct message is answered in the conversation; bots and the bot itself never are', async () => {
    const dm = said('What is an SRBM?', { channel: 'D0000DIRECT', channelType: 'im' }, fake);
    await fake.event(url, dm);
    const fromBot = said(QUESTION, { type: 'app_mention', botId: 'B0000OTHER' }, fake);
    const fromSelf = said(QUESTION, { type: 'app_mention', user: BOT_USER_ID }, fake);
    const botInHelp = said(QUESTION, { channel: HELP, botId: 'B0000OTHER' }, fake);
    for (const e of [fromBot, fromSelf, botInHelp]) await fake.event(url, e);
    await fake.until(
      () => posts(fake, (c) => c.body.channel === 'D0000DIRECT').length > 0,
      10_000,
      'DM',
    );
    await barrier();
    const direct = posts(fake, (c) => c.body.channel === 'D0000DIRECT');
    expect(direct).toHaveLength(1);
    expect(direct[0]?.body.thread_ts).toBeUndefined();
    for (const e of [fromBot, fromSelf, botInHelp])
      expect(posts(fake, inThread(e.channel, e.ts))).toHaveLength(0);
  });

  test('a follow-up in the thread is read with the question before it; in another thread, alone', async () => {
    const first = said('What missiles did Iran send to Russia?', { type: 'app_mention' }, fake);
    await fake.event(url, first);
    const thread = inThread(CHANNEL_ID, first.ts);
    await fake.until(() => posts(fake, thread).length > 0, 10_000, 'the first answer');
    // a reply in the answer's thread carries the first message's ts as its thread_ts
    await fake.event(
      url,
      said('and the drones?', { type: 'app_mention', threadTs: first.ts }, fake),
    );
    await fake.until(() => posts(fake, thread).length > 1, 10_000, 'the follow-up answer');
    // the answer's title shows what was asked: the follow-up with the first question's subject
    expect(JSON.stringify(posts(fake, thread)[1]?.body)).toContain(
      'What missiles did Iran send to Russia? drones',
    );
    const elsewhere = said('and the drones?', { type: 'app_mention' }, fake);
    await fake.event(url, elsewhere);
    await fake.until(
      () => posts(fake, inThread(CHANNEL_ID, elsewhere.ts)).length > 0,
      10_000,
      'the answer elsewhere',
    );
    const alone = JSON.stringify(posts(fake, inThread(CHANNEL_ID, elsewhere.ts))[0]?.body);
    expect(alone).toContain('and the drones?');
    expect(alone).not.toContain('What missiles');
  });

  test('in a channel set up for questions, a question is answered in its thread and chatter is not', async () => {
    const chatter = said('good morning everyone', { channel: HELP }, fake);
    const question = said(QUESTION, { channel: HELP }, fake);
    const offTopic = said('What is the capital of France?', { channel: HELP }, fake);
    for (const e of [chatter, question, offTopic]) await fake.event(url, e);
    await fake.until(() => posts(fake, inThread(HELP, question.ts)).length > 0, 10_000, 'answer');
    await barrier();
    expect(posts(fake, (c) => c.body.channel === HELP)).toHaveLength(1);
    expect(
      buttons(posts(fake, inThread(HELP, question.ts))[0]).some((id) =>
        id.startsWith('autoanswer:human:'),
      ),
    ).toBe(true);
  });

  test('a reply in a thread the bot started is answered in that thread (THREAD_REPLIES=all)', async () => {
    const question = said(QUESTION, { channel: HELP }, fake);
    await fake.event(url, question);
    await fake.until(() => posts(fake, inThread(HELP, question.ts)).length > 0, 10_000, 'answer');
    const reply = said('What is an SRBM?', { channel: HELP, threadTs: question.ts }, fake);
    await fake.event(url, reply);
    await fake.until(() => posts(fake, inThread(HELP, question.ts)).length === 2, 10_000, 'reply');
    expect(JSON.stringify(posts(fake, inThread(HELP, question.ts))[1]?.body)).toMatch(
      /short-range ballistic missile/iu,
    );
  });

  test('a deleted question deletes its answer; an edited one updates it', async () => {
    const asked = said(QUESTION, { type: 'app_mention' }, fake);
    await fake.event(url, asked);
    await fake.until(
      () => posts(fake, inThread(CHANNEL_ID, asked.ts)).length > 0,
      10_000,
      'answer',
    );
    const answerTs = (await answerTsOf(asked.ts)) ?? '';
    await fake.event(url, {
      type: 'message',
      subtype: 'message_deleted',
      channel: CHANNEL_ID,
      channel_type: 'channel',
      deleted_ts: asked.ts,
      ts: fake.newTs(),
    });
    await fake.until(
      () => fake.callsOf('chat.delete').some((c) => c.body.ts === answerTs),
      10_000,
      'the answer deleted',
    );

    const edited = said(QUESTION, { type: 'app_mention' }, fake);
    await fake.event(url, edited);
    await fake.until(
      () => posts(fake, inThread(CHANNEL_ID, edited.ts)).length > 0,
      10_000,
      'answer',
    );
    const editedTs = (await answerTsOf(edited.ts)) ?? '';
    await fake.event(url, {
      type: 'message',
      subtype: 'message_changed',
      channel: CHANNEL_ID,
      channel_type: 'channel',
      ts: fake.newTs(),
      message: {
        type: 'message',
        user: edited.user,
        text: `<@${BOT_USER_ID}> What is an SRBM?`,
        ts: edited.ts,
        edited: { user: edited.user, ts: fake.newTs() },
      },
    });
    await fake.until(
      () => fake.callsOf('chat.update').some((c) => c.body.ts === editedTs),
      10_000,
      'the answer updated',
    );
    const update = fake.callsOf('chat.update').find((c) => c.body.ts === editedTs);
    expect(JSON.stringify(update?.body)).toMatch(/short-range ballistic missile/iu);
  });

  /** The ts Slack gave the bot's answer in a thread. */
  async function answerTsOf(threadTs: string): Promise<string | undefined> {
    const call = fake.calls.find(
      (c) => c.method === 'chat.postMessage' && c.body.thread_ts === threadTs,
    );
    const ts = call?.response?.ts;
    return typeof ts === 'string' ? ts : undefined;
  }

  test('Ask a human pings the chosen user group and nothing else, once', async () => {
    const question = said(QUESTION, { channel: HELP }, fake);
    await fake.event(url, question);
    await fake.until(() => posts(fake, inThread(HELP, question.ts)).length > 0, 10_000, 'answer');
    const human = buttons(posts(fake, inThread(HELP, question.ts))[0]).find((id) =>
      id.startsWith('autoanswer:human:'),
    );
    const pressed = await fake.press(url, human ?? '', { ephemeral: false, channelId: HELP });
    await fake.until(() => fake.responsesTo(pressed.responseId).length > 0, 10_000, 'the ping');
    const ping = JSON.stringify(fake.responsesTo(pressed.responseId)[0]?.payload);
    expect(ping).toContain(`<!subteam^${GROUP}>`);
    expect(ping.match(/<[!@]/gu)).toHaveLength(2); // in the text and its first block
    expect(ping).toContain('"response_type":"in_channel"');
    expect(fake.problems).toEqual([]);
    const again = await fake.press(url, human ?? '', { ephemeral: false, channelId: HELP });
    await fake.until(() => fake.responsesTo(again.responseId).length > 0, 10_000, 'the refusal');
    expect(JSON.stringify(fake.responsesTo(again.responseId)[0]?.payload)).toMatch(
      /already asked/u,
    );
  });

  test('50 messages in one channel within a second are each answered once, in their own thread', async () => {
    const events = Array.from({ length: 50 }, (_, i) =>
      said(i % 2 === 0 ? QUESTION : 'What is an SRBM?', { type: 'app_mention' }, fake),
    );
    const sent = await Promise.all(events.map((e) => fake.event(url, e)));
    // ten of them retried by Slack
    await Promise.all(
      events
        .slice(0, 10)
        .map((e, i) => fake.event(url, e, { eventId: sent[i]?.eventId, retry: 1 })),
    );
    await fake.until(
      () => events.every((e) => posts(fake, inThread(CHANNEL_ID, e.ts)).length > 0),
      60_000,
      'an answer to each of the 50',
    );
    await barrier();
    for (const e of events) expect(posts(fake, inThread(CHANNEL_ID, e.ts))).toHaveLength(1);
    expect(fake.problems).toEqual([]);
  });
});

describe('asking in chat on Slack (Socket Mode)', () => {
  test('an app_mention envelope is acknowledged and answered in its thread', async () => {
    const fake = await startFakeSlack();
    const socket = await new FakeSocketMode().start();
    fake.socketUrl = socket.url;
    const temp = tempDir('dossier-slack-socket-');
    const bot = await startSlackBot(fake, join(temp.dir, 'bot.db'), {
      SLACK_APP_TOKEN: 'xapp-fake-app-token',
      HTTP_PORT: '',
    });
    try {
      await fake.until(() => socket.connections > 0, 10_000, 'the socket');
      const mention = said(QUESTION, { type: 'app_mention' }, fake);
      const { ack } = await socket.deliver('events_api', fake.eventEnvelope(mention, 'EvSOCKET1'));
      expect(ack.envelope_id).toBeTruthy();
      await fake.until(
        () => posts(fake, inThread(CHANNEL_ID, mention.ts)).length > 0,
        10_000,
        'answer',
      );
      // Socket Mode redelivers an envelope it thinks was lost: the same event id, not answered again
      await socket.deliver('events_api', fake.eventEnvelope(mention, 'EvSOCKET1'));
      const last = said('What is an SRBM?', { type: 'app_mention' }, fake);
      await socket.deliver('events_api', fake.eventEnvelope(last, 'EvSOCKET2'));
      await fake.until(
        () => posts(fake, inThread(CHANNEL_ID, last.ts)).length > 0,
        10_000,
        'barrier',
      );
      expect(posts(fake, inThread(CHANNEL_ID, mention.ts))).toHaveLength(1);
    } finally {
      await bot.stop();
      await socket.close();
      await fake.close();
      temp.remove();
    }
  });
});
