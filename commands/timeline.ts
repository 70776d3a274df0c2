import type { Action, Reply } from '../src/answer/reply.ts';
import { factListItem, MAX_BUTTON_ID } from '../src/daily/post.ts';
import { type CommandContext, defineCommand } from './types.ts';

const spec = {
  name: 'timeline',
  description: 'Dated events from the documents, in order, each cited',
  kind: 'chat',
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

interface TimelineQuery {
  topic: string;
  docSlug: string;
}

/**
 * The button id for a page. Ids carry the query (`timeline:<page>:<doc>:<topic>`, topic last as it
 * may hold colons); when that would pass 100 characters the query is remembered and the id
 * carries its short key instead (`timeline:<page>:~<key>`).
 */
function pageId(page: number, q: TimelineQuery, key: () => string): string {
  const direct = `timeline:${page}:${q.docSlug}:${q.topic}`;
  return direct.length <= MAX_BUTTON_ID ? direct : `timeline:${page}:~${key()}`;
}

/** One page of the timeline, with Earlier / Later buttons that edit the message in place. */
export function timelineReply(ctx: CommandContext, q: TimelineQuery, page: number): Reply {
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
  let remembered: string | undefined;
  const key = () => {
    remembered ??= ctx.services.recent.remember({
      question: q.topic,
      docSlug: q.docSlug === '' ? undefined : q.docSlug,
      passageIds: [],
      userId: ctx.user.id,
    });
    return remembered;
  };
  const actions: Action[] =
    pages > 1
      ? [
          {
            id: pageId(current - 1, q, key),
            label: 'Earlier',
            style: 'secondary',
            emoji: '◀',
            disabled: current === 0,
          },
          {
            id: pageId(current + 1, q, key),
            label: 'Later',
            style: 'secondary',
            emoji: '▶',
            disabled: current === pages - 1,
          },
        ]
      : [];
  const document = engine.corpus.documents.find((d) => d.slug === q.docSlug);
  const title = [
    'Timeline',
    q.topic === '' ? '' : `: ${q.topic}`,
    document ? ` (${document.meta.title})` : '',
  ].join('');
  return {
    kind: 'message',
    visibility: 'private',
    title,
    blocks: [
      {
        type: 'list',
        title:
          pages > 1
            ? `Events ${current * PAGE_SIZE + 1}–${current * PAGE_SIZE + shown.length}`
            : 'Events',
        items: shown.map((f) => factListItem(engine, f)),
      },
    ],
    actions,
    footer: `${events.length} dated event${events.length === 1 ? '' : 's'}${pages > 1 ? ` · page ${current + 1} of ${pages}` : ''}`,
  };
}

/** Parses `<page>:<doc>:<topic>` or `<page>:~<key>` from a button id. */
function parseButton(ctx: CommandContext, arg: string): { page: number; q: TimelineQuery } | null {
  const m = /^(-?\d{1,4}):(.*)$/su.exec(arg);
  if (!m) return null;
  const page = Number(m[1]);
  const rest = m[2] ?? '';
  if (rest.startsWith('~')) {
    const recent = ctx.services.recent.get(rest.slice(1));
    return recent ? { page, q: { topic: recent.question, docSlug: recent.docSlug ?? '' } } : null;
  }
  const colon = rest.indexOf(':');
  if (colon < 0) return null;
  return { page, q: { docSlug: rest.slice(0, colon), topic: rest.slice(colon + 1) } };
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
  button(ctx, arg) {
    const parsed = parseButton(ctx, arg);
    if (!parsed) {
      return {
        mode: 'reply',
        reply: { kind: 'error', text: 'This timeline has expired. Run /timeline again.' },
      };
    }
    return { mode: 'update', reply: timelineReply(ctx, parsed.q, parsed.page) };
  },
});
