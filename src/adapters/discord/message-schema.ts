/**
 * The parts of Discord's message and channel JSON that the bot reads, as zod schemas: gateway
 * dispatches (MESSAGE_CREATE, MESSAGE_UPDATE, MESSAGE_DELETE(_BULK), THREAD_CREATE) and REST
 * answers. They arrive over the network, so they are parsed, never trusted.
 */
import { z } from 'zod';

const User = z.object({
  id: z.string(),
  username: z.string().default(''),
  global_name: z.string().nullish(),
  bot: z.boolean().optional(),
  system: z.boolean().optional(),
});

export const MessageJson = z.object({
  id: z.string(),
  channel_id: z.string(),
  guild_id: z.string().optional(),
  type: z.number().default(0),
  author: User,
  content: z.string().default(''),
  webhook_id: z.string().optional(),
  mentions: z.array(z.object({ id: z.string() })).default([]),
  mention_roles: z.array(z.string()).default([]),
  mention_everyone: z.boolean().default(false),
  message_reference: z.object({ message_id: z.string().optional() }).nullish(),
  referenced_message: z.object({ author: z.object({ id: z.string() }) }).nullish(),
  member: z.object({ nick: z.string().nullish() }).nullish(),
});
export type MessageJson = z.infer<typeof MessageJson>;

export const HasContent = z.object({ content: z.string() });
export const DeleteJson = z.object({ id: z.string(), channel_id: z.string() });
export const DeleteBulkJson = z.object({ ids: z.array(z.string()), channel_id: z.string() });
export const ThreadJson = z.object({
  id: z.string(),
  guild_id: z.string().optional(),
  parent_id: z.string().nullish(),
  owner_id: z.string().optional(),
  name: z.string().default(''),
  type: z.number(),
  newly_created: z.boolean().optional(),
});
export const ChannelJson = z.object({
  id: z.string(),
  type: z.number(),
  guild_id: z.string().nullish(),
  parent_id: z.string().nullish(),
  name: z.string().nullish(),
});

export const RestMessage = z.object({ id: z.string(), channel_id: z.string() });
