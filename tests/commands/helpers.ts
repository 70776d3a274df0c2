/** A small CommandContext over the real engine, for calling commands directly. */
import pino from 'pino';
import type { CommandContext, Services } from '../../commands/types.ts';
import type { Engine } from '../../src/answer/engine.ts';
import type { Block, ListItem, MessageReply, Reply } from '../../src/answer/reply.ts';

export { engine, TestRecent } from '../support/engine.ts';

import { TestRecent } from '../support/engine.ts';

export const GUILD = '100000000000000001';
export const CHANNEL = '200000000000000002';
export const OTHER_CHANNEL = '200000000000000003';

export function context(
  eng: Engine,
  overrides: Partial<Omit<CommandContext, 'services'>> & { services?: Partial<Services> } = {},
): CommandContext {
  const { services, ...rest } = overrides;
  return {
    platform: 'discord',
    user: { id: '300000000000000003', name: 'tester' },
    guildId: GUILD,
    channelId: CHANNEL,
    canManageServer: false,
    engine: eng,
    services: { recent: new TestRecent(), ...services },
    logger: pino({ level: 'silent' }),
    now: () => new Date('2024-03-05T12:00:00Z'),
    ...rest,
  };
}

/** Narrows a Reply to a message, failing the test with the error text otherwise. */
export function asMessage(reply: Reply): MessageReply {
  if (reply.kind !== 'message') throw new Error(`expected a message, got error: ${reply.text}`);
  return reply;
}

export function asError(reply: Reply): string {
  if (reply.kind !== 'error') throw new Error('expected an error reply');
  return reply.text;
}

export function listBlock(reply: MessageReply, title: string): ListItem[] {
  const block = reply.blocks.find(
    (b): b is Extract<Block, { type: 'list' }> => b.type === 'list' && b.title === title,
  );
  if (!block) throw new Error(`no list "${title}" in ${JSON.stringify(reply.blocks)}`);
  return block.items;
}

/** All the text of a reply, for substring checks. */
export function allText(reply: Reply): string {
  if (reply.kind === 'error') return reply.text;
  const parts: string[] = [reply.title ?? '', reply.footer ?? ''];
  for (const b of reply.blocks) {
    if (b.type === 'text' || b.type === 'passage') parts.push(b.spans.map((s) => s.text).join(''));
    if (b.type === 'notice') parts.push(b.text);
    if (b.type === 'list') {
      parts.push(b.title);
      for (const i of b.items) parts.push(`${i.label} ${i.text}`);
    }
  }
  return parts.join('\n');
}
