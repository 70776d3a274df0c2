/**
 * The interaction core's message path on its own: a made-up platform, a recording outbox, the real
 * engine and repositories on an in-memory SQLite database, and an injected clock. The rules every
 * platform shares: triggers, limits, confidence, quiet, edits within the window, deletes during
 * an answer, shutdown.
 */
import { beforeEach, describe, expect, test } from 'vitest';
import { commands } from '../../commands/index.ts';
import type { Reply } from '../../src/answer/reply.ts';
import { Conversations } from '../../src/conversation/index.ts';
import { conversationKey } from '../../src/interactions/answer-message.ts';
import type { ChatMessage, ChatOutbox, PostedAnswer } from '../../src/interactions/chat-message.ts';
import { AUTO_ANSWER_MIN_CONFIDENCE, confidentEnough } from '../../src/interactions/confidence.ts';
import { createCooldown } from '../../src/interactions/cooldown.ts';
import { createInteractionCore } from '../../src/interactions/core.ts';
import { EDIT_WINDOW_MS } from '../../src/interactions/message-edits.ts';
import { NOTHING_FOUND } from '../../src/interactions/message-plan.ts';
import type { MessageRules } from '../../src/interactions/message-trigger.ts';
import type { InteractionMonitor } from '../../src/interactions/monitor.ts';
import type { PlatformProfile } from '../../src/interactions/platform.ts';
import { createChatServices } from '../../src/services/chat.ts';
import { ConversationRepository, createRepositories, openSqlite } from '../../src/storage/index.ts';
import { captureLogger } from '../adapters/discord/helpers.ts';
import { engine, TestRecent } from '../support/engine.ts';

const eng = await engine();
const QUESTION = 'How many missiles did Iran send to Russia?';

const platform: PlatformProfile = {
  id: 'slack',
  features: ['servers', 'messages'],
  commandLabel: (name) => `/dossier ${name}`,
  messageCommandHint: null,
  permissionName: () => 'Workspace Admin',
  channelAccessFix: 'invite the bot',
  parseChannel: (raw) => raw,
};

/** Records what the path posted; `hold` keeps a post on the wire until the test lets it go. */
class Outbox implements ChatOutbox {
  readonly posted: { message: ChatMessage; reply: Reply; at: PostedAnswer }[] = [];
  readonly told: Reply[] = [];
  readonly edited: Reply[] = [];
  readonly removed: string[] = [];
  hold: Promise<void> | null = null;
  /** Called when a post reaches the wire (before `hold`). */
  onPost: () => void = () => undefined;
  #n = 0;
  async post(message: ChatMessage, reply: Reply): Promise<PostedAnswer> {
    this.onPost();
    if (this.hold) await this.hold;
    // as on Discord and Slack: a thread opened from a message is keyed by the message's id
    const opened = message.threadKey === null && !message.direct;
    const at = {
      channelId: message.threadKey ?? message.id,
      messageId: `a${++this.#n}`,
      threadKey: message.threadKey ?? (message.direct ? message.channelId : message.id),
      openedThread: opened,
    };
    this.posted.push({ message, reply, at });
    return at;
  }
  async tell(_message: ChatMessage, reply: Reply): Promise<boolean> {
    this.told.push(reply);
    return true;
  }
  async edit(_answer: { messageId: string }, reply: Reply): Promise<boolean> {
    this.edited.push(reply);
    return true;
  }
  async remove(answer: { messageId: string }): Promise<boolean> {
    this.removed.push(answer.messageId);
    return true;
  }
}

let ids = 0;
function message(text: string, extra: Partial<ChatMessage> = {}): ChatMessage {
  const id = `m${++ids}`;
  return {
    id,
    guildId: 'T1',
    channelId: 'C1',
    settingsChannelId: 'C1',
    threadKey: null,
    author: { id: `U${id}`, name: 'asker', bot: false },
    text,
    title: null,
    mentioned: false,
    direct: false,
    post: false,
    replyToOther: false,
    mentionsOthers: false,
    ...extra,
  };
}

