import { buttonAction, buttonId, type TimelineQueryRef } from '../src/answer/buttons.ts';
import { dateLabel, factListItem } from '../src/answer/facts-render.ts';
import type { Action, Attachment, Reply } from '../src/answer/reply.ts';
import { renderTimelineImage, timelineImageEvents } from '../src/answer/timeline-image.ts';
import type { Fact } from '../src/facts/types.ts';
import type { Visibility } from './spec.ts';
import { buttonScope, type CommandContext, defineCommand } from './types.ts';

const spec = {
  name: 'timeline',
  description: 'Dated events from the documents, in order, each cited',
  kind: 'chat',
  help: 'the dated events, in order, each cited (by topic or document)',
  options: [
    { type: 'string', name: 'topic', description: 'Only events about this topic', maxLength: 80 },
    {
      type: 'string',
      name: 'document',
      description: 'Only events from this document',
      autocomplete: true,
    },
  ],
} as const;

/** Events per page: a page stays well inside one embed even with long citations. */
export const PAGE_SIZE = 8;
/** The picture's file name (Discord's embed refers to it as attachment://timeline.png). */
export const PICTURE_NAME = 'timeline.png';

interface TimelineQuery {
  topic: string;
  docSlug: string;
}

/**
 * What the page buttons carry: the query itself when its longest id fits, else the key it is
 * stored under in RecentQuestions (a topic may be 80 characters, a document slug long).
 */
async function queryRef(
  ctx: CommandContext,
  q: TimelineQuery,
  pages: number,
  visibility: Visibility,
): Promise<TimelineQueryRef> {
  const direct = { docSlug: q.docSlug, topic: q.topic };
  const fits =
    [-1, pages].every(
      (page) => buttonId({ command: 'timeline', action: 'page', page, query: direct }) !== null,
    ) && buttonId({ command: 'timeline', action: 'share', page: pages, query: direct }) !== null;
  if (fits) return direct;
  const key = await ctx.services.recent.remember({
    question: q.topic,
    docSlug: q.docSlug === '' ? undefined : q.docSlug,
    passageIds: [],
    userId: ctx.user.id,
    scope: buttonScope(ctx, visibility),
  });
  return { key };
}

/**
 * The whole timeline as a picture, numbered 1..N as the text lines are; none when it cannot be
 * drawn (the text carries everything, so a failed picture is only logged).
 */
async function picture(ctx: CommandContext, title: string, events: readonly Fact[]) {
  try {
    const image = await renderTimelineImage({
      title,
      events: timelineImageEvents(events, dateLabel),
    });
    const file: Attachment = {
      name: PICTURE_NAME,
      contentType: 'image/png',
      data: image.png,
      alt: image.alt,
    };
    return [file];
  } catch (error) {
    ctx.logger.warn({ err: error }, 'timeline: the picture could not be drawn; text only');
    return [];
  }
}

/**
 * One page of the timeline, with Earlier / Later buttons that edit the message in place, the
 * whole timeline's picture, and "Share in channel" when only the asker sees it.
 */
