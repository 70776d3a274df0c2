/**
 * Asking in chat on the Discord gateway, at the wire: MESSAGE_CREATE (mentions, DMs, questions in
 * a channel set up with /autoanswer), THREAD_CREATE of a forum post, MESSAGE_UPDATE and
 * MESSAGE_DELETE from the fake gateway; the answers the real discord.js client posts through the
 * fake REST API. Counts, never clocks: "once" is checked after a later message's answer (a
 * barrier) has come through.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import {
  buildUser,
  type FakeDiscord,
  type StoredMessage,
  startFakeDiscord,
  stringOption,
  subcommandOption,
} from '../../support/fake-discord/index.ts';
import {
  buttonIds,
  type ChatBot,
  channelPayloads,
  MANAGER,
  ONE_MESSAGE,
  postsIn,
  shownText,
  startChatBot,
  tempDir,
  threadsMade,
} from './chat-support.ts';
import { messageBodies, until } from './helpers.ts';

const QUESTION = 'How many missiles did Iran send to Russia?';
const ROLE = '300000000000000123';

/**
 * The message an interaction was answered with: in its callback (type 4), or, when the bot
 * deferred it (a loaded machine's lagging loop defers at once), the edit or follow-up after.
 */
async function replyTo(fake: FakeDiscord, token: string): Promise<Record<string, unknown>> {
  const sent = () => messageBodies(fake).find((m) => m.req.params.token === token);
  await until(() => sent() !== undefined, 10_000, 'the reply to the interaction');
  const found = sent();
  if (!found) throw new Error('no reply');
  return found.body;
}

let people = 0;
/** Someone new: each asker has the whole per-user question limit (5 in 10 s) to themselves. */
const person = () => buildUser({ username: `person${++people}` });