const text = (reply: Reply | undefined) => JSON.stringify(reply);

async function setup(
  options: {
    rules?: Partial<MessageRules>;
    channelLimit?: number;
    monitor?: InteractionMonitor;
    /** No conversation store: each message read alone. */
    alone?: boolean;
  } = {},
) {
  let now = new Date('2025-06-01T12:00:00Z');
  const db = await openSqlite(':memory:');
  const repos = createRepositories(db, () => now);
  const { logger, records } = captureLogger();
  // the bot's one store of thread conversations, on the same database and clock
  const conversations = options.alone
    ? undefined
    : new Conversations(new ConversationRepository(db), { clock: () => now });
  const chat = createChatServices({ ...repos, conversations }, 'slack', {
    available: ['mention', 'questions', 'forum'],
    unavailable: {},
  });
  const core = createInteractionCore({
    commands,
    engine: eng,
    services: { recent: new TestRecent(), autoanswer: chat.settings },
    logger,
    platform,
    now: () => now,
    monitor: options.monitor,
    messages: {
      rules: { mentions: true, dms: true, threadReplies: 'mention', ...options.rules },
      store: chat.store,
      ...(options.channelLimit === undefined
        ? {}
        : { channelCooldown: createCooldown({ limit: options.channelLimit }) }),
    },
  });
  const path = core.messages;
  if (!path) throw new Error('no message path');
  const set = (mode: 'mention' | 'questions' | 'forum', quiet = true, channelId = 'C1') =>
    chat.settings.set({ guildId: 'T1', channelId, mode, quiet, humanRole: null, createdBy: 'U0' });
  return {
    path,
    set,
    records,
    outbox: new Outbox(),
    advance: (ms: number) => {
      now = new Date(now.getTime() + ms);
    },
  };
}

