import { buttonAction, buttonId } from '../src/answer/buttons.ts';
import { factBlocks, readPassageButton } from '../src/answer/facts-render.ts';
import type { Reply } from '../src/answer/reply.ts';
import type { Fact } from '../src/facts/types.ts';
import { type CommandContext, defineCommand } from './types.ts';

const spec = {
  name: 'fact',
  description: 'One cited fact from the documents, on a topic or at random',
  kind: 'chat',
  help: 'one cited fact, on a topic or at random',
  options: [
    {
      type: 'string',
      name: 'topic',
      description: 'A topic, name or term (leave empty for a random fact)',
      maxLength: 80,
    },
  ],
} as const;

/** A topic match is drawn from the best few, so "Another fact" varies without drifting off topic. */
const TOPIC_CHOICES = 5;

/** Picks a fact about `topic` (or any fact) with `rng`; null when the documents have none. */
export function pickFact(
  ctx: Pick<CommandContext, 'engine'>,
  topic: string,
  rng: () => number = Math.random,
): Fact | null {
  const store = ctx.engine.facts;
  if (topic === '') return store.random(rng);
  const matches = store.search(topic, { limit: TOPIC_CHOICES });
  const i = Math.min(matches.length - 1, Math.floor(Math.max(0, rng()) * matches.length));
  return matches[i] ?? null;
}

/** The /fact reply: the fact, its quote and citation, other sources when they differ. */
export function factReply(
  ctx: Pick<CommandContext, 'engine'>,
  topicInput: string | undefined,
  rng: () => number = Math.random,
): Reply {
  const topic = (topicInput ?? '').replace(/\s+/gu, ' ').trim();
  const fact = pickFact(ctx, topic, rng);
  if (!fact) {
    return {
      kind: 'error',
      text:
        topic === ''
          ? 'The documents have no facts I can quote yet.'
          : `I found no fact about "${topic}". Try another word, /fact with no topic, or /ask.`,
    };
  }
  return {
    kind: 'message',
    visibility: 'private',
    title: topic === '' ? 'A fact from the documents' : `A fact about ${topic}`,
    blocks: factBlocks(ctx.engine, fact),
    actions: [
      ...readPassageButton(fact),
      ...buttonAction(
        // A topic too long for a button id falls back to a random fact, not a broken button.
        {
          command: 'fact',
          action: 'another',
          topic: buttonId({ command: 'fact', action: 'another', topic }) === null ? '' : topic,
        },
        { label: 'Another fact', style: 'secondary', emoji: '🎲' },
      ),
    ],
  };
}

export const fact = defineCommand({
  spec,
  execute(ctx, args) {
    return factReply(ctx, args.topic);
  },
  button(ctx, value) {
    // A new private message: pressing it on a shared fact must not change what others see.
    return { mode: 'reply', reply: factReply(ctx, value.topic) };
  },
});
