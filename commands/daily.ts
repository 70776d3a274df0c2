import { DateTime } from 'luxon';
import type { Block, ListItem, Reply } from '../src/answer/reply.ts';
import { canonicalZone, normalizeTime, zoneChoices } from '../src/daily/zones.ts';
import type { DailyChannelStatus, DailyPosts } from './services.ts';
import { type CommandContext, defineCommand } from './types.ts';

const channelOption = (description: string) =>
  ({ type: 'channel', name: 'channel', description }) as const;

const spec = {
  name: 'daily',
  description: 'A cited fact posted once a day to a channel',
  kind: 'chat',
  permission: 'manageServer',
  requires: ['servers', 'channelPosts'],
  help: 'set, off, preview, status: one cited fact a day in a channel, never a ping',
  options: [
    {
      type: 'subcommand',
      name: 'set',
      description: 'Post a fact every day in a channel at a local time',
      options: [
        { type: 'channel', name: 'channel', description: 'Where to post', required: true },
        {
          type: 'string',
          name: 'time',
          description: 'Local time, 24-hour HH:MM (e.g. 09:00)',
          required: true,
          maxLength: 5,
        },
        {
          type: 'string',
          name: 'timezone',
          description: 'Time zone, e.g. Europe/Berlin',
          required: true,
          maxLength: 64,
          autocomplete: true,
        },
        {
          type: 'string',
          name: 'topic',
          description: 'Only facts about this topic',
          maxLength: 80,
        },
      ],
    },
    {
      type: 'subcommand',
      name: 'off',
      description: 'Stop the daily fact in a channel',
      options: [channelOption('Which channel (default: this one)')],
    },
    {
      type: 'subcommand',
      name: 'preview',
      description: 'See what the daily post looks like (only you see it)',
      options: [channelOption('Which channel’s post (default: this one)')],
    },
    {
      type: 'subcommand',
      name: 'status',
      description: 'When the next fact goes out, and whether posting works',
      options: [channelOption('Which channel (default: every channel in this server)')],
    },
  ],
} as const;

// ---------------------------------------------------------------------------------------------
// Replies
// ---------------------------------------------------------------------------------------------

function channelName(ctx: CommandContext, channelId: string): string {
  return channelId === ctx.channelId ? 'this channel' : `channel ${channelId}`;
}

function when(date: Date, zone: string): string {
  const local = DateTime.fromJSDate(date, { zone });
  const utc = DateTime.fromJSDate(date, { zone: 'UTC' });
  const sameDay = local.toISODate() === utc.toISODate();
  return `${local.toFormat('ccc d LLL yyyy, HH:mm')} (${zone}) · ${utc.toFormat(sameDay ? 'HH:mm' : 'ccc d LLL, HH:mm')} UTC`;
}

/** "/daily set" as users type it on this platform. */
const dailySet = (ctx: CommandContext) => `${ctx.platform.commandLabel('daily')} set`;

/** What the admins must know about one subscription. */
function statusBlocks(ctx: CommandContext, s: DailyChannelStatus): Block[] {
  const items: ListItem[] = [
    { label: 'Schedule', text: `every day at ${s.localTime} (${s.timeZone})` },
    { label: 'Topic', text: s.topic ?? 'any fact from the documents' },
    {
      label: 'Next post',
      text: s.nextPostAt ? when(s.nextPostAt, s.timeZone) : 'none: posting is stopped',
    },
    { label: 'Last post', text: s.lastPostedLocalDate ?? 'none yet' },
    {
      label: 'Facts left',
      text: `${s.factsLeft} of ${s.poolSize} before they repeat`,
    },
  ];
  const blocks: Block[] = [
    { type: 'list', title: `Daily fact in ${channelName(ctx, s.channelId)}`, items },
  ];
  if (!s.enabled) {
    const since = s.disabledAt ? ` on ${s.disabledAt.slice(0, 10)}` : '';
    const fix = (s.disabledReason ?? '').startsWith('invalid schedule')
      ? `To fix it, run ${dailySet(ctx)} again with a valid time and time zone.`
      : `To fix it, ${ctx.platform.channelAccessFix}, or pick another channel, then run ${dailySet(ctx)} again.`;
    blocks.push({
      type: 'notice',
      tone: 'warning',
      text: `Posting stopped${since}: ${s.disabledReason ?? 'no reason recorded'}. ${fix}`,
    });
  } else if (s.lastError) {
    blocks.push({
      type: 'notice',
      tone: 'warning',
      text: `Today’s post has not gone out yet: ${s.lastError}. It is retried every minute; if it keeps failing, check the bot’s permissions in that channel.`,
    });
  }
  if (s.poolSize === 0) {
    blocks.push({
      type: 'notice',
      tone: 'warning',
      text: `There are no facts for this topic, so nothing is posted. Run ${dailySet(ctx)} with another topic or none.`,
    });
  }
  return blocks;
}

/** Said once per reply when this process only stores settings. */
function postingBlocks(posting: boolean): Block[] {
  return posting
    ? []
    : [
        {
          type: 'notice',
          tone: 'info',
          text: 'This bot process does not post (DAILY_ENABLED=false); the setting is saved for the one that does.',
        },
      ];
}

function message(title: string, blocks: Block[], footer?: string): Reply {
  return { kind: 'message', visibility: 'private', title, blocks, actions: [], footer };
}

const NOT_THIS_SERVER = 'That channel is not in this server. Pick a channel of this server.';

type Where = { ok: true; daily: DailyPosts; guildId: string };

/**
 * What every subcommand needs: the service and a server. Who may run it (Manage Server) and where
 * (servers with channel posts) is declared in the spec and checked by the interaction core.
 */
