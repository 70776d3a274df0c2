import { type ButtonValue, buttonAction, buttonId } from '../src/answer/buttons.ts';
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

/**
 * A short token for a fact, stable across reloads (its id, FNV-1a hashed to base 36): what the
 * "Another fact" button carries so the next pick skips the fact on screen. A full fact id with a
 * topic could pass Discord's 100 characters; two facts sharing a token are both skipped, which
 * costs nothing.
 */
export function factToken(fact: Pick<Fact, 'id'>): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < fact.id.length; i++) {
    hash ^= fact.id.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(36);
}

/**
 * Picks a fact about `topic` (or any fact) with `rng`; null when the documents have none. The
 * fact whose token is `skip` (the one just shown) is left out while another remains.
 */
export function pickFact(
  ctx: Pick<CommandContext, 'engine'>,
  topic: string,
  rng: () => number = Math.random,
  skip?: string,
): Fact | null {
  const store = ctx.engine.facts;
  const pool = topic === '' ? store.all() : store.search(topic, { limit: TOPIC_CHOICES });
  const others = skip === undefined ? pool : pool.filter((f) => factToken(f) !== skip);
  const from = others.length > 0 ? others : pool;
  const r = rng();
  const i = Math.min(
    from.length - 1,
    Math.floor(Math.max(0, Number.isFinite(r) ? r : 0) * from.length),
  );
  return from[i] ?? null;
}

/** The /fact reply: the fact, its quote and citation, other sources when they differ. */
export function factReply(
  ctx: Pick<CommandContext, 'engine'>,
  topicInput: string | undefined,
  rng: () => number = Math.random,
  skip?: string,
): Reply {
  const topic = (topicInput ?? '').replace(/\s+/gu, ' ').trim();
  const fact = pickFact(ctx, topic, rng, skip);
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
      ...buttonAction(anotherFact(topic, factToken(fact)), {
        label: 'Another fact',
        style: 'secondary',
        emoji: '🎲',
      }),
    ],
  };
}

/**
 * The "Another fact" button's value: the topic and the fact to skip. A topic too long for a
 * button id falls back to a random fact, not a broken button.
 */
function anotherFact(topic: string, after: string): ButtonValue {
  const value: ButtonValue = { command: 'fact', action: 'another', topic, after };
  return buttonId(value) === null ? { ...value, topic: '' } : value;
}

export const fact = defineCommand({
  spec,
  execute(ctx, args) {
    return factReply(ctx, args.topic);
  },
  button(ctx, value) {
    // A new private message: pressing it on a shared fact must not change what others see.
    return { mode: 'reply', reply: factReply(ctx, value.topic, Math.random, value.after) };
  },
});
