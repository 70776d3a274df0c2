import type { Block, ListItem, Reply } from '../src/answer/reply.ts';
import {
  AUTO_ANSWER_MODES,
  type AutoAnswerChannel,
  type AutoAnswerMode,
  type AutoAnswerSettings,
} from './services.ts';
import { type CommandContext, defineCommand } from './types.ts';

const spec = {
  name: 'autoanswer',
  description: 'Where the bot answers questions asked in chat, without a command',
  kind: 'chat',
  permission: 'manageServer',
  // Solved, Not helpful and Ask a human are on answers everyone reads
  openButtons: true,
  requires: ['servers', 'messages'],
  help: 'set, off, status: answer mentions, every question, or every new forum post in a channel',
  options: [
    {
      type: 'subcommand',
      name: 'set',
      description: 'Answer questions asked in a channel',
      options: [
        {
          type: 'channel',
          name: 'channel',
          description: 'Which channel (a forum for mode forum)',
          required: true,
          kinds: ['text', 'forum'],
        },
        {
          type: 'string',
          name: 'mode',
          description: 'What to answer',
          required: true,
          choices: [
            { name: 'mention: only messages that mention the bot', value: 'mention' },
            { name: 'questions: every question asked in the channel', value: 'questions' },
            { name: 'forum: every new post of a forum channel', value: 'forum' },
          ],
        },
        {
          type: 'boolean',
          name: 'quiet',
          description:
            'Say nothing when unsure (default: yes); no: "I found nothing in the documents"',
        },
        {
          type: 'role',
          name: 'human_role',
          description: 'Who the "Ask a human" button pings (nobody else is ever pinged)',
        },
      ],
    },
    {
      type: 'subcommand',
      name: 'off',
      description: 'Stop answering unasked questions in a channel',
      options: [
        {
          type: 'channel',
          name: 'channel',
          description: 'Which channel (default: this one)',
          kinds: ['text', 'forum'],
        },
      ],
    },
    {
      type: 'subcommand',
      name: 'status',
      description: 'The channels where the bot answers, and how',
      options: [],
    },
  ],
} as const;

const MODE_WORDS: Record<AutoAnswerMode, string> = {
  mention: 'messages that mention the bot',
  questions: 'every question asked in the channel (and mentions)',
  forum: 'every new forum post (and mentions)',
};

const NOT_THIS_SERVER = 'That channel is not in this server. Pick a channel of this server.';

function isMode(value: string): value is AutoAnswerMode {
  return (AUTO_ANSWER_MODES as readonly string[]).includes(value);
}

function message(title: string, blocks: Block[]): Reply {
  return { kind: 'message', visibility: 'private', title, blocks, actions: [] };
}

function channelName(ctx: CommandContext, channelId: string): string {
  return channelId === ctx.channelId ? 'this channel' : `channel ${channelId}`;
}

function describe(ctx: CommandContext, c: AutoAnswerChannel): ListItem {
  const parts = [
    MODE_WORDS[c.mode],
    c.mode === 'mention' ? null : c.quiet ? 'silent when unsure' : 'says when it found nothing',
    c.humanRole === null ? null : `Ask a human pings role ${c.humanRole}`,
  ].filter((p): p is string => p !== null);
  return { label: channelName(ctx, c.channelId), text: parts.join('; ') };
}

type Where = { ok: true; settings: AutoAnswerSettings; guildId: string };

/** The service and a server; who may run it (Manage Server) is the core's check. */
function where(ctx: CommandContext): Where | { ok: false; reply: Reply } {
  const settings = ctx.services.autoanswer;
  if (!settings)
    return {
      ok: false,
      reply: {
        kind: 'error',
        text: 'Answering chat messages is not available here; it needs the chat bot with its database.',
      },
    };
  if (ctx.guildId === null)
    return {
      ok: false,
      reply: { kind: 'error', text: 'This is set up in a server channel, not in direct messages.' },
    };
  return { ok: true, settings, guildId: ctx.guildId };
}

/** The button arguments this command's buttons carry (`autoanswer:<what>:<key>`). */
const BUTTON = /^(solved|unhelpful|human):([A-Za-z0-9_-]{1,12})$/u;

function note(text: string): Reply {
  return {
    kind: 'message',
    visibility: 'private',
    blocks: [{ type: 'notice', tone: 'info', text }],
    actions: [],
  };
}

