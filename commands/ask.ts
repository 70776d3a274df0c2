import { buttonAction } from '../src/answer/buttons.ts';
import { factListItem } from '../src/answer/facts-render.ts';
import { KEY_FACTS, keyFacts } from '../src/answer/key-facts.ts';
import { answerBlocks, shorten } from '../src/answer/present.ts';
import type { Action, ListItem, Reply } from '../src/answer/reply.ts';
import { suggestFor } from '../src/answer/suggest.ts';
import type { Answer } from '../src/answer/types.ts';
import type { Fact } from '../src/facts/types.ts';
import { asksForHelp } from '../src/language/small-talk.ts';
import { helpReply } from './help.ts';
import type { Visibility } from './spec.ts';
import { buttonScope, type CommandContext, defineCommand } from './types.ts';

const spec = {
  name: 'ask',
  description: 'Ask the documents a question; get cited passages',
  kind: 'chat',
  cooldown: 'question',
  visibility: { default: 'private', option: 'private' },
  help: 'a question; only you see the answer unless you share it',
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
export async function answerReply(
  ctx: CommandContext,
  question: string,
  opts: { docSlug?: string | undefined; visibility: Visibility; title?: string },
): Promise<Reply> {
  if (question.trim() === '')
    return { kind: 'error', text: 'Type a question, e.g. "What is an SRBM?"' };
  // "help", "what can you do?": the help, not a passage that happens to say "help"
  if (asksForHelp(question)) return helpReply(ctx);
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
    await ctx.services.unanswered?.record({
      question,
      missingTerms: answer.missingTerms,
      scope: ctx.guildId,
    });
  const key = await ctx.services.recent.remember({
    question,
    docSlug: opts.docSlug,
    passageIds: answer.passages.map((p) => p.id),
    userId: ctx.user.id,
    // a private answer's Share works only for its asker; a public one's votes for its server
    scope: buttonScope(ctx, opts.visibility),
  });
  const actions: Action[] = [];
  const top = answer.passages[0] ?? answer.related[0];
  if (top)
    actions.push(
      ...buttonAction(
        { command: 'source', action: 'open', paragraphId: top.id },
        { label: 'Read around', style: 'secondary', emoji: '📖' },
      ),
    );
  if (opts.visibility === 'private') {
    actions.push(
      ...buttonAction(
        { command: 'ask', action: 'share', key },
        { label: 'Share in channel', style: 'primary' },
      ),
    );
  } else if (answer.status === 'answered') {
    actions.push(
      ...buttonAction(
        { command: 'ask', action: 'vote', key, vote: 1 },
        { label: 'Helpful', style: 'secondary', emoji: '👍' },
      ),
      ...buttonAction(
        { command: 'ask', action: 'vote', key, vote: -1 },
        { label: 'Not helpful', style: 'secondary', emoji: '👎' },
      ),
    );
  }
  const blocks = answerBlocks(answer);
  if (answer.status === 'answered') {
    const keyFacts = keyFactsOf(ctx, question, answer);
    if (keyFacts.length > 0) blocks.push({ type: 'list', title: 'Key facts', items: keyFacts });
  }
  return {
    kind: 'message',
    visibility: opts.visibility,
    title: opts.title ?? question,
    blocks,
    actions,
  };
}

/**
 * The facts under an answer, each cited: only those that share the question's focus and answer
 * its kind (see src/answer/key-facts.ts), at most KEY_FACTS; none when nothing fits.
 */
export function keyFactsOf(ctx: CommandContext, question: string, answer: Answer): ListItem[] {
  return keyFacts(ctx.engine, question, answer, KEY_FACTS).map((f) => factListItem(ctx.engine, f));
}

/** A question that brings up the passages around a fact ("Ask about this" on the daily post). */
export function questionAbout(fact: Fact): string {
  switch (fact.kind) {
    case 'definition':
      return `What is ${fact.subject}?`;
    case 'actor':
      return `Who is ${fact.subject}?`;
    case 'date':
      return `When ${fact.subject}?`;
    case 'figure':
      return `How many ${fact.subject}?`;
  }
}

export const ask = defineCommand({
  spec,
  execute(ctx, args) {
    return answerReply(ctx, args.question, { docSlug: args.document, visibility: ctx.visibility });
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
  async button(ctx, value) {
    if (value.action === 'about') {
      const fact = ctx.engine.facts.get(value.factId);
      if (!fact) {
        return {
          mode: 'reply',
          reply: { kind: 'error', text: 'That fact is no longer in the documents. Try /fact.' },
        };
      }
      const question = shorten(questionAbout(fact), 300);
      return { mode: 'reply', reply: await answerReply(ctx, question, { visibility: 'private' }) };
    }
    const recent = await ctx.services.recent.get(value.key);
    if (!recent)
      return {
        mode: 'reply',
        reply: { kind: 'error', text: 'This answer has expired. Ask again with /ask.' },
      };
    if (value.action === 'share') {
      const reply = await answerReply(ctx, recent.question, {
        docSlug: recent.docSlug,
        visibility: 'public',
      });
      if (reply.kind === 'message') reply.footer = `Shared by ${ctx.user.name}`;
      return { mode: 'reply', reply };
    }
    if (!ctx.services.feedback)
      return { mode: 'reply', reply: { kind: 'error', text: 'Feedback is not recorded here.' } };
    await ctx.services.feedback.record({
      platform: ctx.platform.id,
      answerKey: value.key,
      userId: ctx.user.id,
      question: recent.question,
      passageIds: recent.passageIds,
      vote: value.vote,
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
  },
});
