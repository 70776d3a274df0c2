import { defineCommand } from './types.ts';

export const sources = defineCommand({
  spec: {
    name: 'sources',
    description: 'The documents I answer from',
    kind: 'chat',
    help: 'the documents, their publishers and sections',
    options: [],
  },
  execute(ctx) {
    const docs = ctx.engine.corpus.documents;
    if (docs.length === 0)
      return {
        kind: 'error',
        text: 'No documents are loaded. Add Markdown or text files to corpus/.',
      };
    return {
      kind: 'message',
      visibility: 'private',
      title: `${docs.length} document${docs.length === 1 ? '' : 's'}, ${ctx.engine.corpus.paragraphs.length} paragraphs`,
      blocks: [
        {
          type: 'list',
          title: 'Documents',
          items: docs.map((d) => ({
            label: d.meta.title,
            text: [
              d.meta.publisher,
              `${d.paragraphs.length} paragraphs`,
              d.sections.length > 0 ? `sections: ${d.sections.join(' · ')}` : null,
              `id: ${d.slug}`,
              d.meta.url ?? null,
            ]
              .filter(Boolean)
              .join(' — '),
          })),
        },
      ],
      actions: [],
    };
  },
});