export async function timelineReply(
  ctx: CommandContext,
  q: TimelineQuery,
  page: number,
  visibility: Visibility = 'private',
): Promise<Reply> {
  const { engine } = ctx;
  if (q.docSlug !== '' && !engine.corpus.documents.some((d) => d.slug === q.docSlug)) {
    return {
      kind: 'error',
      text: `There is no document "${q.docSlug}". Pick one from the list, or see /sources.`,
    };
  }
  const events = engine.facts.timeline({
    topic: q.topic === '' ? undefined : q.topic,
    docSlug: q.docSlug === '' ? undefined : q.docSlug,
  });
  if (events.length === 0 && q.topic === '' && q.docSlug === '') {
    // reference documentation reports no events: say so rather than offer a broader topic
    return {
      kind: 'error',
      text: 'There is no timeline in these documents: they give no dated events.',
    };
  }
  if (events.length === 0) {
    const about = q.topic === '' ? '' : ` about "${q.topic}"`;
    const from = q.docSlug === '' ? 'the documents' : `"${q.docSlug}"`;
    return {
      kind: 'error',
      text: `I found no dated events${about} in ${from}. Try a broader topic, or /timeline with no options.`,
    };
  }
  const pages = Math.ceil(events.length / PAGE_SIZE);
  const current = Math.min(Math.max(0, page), pages - 1);
  const shown = events.slice(current * PAGE_SIZE, (current + 1) * PAGE_SIZE);
  const sharable = visibility === 'private';
  const query = pages > 1 || sharable ? await queryRef(ctx, q, pages, visibility) : null;
  const actions: Action[] = [];
  if (query && pages > 1) {
    actions.push(
      ...buttonAction(
        { command: 'timeline', action: 'page', page: current - 1, query },
        { label: 'Earlier', style: 'secondary', emoji: '◀', disabled: current === 0 },
      ),
      ...buttonAction(
        { command: 'timeline', action: 'page', page: current + 1, query },
        { label: 'Later', style: 'secondary', emoji: '▶', disabled: current === pages - 1 },
      ),
    );
  }
  if (query && sharable) {
    actions.push(
      ...buttonAction(
        { command: 'timeline', action: 'share', page: current, query },
        { label: 'Share in channel', style: 'primary' },
      ),
    );
  }
  const document = engine.corpus.documents.find((d) => d.slug === q.docSlug);
  const title = [
    'Timeline',
    q.topic === '' ? '' : `: ${q.topic}`,
    document ? ` (${document.meta.title})` : '',
  ].join('');
  return {
    kind: 'message',
    visibility,
    title,
    blocks: [
      {
        type: 'list',
        title:
          pages > 1
            ? `Events ${current * PAGE_SIZE + 1}–${current * PAGE_SIZE + shown.length}`
            : 'Events',
        items: shown.map((f, i) => ({
          ...factListItem(engine, f),
          n: current * PAGE_SIZE + i + 1,
        })),
      },
    ],
    actions,
    footer: [
      `${events.length} dated event${events.length === 1 ? '' : 's'}`,
      pages > 1 ? `page ${current + 1} of ${pages}` : '',
      visibility === 'public' ? `shared by ${ctx.user.name}` : '',
    ]
      .filter((part) => part !== '')
      .join(' · '),
    attachments: await picture(ctx, title, events),
  };
}

/** The query a page button refers to, or null when its stored key has expired. */
async function resolveQuery(
  ctx: CommandContext,
  ref: TimelineQueryRef,
): Promise<TimelineQuery | null> {
  if (!('key' in ref)) return ref;
  const recent = await ctx.services.recent.get(ref.key);
  return recent ? { topic: recent.question, docSlug: recent.docSlug ?? '' } : null;
}

export const timeline = defineCommand({
  spec,
  execute(ctx, args) {
    const topic = (args.topic ?? '').replace(/\s+/gu, ' ').trim();
    return timelineReply(ctx, { topic, docSlug: (args.document ?? '').trim() }, 0);
  },
  autocomplete(ctx, focused) {
    if (focused.name !== 'document') return [];
    const t = focused.value.toLowerCase();
    return ctx.engine.corpus.documents
      .filter((d) => d.meta.title.toLowerCase().includes(t) || d.slug.includes(t))
      .slice(0, 25)
      .map((d) => ({ name: d.meta.title.slice(0, 100), value: d.slug }));
  },
  async button(ctx, value) {
    const q = await resolveQuery(ctx, value.query);
    if (!q) {
      return {
        mode: 'reply',
        reply: {
          kind: 'error',
          text: `This timeline has expired. Run ${ctx.platform.commandLabel('timeline')} again.`,
        },
      };
    }
    // Sharing posts the page anew for everyone; paging edits the message it is on.
    if (value.action === 'share')
      return { mode: 'reply', reply: await timelineReply(ctx, q, value.page, 'public') };
    return { mode: 'update', reply: await timelineReply(ctx, q, value.page) };
  },
});