export const autoanswer = defineCommand({
  spec,
  async execute(ctx, args) {
    const w = where(ctx);
    if (!w.ok) return w.reply;
    const { settings, guildId } = w;
    switch (args.subcommand) {
      case 'set': {
        if (!isMode(args.mode))
          return { kind: 'error', text: 'Pick a mode: mention, questions or forum.' };
        if (!settings.available.includes(args.mode))
          return {
            kind: 'error',
            text: `The ${args.mode} mode is not available on this bot: ${settings.unavailable[args.mode] ?? 'this platform does not offer it'}.`,
          };
        // The channel must be this server's, as the platform says (as for /daily set).
        const owner = await ctx.channelOwner(args.channel);
        if (!owner.found)
          return {
            kind: 'error',
            text:
              owner.reason === 'unknown'
                ? 'I cannot find that channel. Pick a channel of this server.'
                : 'I could not check which server that channel belongs to. Please try again in a moment.',
          };
        if (owner.guildId !== guildId) return { kind: 'error', text: NOT_THIS_SERVER };
        const saved = await settings.set({
          guildId,
          channelId: args.channel,
          mode: args.mode,
          quiet: args.quiet ?? true,
          humanRole: args.human_role ?? null,
          createdBy: ctx.user.id,
        });
        if (!saved.ok) return { kind: 'error', text: NOT_THIS_SERVER };
        ctx.logger.info(
          { channelId: args.channel, mode: args.mode, quiet: saved.channel.quiet },
          'autoanswer set',
        );
        return message('Answering in chat', [
          { type: 'list', title: '', items: [describe(ctx, saved.channel)] },
          {
            type: 'notice',
            tone: 'info',
            text: 'Answers go in a thread under each question, with Solved and Not helpful buttons. Unasked questions are answered only when the documents answer them clearly.',
          },
        ]);
      }
      case 'off': {
        const channelId = args.channel ?? ctx.channelId;
        if (channelId === null) return { kind: 'error', text: 'Name the channel.' };
        const removed = await settings.off({ guildId, channelId });
        return removed
          ? message('Answering in chat', [
              {
                type: 'notice',
                tone: 'info',
                text: `Off in ${channelName(ctx, channelId)}: only messages that mention the bot are answered there now.`,
              },
            ])
          : {
              kind: 'error',
              text: `Nothing was set for ${channelName(ctx, channelId)}.`,
            };
      }
      case 'status': {
        const list = await settings.list(guildId);
        const blocks: Block[] =
          list.length === 0
            ? [
                {
                  type: 'notice',
                  tone: 'info',
                  text: 'No channel is set up: the bot answers messages that mention it.',
                },
              ]
            : [{ type: 'list', title: '', items: list.map((c) => describe(ctx, c)) }];
        const missing = AUTO_ANSWER_MODES.filter((m) => !settings.available.includes(m));
        for (const mode of missing)
          blocks.push({
            type: 'notice',
            tone: 'info',
            text: `The ${mode} mode is off on this bot: ${settings.unavailable[mode] ?? 'not offered here'}.`,
          });
        return message('Answering in chat', blocks);
      }
    }
  },
  async button(ctx, value) {
    const parsed = BUTTON.exec(value.arg);
    if (!parsed)
      return { mode: 'reply', reply: { kind: 'error', text: 'This button no longer works.' } };
    const [, what = '', key = ''] = parsed;
    // scoped by the core: a key stored in another server is refused as a stale button
    const recent = await ctx.services.recent.get(key);
    if (!recent)
      return {
        mode: 'reply',
        reply: { kind: 'error', text: 'This answer has expired. Ask again.' },
      };
    if (what === 'human') {
      const call = await ctx.services.autoanswer?.askHuman(key);
      if (!call?.ok) {
        const text =
          call?.reason === 'already'
            ? 'Someone has already asked for a person to help with this question.'
            : 'Nobody is set up to help here any more.';
        return { mode: 'reply', reply: note(text) };
      }
      return {
        mode: 'reply',
        reply: {
          kind: 'message',
          visibility: 'public',
          ping: { role: call.role },
          blocks: [
            {
              type: 'text',
              spans: [
                { text: `${ctx.user.name} would like a person to help with: ` },
                { text: recent.question, italic: true },
              ],
            },
          ],
          actions: [],
        },
      };
    }
    if (!ctx.services.feedback)
      return { mode: 'reply', reply: { kind: 'error', text: 'Feedback is not recorded here.' } };
    await ctx.services.feedback.record({
      platform: ctx.platform.id,
      answerKey: key,
      userId: ctx.user.id,
      question: recent.question,
      passageIds: recent.passageIds,
      vote: what === 'solved' ? 1 : -1,
    });
    return {
      mode: 'reply',
      reply: note(
        what === 'solved'
          ? 'Thanks, marked as solved.'
          : 'Thanks, noted: this answer did not help. Try asking with other words, or ask a person.',
      ),
    };
  },
});
