/**
 * The parts of Slack's interaction payloads this adapter reads, parsed with zod: they arrive over
 * the network, and Bolt types them by trust, not by checking.
 */
import { z } from 'zod';

/** A `/dossier …` slash command (form fields). */
export const SlashCommandBody = z.object({
  text: z.string().default(''),
  user_id: z.string().min(1),
  user_name: z.string().default(''),
  team_id: z.string().default(''),
  channel_id: z.string().min(1),
  response_url: z.string().min(1),
  trigger_id: z.string().default(''),
});
export type SlashCommandBody = z.infer<typeof SlashCommandBody>;

const User = z.object({
  id: z.string().min(1),
  username: z.string().optional(),
  name: z.string().optional(),
  team_id: z.string().optional(),
});

/** A press of one of our buttons. */
export const BlockActionBody = z.object({
  type: z.literal('block_actions'),
  user: User,
  team: z.object({ id: z.string() }).nullish(),
  channel: z.object({ id: z.string() }).nullish(),
  container: z
    .object({
      is_ephemeral: z.boolean().optional(),
      message_ts: z.string().optional(),
    })
    .partial()
    .optional(),
  actions: z.array(z.object({ action_id: z.string(), action_ts: z.string().optional() })).min(1),
  response_url: z.string().optional(),
  trigger_id: z.string().default(''),
});
export type BlockActionBody = z.infer<typeof BlockActionBody>;

/** A message shortcut ("Find in sources" from a message's menu). */
export const MessageShortcutBody = z.object({
  type: z.literal('message_action'),
  callback_id: z.string(),
  user: User,
  team: z.object({ id: z.string() }).nullish(),
  channel: z.object({ id: z.string() }),
  message: z.object({ ts: z.string(), text: z.string().default('') }),
  response_url: z.string().min(1),
  trigger_id: z.string().default(''),
});
export type MessageShortcutBody = z.infer<typeof MessageShortcutBody>;

/** A user's display name from whichever field the payload has. */
export function userName(user: z.infer<typeof User>): string {
  return user.name ?? user.username ?? user.id;
}