describe('asking in chat on Discord', () => {
  let fake: FakeDiscord;
  let chat: ChatBot;
  let temp: ReturnType<typeof tempDir>;
  let help: string;
  let forum: string;

  beforeAll(async () => {
    fake = await startFakeDiscord({
      messageContentIntent: true,
      guilds: [
        {
          channels: [{ name: 'general' }, { name: 'help' }, { name: 'quiet-help' }],
          forums: [{ name: 'questions' }],
        },
      ],
    });
    temp = tempDir('dossier-chat-');
    chat = await startChatBot(fake, join(temp.dir, 'bot.db'), {
      DISCORD_DMS: 'true',
      DISCORD_MESSAGE_CONTENT: 'true',
      THREAD_REPLIES: 'all',
    });
    const guild = fake.world.defaultGuild;
    help = guild.channels[1]?.id ?? '';
    forum = guild.channels[3]?.id ?? '';
    await autoanswer(help, 'questions', [stringOption('human_role', ROLE)]);
    await autoanswer(guild.channels[2]?.id ?? '', 'questions', [
      { name: 'quiet', type: 5, value: false },
    ]);
    await autoanswer(forum, 'forum');
  });
  afterAll(async () => {
    await chat?.stop();
    await fake?.close();
    temp?.remove();
  });
  beforeEach(() => fake.reset());

  /** Runs /autoanswer set as a moderator and waits for its answer. */
  async function autoanswer(
    channelId: string,
    mode: string,
    extra: Parameters<typeof subcommandOption>[1] = [],
  ): Promise<string> {
    const sent = fake.sendChatInput(
      'autoanswer',
      [
        subcommandOption('set', [
          { name: 'channel', type: 7, value: channelId },
          stringOption('mode', mode),
          ...extra,
        ]),
      ],
      { memberPermissions: MANAGER },
    );
    const reply = await replyTo(fake, sent.token);
    expect(shownText(reply)).toContain('Answering in chat');
    return JSON.stringify(reply);
  }

  /** Waits for the bot's answer to a message asked in a channel: the thread made from it. */
  async function answerInThread(message: StoredMessage): Promise<Record<string, unknown>> {
    await until(() => postsIn(fake, message.id).length > 0, 10_000, `an answer to ${message.id}`);
    const [post] = postsIn(fake, message.id);
    return post?.body as Record<string, unknown>;
  }

  /** The id of the bot's answer to `message` (in its thread). */
  function answerId(message: StoredMessage): string {
    const body = postsIn(fake, message.id)[0]?.responseBody;
    if (typeof body !== 'object' || body === null || !('id' in body)) throw new Error('no answer');
    return String(body.id);
  }

  /** A human's mention, answered: what comes after it was handled too (events are in order). */
  async function barrier(): Promise<void> {
    const last = fake.postMessage({
      content: 'What is an SRBM?',
      mentionBot: true,
      author: person(),
    });
    await answerInThread(last);
  }

  test('a mention is answered once, in a thread made from it, with Solved and Not helpful and no pings', async () => {
    const asked = fake.postMessage({ author: person(), content: QUESTION, mentionBot: true });
    const answer = await answerInThread(asked);
    const made = threadsMade(fake, asked.id);
    expect(made).toHaveLength(1);
    expect(made[0]?.params.channelId).toBe(fake.channelId);
    expect(made[0]?.body).toMatchObject({ name: QUESTION });
    expect(shownText(answer)).toMatch(/several hundred/iu);
    const ids = buttonIds(answer);
    expect(ids.some((id) => id.startsWith('autoanswer:solved:'))).toBe(true);
    expect(ids.some((id) => id.startsWith('autoanswer:unhelpful:'))).toBe(true);
    expect(ids.some((id) => id.startsWith('ask:up:') || id.startsWith('autoanswer:human:'))).toBe(
      false,
    );
    expect(answer.allowed_mentions).toEqual({ parse: [], replied_user: false });

    // the gateway delivers it again (a replay after a resume): still one answer
    fake.dispatch('MESSAGE_CREATE', asked);
    await barrier();
    expect(postsIn(fake, asked.id)).toHaveLength(1);
    expect(threadsMade(fake, asked.id)).toHaveLength(1);
  });

  test('messages from bots, webhooks and the bot itself are never answered', async () => {
    const robot = buildUser({ username: 'robot', bot: true });
    const fromBot = fake.postMessage({ content: QUESTION, mentionBot: true, author: robot });
    const fromHook = fake.postMessage({
      author: person(),
      content: QUESTION,
      mentionBot: true,
      webhook: true,
    });
    const fromSelf = fake.postMessage({
      content: QUESTION,
      mentionBot: true,
      author: fake.botUser,
    });
    const botInHelp = fake.postMessage({ content: QUESTION, author: robot, channelId: help });
    await barrier();
    for (const m of [fromBot, fromHook, fromSelf, botInHelp]) {
      expect(threadsMade(fake, m.id)).toHaveLength(0);
      expect(postsIn(fake, m.channel_id).filter((r) => r.params.channelId === m.id)).toHaveLength(
        0,
      );
    }
    expect(threadsMade(fake)).toHaveLength(1);
  });

  test('a direct message is answered with a reply in the conversation', async () => {
    const asked = fake.sendDirectMessage({ content: 'What is an SRBM?', author: person() });
    await until(() => postsIn(fake, asked.channel_id).length > 0, 10_000, 'the DM answer');
    const [post] = postsIn(fake, asked.channel_id);
    expect(post?.body).toMatchObject({
      message_reference: { message_id: asked.id },
      allowed_mentions: { parse: [], replied_user: false },
    });
    expect(shownText(post?.body)).toMatch(/short-range ballistic missile/iu);
    expect(threadsMade(fake)).toHaveLength(0);
  });

  test('in a questions channel: a question is answered in its own thread; chatter, replies between people and unsure answers are not', async () => {
    const bob = buildUser({ username: 'bob' });
    const chatter = fake.postMessage({
      author: person(),
      content: 'good morning everyone',
      channelId: help,
    });
    const question = fake.postMessage({ author: person(), content: QUESTION, channelId: help });
    const reply = fake.postMessage({
      content: 'How many missiles did Iran send to Russia?',
      channelId: help,
      author: bob,
      replyTo: chatter,
    });
    const offTopic = fake.postMessage({
      author: person(),
      content: 'What is the capital of France?',
      channelId: help,
    });
    const answer = await answerInThread(question);
    await barrier();
    expect(shownText(answer)).toMatch(/several hundred/iu);
    // the moderator named a role: Ask a human is offered
    expect(buttonIds(answer).some((id) => id.startsWith('autoanswer:human:'))).toBe(true);
    for (const m of [chatter, reply, offTopic]) expect(threadsMade(fake, m.id)).toHaveLength(0);
    expect(postsIn(fake, help)).toHaveLength(0);
  });

  test('with quiet:false an unsure question gets "I found nothing in the documents for this"', async () => {
    const quiet = fake.world.defaultGuild.channels[2]?.id ?? '';
    const asked = fake.postMessage({
      author: person(),
      content: 'What is the capital of France?',
      channelId: quiet,
    });
    const answer = await answerInThread(asked);
    expect(shownText(answer)).toContain('I found nothing in the documents for this.');
  });

  test('a new forum post is answered once, in the post', async () => {
    const { thread, starter } = fake.createForumPost({
      author: person(),
      forumId: forum,
      title: 'Missiles',
      content: QUESTION,
    });
    await until(() => postsIn(fake, thread.id).length > 0, 10_000, 'the forum answer');
    await barrier();
    const posts = postsIn(fake, thread.id);
    expect(posts).toHaveLength(1);
    expect(shownText(posts[0]?.body)).toMatch(/several hundred/iu);
    expect(posts[0]?.body).not.toHaveProperty('message_reference');
    expect(threadsMade(fake, starter.id)).toHaveLength(0);
    // it read the post's first message over REST
    expect(
      fake.requests(
        (r) => r.method === 'GET' && r.route === ONE_MESSAGE && r.params.messageId === thread.id,
      ),
    ).toHaveLength(1);
  });

  test('a deleted question deletes its answer; an edited one updates it', async () => {
    const deleted = fake.postMessage({ author: person(), content: QUESTION, mentionBot: true });
    await answerInThread(deleted);
    const deletedAnswer = answerId(deleted);
    fake.deleteMessage(deleted.id);
    await fake.waitForRequest(
      (r) =>
        r.method === 'DELETE' && r.route === ONE_MESSAGE && r.params.messageId === deletedAnswer,
      10_000,
    );

    const edited = fake.postMessage({ author: person(), content: QUESTION, mentionBot: true });
    await answerInThread(edited);
    const editedAnswer = answerId(edited);
    fake.editMessage(edited.id, `<@${fake.botUser.id}> What is an SRBM?`);
    const patch = await fake.waitForRequest(
      (r) => r.method === 'PATCH' && r.route === ONE_MESSAGE && r.params.messageId === editedAnswer,
      10_000,
    );
    expect(shownText(patch.body)).toMatch(/short-range ballistic missile/iu);
    expect(patch.body).toMatchObject({ allowed_mentions: { parse: [], replied_user: false } });
  });

  test('Ask a human pings the chosen role and nobody else, once', async () => {
    const asked = fake.postMessage({ author: person(), content: QUESTION, channelId: help });
    const answer = await answerInThread(asked);
    const human = buttonIds(answer).find((id) => id.startsWith('autoanswer:human:')) ?? '';
    const message = fake.world.messages.get(answerId(asked));
    if (!message) throw new Error('no answer message');
    const press = () => fake.sendButton({ customId: human, message });
    const first = press();
    const ping = await replyTo(fake, first.token);
    expect(ping).toMatchObject({
      content: `<@&${ROLE}>`,
      allowed_mentions: { parse: [], replied_user: false, roles: [ROLE] },
    });
    expect(JSON.stringify(ping)).not.toMatch(/@everyone|@here|<@!?\d/u);
    expect(ping.flags ?? 0).toBe(0);
    const second = press();
    const again = await replyTo(fake, second.token);
    expect(shownText(again)).toMatch(/already asked/iu);
    expect(again.flags).toBe(64);
    expect(again.allowed_mentions).toEqual({ parse: [], replied_user: false });
  });

  test('a reply in a thread the bot started is answered there (THREAD_REPLIES=all)', async () => {
    const asked = fake.postMessage({ author: person(), content: QUESTION, mentionBot: true });
    await answerInThread(asked);
    const followUp = fake.postMessage({
      author: person(),
      content: 'What is an SRBM?',
      channelId: asked.id,
    });
    await until(() => postsIn(fake, asked.id).length === 2, 10_000, 'the answer in the thread');
    expect(postsIn(fake, asked.id)[1]?.body).toMatchObject({
      message_reference: { message_id: followUp.id },
    });
    expect(threadsMade(fake, followUp.id)).toHaveLength(0);
  });

  test('a follow-up in the thread is read with the question before it; in another thread, alone', async () => {
    const first = fake.postMessage({
      author: person(),
      content: 'What missiles did Iran send to Russia?',
      mentionBot: true,
    });
    await answerInThread(first);
    // the thread made from the first message has its id: the reply carries the same conversation
    fake.postMessage({
      author: person(),
      content: 'and the drones?',
      mentionBot: true,
      channelId: first.id,
    });
    await until(() => postsIn(fake, first.id).length === 2, 10_000, 'the follow-up answer');
    const followUp = shownText(postsIn(fake, first.id)[1]?.body);
    // the title shows what was asked: the follow-up with the first question's subject
    expect(followUp).toContain('What missiles did Iran send to Russia? drones');
    const elsewhere = fake.postMessage({
      author: person(),
      content: 'and the drones?',
      mentionBot: true,
    });
    const alone = shownText(await answerInThread(elsewhere));
    expect(alone).toContain('and the drones?');
    expect(alone).not.toContain('What missiles');
  });

  test('50 messages in one channel within a second are each answered once, in their own thread', async () => {
    const users = Array.from({ length: 50 }, (_, i) => buildUser({ username: `asker${i}` }));
    const sent = users.map((author, i) =>
      fake.postMessage({
        content: i % 2 === 0 ? QUESTION : 'What is an SRBM?',
        mentionBot: true,
        author,
      }),
    );
    // ten of them delivered twice
    for (const m of sent.slice(0, 10)) fake.dispatch('MESSAGE_CREATE', m);
    await until(
      () => sent.every((m) => postsIn(fake, m.id).length > 0),
      60_000,
      'an answer to each of the 50',
    );
    await barrier();
    for (const m of sent) {
      expect(threadsMade(fake, m.id)).toHaveLength(1);
      expect(postsIn(fake, m.id)).toHaveLength(1);
    }
    expect(threadsMade(fake)).toHaveLength(51);
    for (const body of channelPayloads(fake))
      expect(body.allowed_mentions).toEqual({ parse: [], replied_user: false });
  });
});

