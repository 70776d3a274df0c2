import { answerReply } from './ask.ts';
import { defineCommand } from './types.ts';

/** Message context menu: checks a message's claims against the documents, privately. */
export const findInSources = defineCommand({
  spec: {
    name: 'Find in sources',
    description: '',
    kind: 'message',
    cooldown: 'question',
    help: 'passages that support or relate to a message',
    options: [],
  },
  execute(ctx, args) {
    const text = args.message.trim();
    if (text === '') return { kind: 'error', text: 'That message has no text to look up.' };
    return answerReply(ctx, text, {
      visibility: 'private',
      title: 'Passages related to that message',
    });
  },
});
