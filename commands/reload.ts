import type { Block } from '../src/answer/reply.ts';
import { defineCommand } from './types.ts';

const spec = {
  name: 'reload',
  description: 'Reload the documents now, after editing them',
  kind: 'chat',
  permission: 'manageServer',
  help: 'reload the documents after an edit (edits are also picked up on their own)',
  options: [],
} as const;

/** At most this many problems are listed; the log has them all. */
const SHOWN = 8;

function listed(problems: readonly string[]): string {
  const more = problems.length - SHOWN;
  return [
    ...problems.slice(0, SHOWN).map((p) => `• ${p}`),
    ...(more > 0 ? [`…and ${more} more (see the log)`] : []),
  ].join('\n');
}

export const reload = defineCommand({
  spec,
  async execute(ctx) {
    const corpus = ctx.services.reload;
    if (!corpus)
      return { kind: 'error', text: 'Reloading is not available here; restart the bot instead.' };
    const result = await corpus.reload();
    const seconds = (result.ms / 1000).toFixed(1);
    if (!result.ok) {
      return {
        kind: 'error',
        text: `The reload failed after ${seconds} s; the bot still answers from the previous documents. Fix this and run ${ctx.platform.commandLabel('reload')} again:\n${listed(result.problems)}`,
      };
    }
    const blocks: Block[] = [
      {
        type: 'text',
        spans: [
          {
            text: `${result.documents} document${result.documents === 1 ? '' : 's'}, ${result.paragraphs} paragraphs, in ${seconds} s.`,
          },
        ],
      },
    ];
    if (result.knownProblems.length > 0) {
      blocks.push({
        type: 'notice',
        tone: 'warning',
        text: `Still skipped, as before:\n${listed(result.knownProblems)}`,
      });
    }
    return {
      kind: 'message',
      visibility: 'private',
      title: 'Documents reloaded',
      blocks,
      actions: [],
    };
  },
});