describe('the message path', () => {
  beforeEach(() => {
    ids = 0;
  });

  test('a mention is answered; chatter, and questions where nobody asked for them, are not', async () => {
    const { path, outbox } = await setup();
    await path.received(message(QUESTION, { mentioned: true }), outbox);
    await path.received(message(QUESTION), outbox);
    await path.received(message('good morning'), outbox);
    expect(outbox.posted).toHaveLength(1);
    expect(text(outbox.posted[0]?.reply)).toMatch(/several hundred/iu);
  });

  test('questions mode: a confident answer is posted; an unsure one is not, or says so with quiet:false', async () => {
    const { path, outbox, set } = await setup();
    await set('questions');
    await path.received(message(QUESTION), outbox);
    await path.received(message('What is the capital of France?'), outbox);
    expect(outbox.posted).toHaveLength(1);
    await set('questions', false);
    await path.received(message('What is the capital of France?'), outbox);
    expect(outbox.posted).toHaveLength(2);
    expect(text(outbox.posted[1]?.reply)).toContain(NOTHING_FOUND);
  });

  test('a mention that is not confident is still answered, doubts included, as /ask would', async () => {
    const { path, outbox } = await setup();
    await path.received(message('What is the capital of France?', { mentioned: true }), outbox);
    expect(outbox.posted).toHaveLength(1);
    expect(text(outbox.posted[0]?.reply)).not.toContain(NOTHING_FOUND);
  });

  test('with mentions off, a mention is answered only in a channel set up for it', async () => {
    const { path, outbox, set } = await setup({ rules: { mentions: false } });
    await set('mention', true, 'C2');
    await path.received(message(QUESTION, { mentioned: true }), outbox);
    await path.received(
      message(QUESTION, { mentioned: true, channelId: 'C2', settingsChannelId: 'C2' }),
      outbox,
    );
    expect(outbox.posted.map((p) => p.message.channelId)).toEqual(['C2']);
  });

  test('direct messages and thread replies follow the platform rules', async () => {
    const off = await setup({ rules: { dms: false } });
    await off.path.received(message(QUESTION, { direct: true, guildId: null }), off.outbox);
    expect(off.outbox.posted).toHaveLength(0);

    const { path, outbox } = await setup({ rules: { threadReplies: 'mention' } });
    await path.received(message(QUESTION, { mentioned: true }), outbox);
    const thread = outbox.posted[0]?.at.threadKey ?? '';
    await path.received(message('What is an SRBM?', { threadKey: thread }), outbox);
    expect(outbox.posted).toHaveLength(1);
    const all = await setup({ rules: { threadReplies: 'all' } });
    await all.path.received(message(QUESTION, { mentioned: true }), all.outbox);
    const key = all.outbox.posted[0]?.at.threadKey ?? '';
    await all.path.received(message('What is an SRBM?', { threadKey: key }), all.outbox);
    await all.path.received(
      message('What is an SRBM?', { threadKey: 'someone-elses' }),
      all.outbox,
    );
    expect(all.outbox.posted).toHaveLength(2);
  });

  test('small talk in the bot’s thread ("thanks!") gets no reply; a question without a keyword is told', async () => {
    const { path, outbox } = await setup({ rules: { threadReplies: 'all' } });
    await path.received(message(QUESTION, { mentioned: true }), outbox);
    const thread = outbox.posted[0]?.at.threadKey ?? '';
    for (const thanks of ['thanks!', 'Thanks, Sam', 'ok thx 🙏'])
      await path.received(message(thanks, { threadKey: thread }), outbox);
    expect(outbox.posted).toHaveLength(1);
    expect(outbox.told).toEqual([]);
    await path.received(message('why?', { mentioned: true }), outbox);
    expect(outbox.told).toHaveLength(1);
    expect(text(outbox.told[0])).toMatch(/keyword/u);
  });

  test('"help", "what can you do?", a hello or a bare mention gets the help, told to the asker; never unasked', async () => {
    const { path, outbox, set } = await setup({ rules: { threadReplies: 'all' } });
    for (const asked of ['help', 'Hi! What can you do?', 'hey there', ''])
      await path.received(message(asked, { mentioned: true }), outbox);
    await path.received(message('can you help me?', { direct: true, channelId: 'D1' }), outbox);
    expect(outbox.posted).toEqual([]);
    expect(outbox.told).toHaveLength(5);
    for (const reply of outbox.told) expect(text(reply)).toMatch(/answers from the documents/u);
    // asked of a channel, the help is nobody's question: no reply
    await set('questions');
    await path.received(message('So what can you do?'), outbox);
    expect(outbox.told).toHaveLength(5);
    expect(outbox.posted).toEqual([]);
    // a question that names a subject is a question
    await path.received(message(`can you help me? ${QUESTION}`, { mentioned: true }), outbox);
    expect(outbox.posted).toHaveLength(1);
  });

  test('the per-user question limit: a mention is told to wait, an unasked question is dropped', async () => {
    const { path, outbox, set } = await setup();
    await set('questions');
    const author = { id: 'U-busy', name: 'busy', bot: false };
    for (let i = 0; i < 5; i++)
      await path.received(message(QUESTION, { author, mentioned: true }), outbox);
    await path.received(message(QUESTION, { author, mentioned: true }), outbox);
    await path.received(message(QUESTION, { author }), outbox);
    expect(outbox.posted).toHaveLength(5);
    expect(outbox.told).toHaveLength(1);
    expect(text(outbox.told[0])).toMatch(/asking quickly/u);
  });

  test('the per-channel limit drops what is over it', async () => {
    const { path, outbox, records } = await setup({ channelLimit: 3 });
    for (let i = 0; i < 5; i++) await path.received(message(QUESTION, { mentioned: true }), outbox);
    expect(outbox.posted).toHaveLength(3);
    expect(records.filter((r) => r.msg === 'message' && r.outcome === 'rate_limited')).toHaveLength(
      2,
    );
  });

  test('bots are never answered, nor a message seen twice', async () => {
    const { path, outbox } = await setup();
    await path.received(
      message(QUESTION, { mentioned: true, author: { id: 'B', name: 'b', bot: true } }),
      outbox,
    );
    const once = message(QUESTION, { mentioned: true });
    await Promise.all([path.received(once, outbox), path.received(once, outbox)]);
    expect(outbox.posted).toHaveLength(1);
  });

  test('an edit within the window updates the answer, later it does not; an edit that is no question withdraws it', async () => {
    const { path, outbox, set, advance } = await setup();
    await set('questions');
    const asked = message(QUESTION, { mentioned: true });
    await path.received(asked, outbox);
    advance(EDIT_WINDOW_MS - 1000);
    await path.edited({ ...asked, text: 'What is an SRBM?' }, outbox);
    expect(outbox.edited).toHaveLength(1);
    expect(text(outbox.edited[0])).toMatch(/short-range ballistic missile/iu);
    advance(2000);
    await path.edited({ ...asked, text: QUESTION }, outbox);
    expect(outbox.edited).toHaveLength(1);

    const question = message(QUESTION);
    await path.received(question, outbox);
    await path.edited({ ...question, text: 'never mind, found it.' }, outbox);
    expect(outbox.removed).toEqual([outbox.posted[1]?.at.messageId]);
  });

  test('a question deleted while its answer was on the wire loses the answer too', async () => {
    const { path, outbox } = await setup();
    let release: () => void = () => {};
    outbox.hold = new Promise<void>((resolve) => {
      release = resolve;
    });
    const onTheWire = new Promise<void>((resolve) => {
      outbox.onPost = resolve;
    });
    const asked = message(QUESTION, { mentioned: true });
    const answering = path.received(asked, outbox);
    await onTheWire;
    await path.deleted(asked.id, outbox);
    release();
    await answering;
    expect(outbox.posted).toHaveLength(1);
    expect(outbox.removed).toEqual([outbox.posted[0]?.at.messageId]);
  });

  test('nothing is taken up while the bot stops', async () => {
    const monitor: InteractionMonitor = {
      accepting: () => false,
      begin: () => () => undefined,
      finished: () => undefined,
      logQuestions: false,
    };
    const { path, outbox } = await setup({ monitor });
    await path.received(message(QUESTION, { mentioned: true }), outbox);
    expect(outbox.posted).toHaveLength(0);
  });
});

