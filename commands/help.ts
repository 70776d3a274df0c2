import { defineCommand } from './types.ts';

export const help = defineCommand({
  spec: { name: 'help', description: 'What I know and how to ask', kind: 'chat', options: [] },
  execute(ctx) {
    const { documents, paragraphs } = ctx.engine.corpus;
    const example = ctx.engine.acronyms[0]
      ? `What does ${ctx.engine.acronyms[0].acronym} stand for?`
      : 'a question with a name or topic from the documents';
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
        {
          type: 'list',
          title: 'Commands',
          items: [
            {
              label: '/ask',
              text: `a question, e.g. "${example}" (only you see it unless you share it)`,
            },
            {
              label: '/source',
              text: 'read a passage in full by its id (e.g. doc#p3), with previous/next',
            },
            { label: '/sources', text: 'the documents, their publishers and sections' },
            { label: '/fact', text: 'one cited fact, on a topic or at random' },
            {
              label: '/timeline',
              text: 'the dated events, in order, each cited (by topic or document)',
            },
            { label: '/define', text: 'what a term or acronym means, in the documents’ own words' },
            {
              label: 'Find in sources',
              text: 'right-click a message → Apps: passages that support or relate to it',
            },
          ],
        },
        // Moderator commands only where they work and for those who may use them (Discord hides
        // them from others too).
        ...(ctx.canManageServer && ctx.services.daily
          ? [
              {
                type: 'list' as const,
                title: 'For moderators',
                items: [
                  {
                    label: '/daily',
                    text: 'set, off, preview, status: one cited fact a day in a channel, never a ping',
                  },
                  { label: '/gaps', text: 'the questions the documents could not answer' },
                ],
              },
            ]
          : []),
        {
          type: 'notice',
          tone: 'info',
          text: 'Tip: name a person, place, date or term; short questions work best.',
        },
      ],
      actions: [],
    };
  },
});