describe('without the Message Content intent', () => {
  let fake: FakeDiscord;
  let chat: ChatBot;
  let temp: ReturnType<typeof tempDir>;

  beforeAll(async () => {
    fake = await startFakeDiscord({
      guilds: [{ channels: [{ name: 'general' }, { name: 'help' }] }],
    });
    temp = tempDir('dossier-chat-nocontent-');
    chat = await startChatBot(fake, join(temp.dir, 'bot.db'));
  });
  afterAll(async () => {
    await chat?.stop();
    await fake?.close();
    temp?.remove();
  });

  test('asks for GuildMessages only; mentions are answered; questions mode is refused with the reason', async () => {
    const identify = await fake.waitForGatewayOp(2);
    expect(identify.d).toMatchObject({ intents: 1 | (1 << 9) });
    const asked = fake.postMessage({ author: person(), content: QUESTION, mentionBot: true });
    await until(() => postsIn(fake, asked.id).length > 0, 10_000, 'the mention answered');
    expect(shownText(postsIn(fake, asked.id)[0]?.body)).toMatch(/several hundred/iu);

    const help = fake.world.defaultGuild.channels[1]?.id ?? '';
    const sent = fake.sendChatInput(
      'autoanswer',
      [
        subcommandOption('set', [
          { name: 'channel', type: 7, value: help },
          stringOption('mode', 'questions'),
        ]),
      ],
      { memberPermissions: MANAGER },
    );
    expect(JSON.stringify(await replyTo(fake, sent.token))).toContain('Message Content intent');
    expect(chat.logs.some((l) => /questions and forum modes need it/u.test(l.msg))).toBe(true);
  });
});

describe('two processes sharing one database', () => {
  test('a message both receive is answered once', async () => {
    const fake = await startFakeDiscord();
    const temp = tempDir('dossier-chat-two-');
    const database = join(temp.dir, 'bot.db');
    const a = await startChatBot(fake, database);
    const b = await startChatBot(fake, database);
    try {
      const asked = Array.from({ length: 5 }, (_, i) =>
        fake.postMessage({
          content: QUESTION,
          mentionBot: true,
          author: buildUser({ username: `two${i}` }),
        }),
      );
      await until(() => asked.every((m) => postsIn(fake, m.id).length > 0), 30_000, 'answers');
      const last = fake.postMessage({
        content: 'What is an SRBM?',
        mentionBot: true,
        author: person(),
      });
      await until(() => postsIn(fake, last.id).length > 0, 30_000, 'the barrier');
      for (const m of asked) {
        expect(threadsMade(fake, m.id)).toHaveLength(1);
        expect(postsIn(fake, m.id)).toHaveLength(1);
      }
    } finally {
      await a.stop();
      await b.stop();
      await fake.close();
      temp.remove();
    }
  });
});