describe('follow-ups in chat threads', () => {
  const FIRST = 'What missiles did Iran send to Russia?';
  const READ_WITH_IT = 'What missiles did Iran send to Russia? drones';
  /** What a reply says it answered (its title: the question asked). */
  const asked = (reply: Reply | undefined) => (reply?.kind === 'message' ? reply.title : null);

  test('a reply in the thread the answer opened is read with the question before it', async () => {
    const { path, outbox, advance } = await setup();
    await path.received(message(FIRST, { mentioned: true }), outbox);
    const thread = outbox.posted[0]?.at.threadKey ?? '';
    advance(1000);
    await path.received(message('and the drones?', { mentioned: true, threadKey: thread }), outbox);
    expect(asked(outbox.posted[1]?.reply)).toBe(READ_WITH_IT);
  });

  test('the same words in another thread, or without a conversation store, are read alone', async () => {
    const { path, outbox, advance } = await setup();
    await path.received(message(FIRST, { mentioned: true }), outbox);
    advance(1000);
    await path.received(message('and the drones?', { mentioned: true }), outbox);
    await path.received(
      message('and the drones?', { mentioned: true, threadKey: 'another-thread' }),
      outbox,
    );
    expect(outbox.posted.slice(1).map((p) => asked(p.reply))).toEqual([
      'and the drones?',
      'and the drones?',
    ]);
    const alone = await setup({ alone: true });
    await alone.path.received(message(FIRST, { mentioned: true }), alone.outbox);
    const thread = alone.outbox.posted[0]?.at.threadKey ?? '';
    await alone.path.received(
      message('and the drones?', { mentioned: true, threadKey: thread }),
      alone.outbox,
    );
    expect(asked(alone.outbox.posted[1]?.reply)).toBe('and the drones?');
  });

  test('direct messages are one conversation; a complete new question starts afresh', async () => {
    const { path, outbox, advance } = await setup();
    const dm = { direct: true, guildId: null, channelId: 'D1', settingsChannelId: 'D1' };
    await path.received(message(FIRST, dm), outbox);
    advance(1000);
    await path.received(message('and the drones?', dm), outbox);
    advance(1000);
    await path.received(message('What is an SRBM?', dm), outbox);
    expect(outbox.posted.map((p) => asked(p.reply))).toEqual([
      FIRST,
      READ_WITH_IT,
      'What is an SRBM?',
    ]);
  });

  test('a conversation is forgotten after a day', async () => {
    const { path, outbox, advance } = await setup();
    await path.received(message(FIRST, { mentioned: true }), outbox);
    const thread = outbox.posted[0]?.at.threadKey ?? '';
    advance(25 * 3_600_000);
    await path.received(message('and the drones?', { mentioned: true, threadKey: thread }), outbox);
    expect(asked(outbox.posted[1]?.reply)).toBe('and the drones?');
  });

  test('an edited turn is read with the turns before it, not with its own first wording', async () => {
    const { path, outbox, advance } = await setup();
    await path.received(message(FIRST, { mentioned: true }), outbox);
    const thread = outbox.posted[0]?.at.threadKey ?? '';
    advance(1000);
    const second = message('Who is the president of Iran?', { mentioned: true, threadKey: thread });
    await path.received(second, outbox);
    advance(1000);
    await path.edited({ ...second, text: 'and the drones?' }, outbox);
    expect(asked(outbox.edited[0])).toBe(READ_WITH_IT);
    // and what follows is read with the edited turn
    advance(1000);
    await path.received(
      message('and the missiles?', { mentioned: true, threadKey: thread }),
      outbox,
    );
    expect(asked(outbox.posted[2]?.reply)).toBe('What missiles did Iran send to Russia? missiles');
  });
});

