import type { ListItem } from '../src/answer/reply.ts';
import { defineCommand } from './types.ts';

const spec = {
  name: 'gaps',
  description: 'Questions the documents could not answer, most frequent first',
  kind: 'chat',
  permission: 'manageServer',
  requires: ['servers'],
  help: 'the questions the documents could not answer',
  options: [
    {
      type: 'integer',
      name: 'limit',
      description: 'How many to show (default 15)',
      min: 1,
      max: 25,
    },
  ],
} as const;

export const gaps = defineCommand({
  spec,
  async execute(ctx, args) {
    const report = ctx.services.gaps;
    if (!report) {
      return {
        kind: 'error',
        text: 'Unanswered questions are not recorded here; they need the chat bot with its database.',
      };
    }
    const top = await report.top(Math.min(25, Math.max(1, args.limit ?? 15)), ctx.guildId);
    if (top.length === 0) {
      return {
        kind: 'message',
        visibility: 'private',
        title: 'Coverage gaps',
        blocks: [{ type: 'notice', tone: 'info', text: 'No unanswered questions recorded yet.' }],
        actions: [],
      };
    }
    const items: ListItem[] = top.map((g) => ({
      label: `${g.count}×`,
      text:
        g.missingTerms.length > 0
          ? `“${g.question}” (missing: ${g.missingTerms.join(', ')})`
          : `“${g.question}”`,
    }));
    return {
      kind: 'message',
      visibility: 'private',
      title: 'Coverage gaps',
      blocks: [
        { type: 'list', title: 'Questions the documents could not answer', items },
        {
          type: 'notice',
          tone: 'info',
          text: 'Adding a document that covers the missing terms (and restarting) closes a gap.',
        },
      ],
      actions: [],
      footer: `Most frequent first; the latest wording of each question is shown.`,
    };
  },
});
