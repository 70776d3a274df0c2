import { answerBlocks } from '../src/answer/present.ts';
import type { Action, Reply } from '../src/answer/reply.ts';
import { suggestFor } from '../src/answer/suggest.ts';
import { type CommandContext, defineCommand } from './types.ts';

const spec = {
  name: 'ask',
  description: 'Ask the documents a question; get cited passages',
  kind: 'chat',
  options: [
    {
      type: 'string',
      name: 'question',
      description: 'Your question',
      required: true,
      maxLength: 300,
      autocomplete: true,
    },
    {
      type: 'string',
      name: 'document',
      description: 'Only search this document',
      autocomplete: true,
    },
    { type: 'boolean', name: 'private', description: 'Only you see the answer (default: yes)' },
  ],
} as const;

/** Asks and builds the Reply, remembering the question so its buttons can refer to it. */
export function answerReply(
  ctx: CommandContext,
  question: string,
  opts: { docSlug?: string | undefined; visibility: 'public' | 'private'; title?: string },
): Reply {
  if (question.trim() === '')
    return { kind: 'error', text: 'Type a question, e.g. "What is an SRBM?"' };
  if (opts.docSlug && !ctx.engine.corpus.documents.some((d) => d.slug === opts.docSlug)) {
    return {
      kind: 'error',
      text: `There is no document "${opts.docSlug}". Pick one from the list, or see /sources.`,
    };
  }
  const answer = ctx.engine.ask(question, { docSlug: opts.docSlug });
  if (answer.status === 'needs_keyword') {
    return {
      kind: 'error',
      text: 'Add a keyword to your question: a name, a place or a topic from the documents (see /sources).',
    };
  }
  if (answer.status === 'not_found')
    ctx.services.unanswered?.record({ question, missingTerms: answer.missingTerms });
  const key = ctx.services.recent.remember({
    question,
    docSlug: opts.docSlug,
    passageIds: answer.passages.map((p) => p.id),
    userId: ctx.user.id,
  });
  const actions: Action[] = [];
  const top = answer.passages[0] ?? answer.related[0];
  if (top)
    actions.push({
      id: `source:open:${top.id}`,
      label: 'Read around',
      style: 'secondary',
      emoji: '📖',
    });
  if (opts.visibility === 'private') {
    actions.push({ id: `ask:share:${key}`, label: 'Share in channel', style: 'primary' });
  } else if (answer.status === 'answered') {
    actions.push({ id: `ask:up:${key}`, label: 'Helpful', style: 'secondary', emoji: '👍' });
    actions.push({ id: `ask:down:${key}`, label: 'Not helpful', style: 'secondary', emoji: '👎' });
  }
  return {
    kind: 'message',
    visibility: opts.visibility,
    title: opts.title ?? question,
    blocks: answerBlocks(answer),
    actions,
  };
}

export const ask = defineCommand({
  spec,
  execute(ctx, args) {
    return answerReply(ctx, args.question, {
      docSlug: args.document,
      visibility: args.private === false ? 'public' : 'private',
    });
  },
  autocomplete(ctx, focused) {
    if (focused.name === 'document') {
      const t = focused.value.toLowerCase();
      return ctx.engine.corpus.documents
        .filter((d) => d.meta.title.toLowerCase().includes(t) || d.slug.includes(t))
        .map((d) => ({ name: d.meta.title, value: d.slug }));
    }
    return suggestFor(ctx.engine, focused.value).map((s) => ({ name: s, value: s }));
  },
  button(ctx, arg) {
    const [action, key = ''] = arg.split(':');
    const recent = ctx.services.recent.get(key);
    if (!recent)
      return {
        mode: 'reply',
        reply: { kind: 'error', text: 'This answer has expired. Ask again with /ask.' },
      };
    if (action === 'share') {
      const reply = answerReply(ctx, recent.question, {
        docSlug: recent.docSlug,
        visibility: 'public',
      });
      if (reply.kind === 'message') reply.footer = `Shared by ${ctx.user.name}`;
      return { mode: 'reply', reply };
    }
    if (action === 'up' || action === 'down') {
      if (!ctx.services.feedback)
        return { mode: 'reply', reply: { kind: 'error', text: 'Feedback is not recorded here.' } };
      ctx.services.feedback.record({
        platform: ctx.platform,
        answerKey: key,
        userId: ctx.user.id,
        question: recent.question,
        passageIds: recent.passageIds,
        vote: action === 'up' ? 1 : -1,
      });
      return {
        mode: 'reply',
        reply: {
          kind: 'message',
          visibility: 'private',
          blocks: [{ type: 'notice', tone: 'info', text: 'Thanks, your vote was recorded.' }],
          actions: [],
        },
      };
    }
    return { mode: 'reply', reply: { kind: 'error', text: 'Unknown button.' } };
  },
});