describe('conversationKey: first messages and the replies to their answers agree', () => {
  const turn = {
    platform: 'slack',
    guildOrTeam: 'T1',
    channel: 'C1',
    messageId: 'C1:1.5',
    mode: 'mention' as const,
  };
  test.each([
    ['a first message: the thread its answer opens', { thread: null }, 'slack:T1:C1:1.5'],
    ['a reply in that thread', { thread: 'C1:1.5', messageId: 'C1:1.9' }, 'slack:T1:C1:1.5'],
    [
      'a direct message: the conversation',
      { thread: null, guildOrTeam: null, channel: 'D1', messageId: 'D1:2.0', mode: 'direct' },
      'slack:dm:D1',
    ],
  ] as const)('%s', (_name, extra, expected) => {
    expect(conversationKey({ ...turn, ...extra })).toBe(expected);
  });
});

describe('confidentEnough', () => {
  const answered = eng.ask(QUESTION);

  test('uses the calibrated confidence when the engine gives one', () => {
    expect(confidentEnough({ ...answered, confidence: AUTO_ANSWER_MIN_CONFIDENCE })).toBe(true);
    expect(confidentEnough({ ...answered, confidence: AUTO_ANSWER_MIN_CONFIDENCE - 0.01 })).toBe(
      false,
    );
  });

  test("reads the engine's calibrated confidence: sure answers pass, declines never do", () => {
    expect(answered.confidence).not.toBeNull();
    expect(confidentEnough(answered)).toBe(
      (answered.confidence ?? 0) >= AUTO_ANSWER_MIN_CONFIDENCE,
    );
    expect(confidentEnough(eng.ask('Which missiles did Iran supply to Russia?'))).toBe(true);
    const france = eng.ask('What is the capital of France?');
    expect(france.status).toBe('not_found');
    expect(confidentEnough(france)).toBe(false);
    // a decline stays one, whatever probability it carries
    expect(confidentEnough({ ...france, confidence: 1 })).toBe(false);
    expect(confidentEnough({ ...answered, confidence: null })).toBe(false);
  });
});
