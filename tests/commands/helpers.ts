/** A small CommandContext over the real engine, for calling commands directly, or through the core. */
import pino from 'pino';
import { commands } from '../../commands/index.ts';
import type { Services } from '../../commands/services.ts';
import type { Command, CommandContext } from '../../commands/types.ts';
import { discordPlatform } from '../../src/adapters/discord/platform.ts';
import { parseButton } from '../../src/answer/buttons.ts';
import type { Engine } from '../../src/answer/engine.ts';
import type { Block, ListItem, MessageReply, Reply } from '../../src/answer/reply.ts';
import { createInteractionCore } from '../../src/interactions/core.ts';
import type { OptionInput } from '../../src/interactions/invocation.ts';
import type { PlatformProfile } from '../../src/interactions/platform.ts';
import { visibleSpecs } from '../../src/interactions/spec-rules.ts';
import { FakeResponder } from '../support/responder.ts';

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
  const permissions = rest.permissions ?? [];
  return {
    platform: discordPlatform,
    user: { id: '300000000000000003', name: 'tester' },
    guildId: GUILD,
    channelId: CHANNEL,
    permissions,
    visibility: 'private',
    locale: 'en-US',
    commands: visibleSpecs(commands, discordPlatform, permissions),
    engine: eng,
    services: { recent: new TestRecent(), ...services },
    logger: pino({ level: 'silent' }),
    now: () => new Date('2024-03-05T12:00:00Z'),
    // the test server's two channels; any other is not found
    channelOwner: async (id) =>
      id === CHANNEL || id === OTHER_CHANNEL
        ? { found: true, guildId: GUILD }
        : { found: false, reason: 'unknown' },
    ...rest,
  };
}

/** Presses one of a command's buttons by its id, as the core would route it. */
export async function press(command: Command, ctx: CommandContext, id: string) {
  const parsed = parseButton(id);
  if (!parsed.ok) throw new Error(`not a button id: ${id} (${parsed.reason})`);
  if (!command.button) throw new Error(`${command.spec.name} has no buttons`);
  return command.button(ctx, parsed.value);
}

/**
 * Runs a chat command through the interaction core (permission, options, visibility) as `ctx`'s
 * user on `platform`, and returns what was shown.
 */
export async function dispatch(
  command: Command,
  ctx: CommandContext,
  options: OptionInput,
  platform: PlatformProfile = discordPlatform,
  registry: readonly Command[] = [command],
): Promise<Reply> {
  const core = createInteractionCore({
    commands: registry.includes(command) ? registry : [...registry, command],
    engine: ctx.engine,
    services: ctx.services,
    logger: ctx.logger,
    platform,
    now: ctx.now,
    cooldown: null,
  });
  const responder = new FakeResponder();
  await core.command(
    {
      id: 'test',
      user: ctx.user,
      place: { guildId: ctx.guildId, channelId: ctx.channelId },
      permissions: ctx.permissions,
      locale: ctx.locale,
      channelOwner: ctx.channelOwner,
      kind: 'chat',
      name: command.spec.name,
      options,
    },
    responder,
  );
  const shown = responder.shown();
  if (!shown) throw new Error(`nothing shown: ${JSON.stringify(responder.calls)}`);
  return shown;
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
