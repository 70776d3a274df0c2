import { buttonAction } from '../src/answer/buttons.ts';
import type { Engine } from '../src/answer/engine.ts';
import { paragraphCitation, passageSpans } from '../src/answer/present.ts';
import type { Reply } from '../src/answer/reply.ts';
import { defineCommand } from './types.ts';

const spec = {
  name: 'source',
  description: 'Read one passage in full, with the paragraphs around it',
  kind: 'chat',
  help: 'read a passage in full by its id (e.g. doc#p3), with previous/next',
  options: [
    {
      type: 'string',
      name: 'id',
      description: 'Passage id, e.g. going-ballistic#p3',
      required: true,
      autocomplete: true,
    },
  ],
} as const;

/** One paragraph in full, with ◀ previous / next ▶ buttons that edit the same message. */
export function passageView(engine: Engine, id: string): Reply {
  const paragraph = engine.corpus.byId.get(id.trim());
  const document = paragraph && engine.corpus.documents.find((d) => d.slug === paragraph.docSlug);
  if (!paragraph || !document) {
    return {
      kind: 'error',
      text: `No passage "${id}". Ids look like ${engine.corpus.paragraphs[0]?.id ?? 'doc#p1'}; /sources lists the documents.`,
    };
  }
  const { prev, next } = engine.neighbours(paragraph.id);
  return {
    kind: 'message',
    visibility: 'private',
    title: document.meta.title,
    blocks: [
      {
        type: 'passage',
        index: paragraph.n,
        // the whole passage, its code where it stands, nothing in bold
        spans: passageSpans({
          text: paragraph.text,
          sentence: { text: '', start: 0, end: 0 },
          code: paragraph.code,
        }),
        citation: paragraphCitation(paragraph, document),
      },
    ],
    actions: [
      ...buttonAction(
        prev
          ? { command: 'source', action: 'page', paragraphId: prev.id }
          : { command: 'source', action: 'end', side: 'previous' },
        { label: 'Previous', style: 'secondary', emoji: '◀', disabled: !prev },
      ),
      ...buttonAction(
        next
          ? { command: 'source', action: 'page', paragraphId: next.id }
          : { command: 'source', action: 'end', side: 'next' },
        { label: 'Next', style: 'secondary', emoji: '▶', disabled: !next },
      ),
    ],
    footer: `${paragraph.id} · paragraph ${paragraph.n} of ${document.paragraphs.length}`,
  };
}

export const source = defineCommand({
  spec,
  execute(ctx, args) {
    if (args.id.trim() === '') {
      const example = ctx.engine.corpus.paragraphs[0]?.id ?? 'doc#p1';
      return {
        kind: 'error',
        text: `Usage: ${ctx.platform.commandLabel('source')} <id>, a passage id such as ${example} (${ctx.platform.commandLabel('sources')} lists the documents).`,
      };
    }
    return passageView(ctx.engine, args.id);
  },
  autocomplete(ctx, focused) {
    const t = focused.value.toLowerCase();
    return ctx.engine.corpus.paragraphs
      .filter((p) => p.id.includes(t) || p.text.toLowerCase().includes(t))
      .slice(0, 25)
      .map((p) => ({ name: `${p.id}: ${p.text}`, value: p.id }));
  },
  button(ctx, value) {
    switch (value.action) {
      // from an answer or a fact: a new private view
      case 'open':
        return { mode: 'reply', reply: passageView(ctx.engine, value.paragraphId) };
      case 'page':
        return { mode: 'update', reply: passageView(ctx.engine, value.paragraphId) };
      case 'end':
        return {
          mode: 'reply',
          reply: {
            kind: 'error',
            text: 'There is no paragraph that way: this is the end of the document.',
          },
        };
    }
  },
});
