import type { ListItem, Reply } from '../src/answer/reply.ts';
import type { CommandSpec } from './spec.ts';
import { type CommandContext, defineCommand } from './types.ts';

/** A command's line: its name as users type it here, and what it does. */
function line(ctx: CommandContext, spec: CommandSpec): ListItem {
  const what = spec.help ?? spec.description;
  if (spec.kind === 'message') {
    const hint = ctx.platform.messageCommandHint;
    return { label: spec.name, text: hint ? `${hint}: ${what}` : what };
  }
  return { label: ctx.platform.commandLabel(spec.name), text: what };
}

/**
 * What the bot knows and the commands this user can run here, read from the registry (so a new
 * command appears by itself): moderator commands only for those who may use them.
 */
export const help = defineCommand({
  spec: {
    name: 'help',
    description: 'What I know and how to ask',
    kind: 'chat',
    help: 'this list',
    options: [],
  },
  execute: (ctx) => helpReply(ctx),
});

/**
 * The help: what the bot knows and the commands this user can run here. Also what `/ask` and a
 * chat message answer when they ask for it ("help", "what can you do?", a bare mention: see
 * `asksForHelp`).
 */
export function helpReply(ctx: CommandContext): Reply {
  const { documents, paragraphs } = ctx.engine.corpus;
  const example = ctx.engine.acronyms[0]
    ? `"What does ${ctx.engine.acronyms[0].acronym} stand for?"`
    : 'a question with a name or topic from the documents';
  const others = ctx.commands.filter((s) => s.name !== 'help');
  const everyone = others.filter((s) => s.permission === undefined);
  const moderators = others.filter((s) => s.permission !== undefined);
  return {
    kind: 'message',
    visibility: 'private',
    title: 'Dossier: answers from the documents, cited to the paragraph',
    blocks: [
      {
        type: 'text',
        spans: [
          {
            text: `I answer from ${documents.length} document${documents.length === 1 ? '' : 's'} (${paragraphs.length} paragraphs) and nothing else. `,
          },
          {
            text: 'Every answer quotes the passage and cites it; when the documents do not cover a question I say so.',
          },
        ],
      },
      { type: 'list', title: 'Commands', items: everyone.map((s) => line(ctx, s)) },
      ...(moderators.length > 0
        ? [
            {
              type: 'list' as const,
              title: 'For moderators',
              items: moderators.map((s) => line(ctx, s)),
            },
          ]
        : []),
      {
        type: 'notice',
        tone: 'info',
        text: `Tip: name a person, place, date or term; short questions work best, e.g. ${example}.`,
      },
    ],
    actions: [],
  };
}