function where(ctx: CommandContext): Where | { ok: false; reply: Reply } {
  const daily = ctx.services.daily;
  if (!daily) {
    return {
      ok: false,
      reply: {
        kind: 'error',
        text: 'Daily posts are not available here; they need the chat bot with its database.',
      },
    };
  }
  if (ctx.guildId === null) {
    return {
      ok: false,
      reply: {
        kind: 'error',
        text: 'Daily posts are set up in a server channel, not in direct messages.',
      },
    };
  }
  return { ok: true, daily, guildId: ctx.guildId };
}

export const daily = defineCommand({
  spec,
  async execute(ctx, args) {
    const w = where(ctx);
    if (!w.ok) return w.reply;
    const { daily: posts, guildId } = w;
    const channelId = ('channel' in args ? args.channel : undefined) ?? ctx.channelId;

    switch (args.subcommand) {
      case 'set': {
        const time = normalizeTime(args.time);
        if (!time) {
          return {
            kind: 'error',
            text: `"${args.time}" is not a time. Use the 24-hour HH:MM form, e.g. 09:00 or 18:30.`,
          };
        }
        const zone = canonicalZone(args.timezone);
        if (!zone) {
          const close = zoneChoices(args.timezone.split('/').pop() ?? '', ctx.now()).slice(0, 3);
          const hint =
            close.length > 0 ? ` Did you mean ${close.map((c) => c.value).join(', ')}?` : '';
          return {
            kind: 'error',
            text: `"${args.timezone}" is not a time zone I know.${hint} Pick one from the list (IANA names such as Europe/Berlin or UTC).`,
          };
        }
        // The channel must be this server's, as the platform says: another server's channel id
        // typed here would make the bot post where that server cannot see or stop it.
        const owner = await ctx.channelOwner(args.channel);
        if (!owner.found) {
          ctx.logger.info({ channelId: args.channel, ...owner }, 'daily set: channel not checked');
          return {
            kind: 'error',
            text:
              owner.reason === 'unknown'
                ? 'I cannot find that channel. Pick a channel of this server.'
                : 'I could not check which server that channel belongs to. Please try again in a moment.',
          };
        }
        if (owner.guildId !== guildId) return { kind: 'error', text: NOT_THIS_SERVER };
        const topic = args.topic?.replace(/\s+/gu, ' ').trim() || undefined;
        if (topic !== undefined && (await posts.poolSize(topic)) === 0) {
          return {
            kind: 'error',
            text: `I found no facts about "${topic}" to post. Try another topic, or none for any fact.`,
          };
        }
        const saved = await posts.set({
          guildId,
          channelId: args.channel,
          localTime: time,
          timeZone: zone,
          topic,
          createdBy: ctx.user.id,
        });
        if (!saved.ok) return { kind: 'error', text: NOT_THIS_SERVER };
        ctx.logger.info(
          { channelId: args.channel, localTime: time, timeZone: zone, topic },
          'daily post set',
        );
        return message('Daily fact set', [
          {
            type: 'notice',
            tone: 'info',
            text: `A cited fact will be posted in ${channelName(ctx, args.channel)} every day at ${time} (${zone}). It never pings anyone.`,
          },
          ...statusBlocks(ctx, saved.status),
          ...postingBlocks(posts.posting),
        ]);
      }
      case 'off': {
        if (!channelId) return { kind: 'error', text: 'Pick the channel to stop posting in.' };
        const removed = await posts.off({ guildId, channelId });
        ctx.logger.info({ channelId, removed }, 'daily post off');
        return message('Daily fact', [
          {
            type: 'notice',
            tone: 'info',
            text: removed
              ? `Daily facts in ${channelName(ctx, channelId)} are off. ${dailySet(ctx)} turns them back on; facts already posted there are not repeated until the rest have been.`
              : `There was no daily fact set up in ${channelName(ctx, channelId)}.`,
          },
        ]);
      }
      case 'preview': {
        const ref = channelId ? { guildId, channelId } : null;
        const sub = ref ? await posts.status(ref) : null;
        // Another server's channel previews like an unsubscribed one: nothing of it is read.
        const post = await posts.preview(sub ? ref : null, sub?.topic ?? undefined);
        if (!post)
          return { kind: 'error', text: 'There are no facts to post for this channel’s topic.' };
        return {
          ...post,
          visibility: 'private',
          title: `Preview: ${post.title ?? 'Fact of the day'}`,
          footer:
            'Only you see this preview. The fact itself is picked when the post goes out, from those not yet posted here.',
        };
      }
      case 'status': {
        const explicit = 'channel' in args ? args.channel : undefined;
        const list = explicit
          ? [await posts.status({ guildId, channelId: explicit })].filter((s) => s !== null)
          : await posts.list(guildId);
        if (list.length === 0) {
          const what = explicit ? channelName(ctx, explicit) : 'this server';
          return message('Daily fact', [
            {
              type: 'notice',
              tone: 'info',
              text: `No daily fact is set up in ${what}. Use ${dailySet(ctx)} channel time timezone.`,
            },
          ]);
        }
        return message(
          'Daily fact status',
          [
            ...list.slice(0, 5).flatMap((s) => statusBlocks(ctx, s)),
            ...postingBlocks(posts.posting),
          ],
          list.length > 5
            ? `${list.length - 5} more channels; name one with the channel option.`
            : undefined,
        );
      }
    }
  },
  autocomplete(ctx, focused) {
    return focused.name === 'timezone' ? zoneChoices(focused.value, ctx.now()) : [];
  },
});
