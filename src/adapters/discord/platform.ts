import { PermissionFlagsBits, PermissionsBitField } from 'discord.js';
import { PERMISSIONS, type Permission } from '../../../commands/spec.ts';
import type { PlatformProfile } from '../../interactions/platform.ts';

/** Discord's permission bit for each platform-neutral permission a spec may declare. */
export const DISCORD_PERMISSION_BITS: Record<Permission, bigint> = {
  manageServer: PermissionFlagsBits.ManageGuild,
};

/** Where Discord POSTs interactions in DISCORD_MODE=http and both, on the HTTP server. */
export const INTERACTIONS_PATH = '/discord/interactions';

const SNOWFLAKE = /^\d{15,21}$/u;

/** Discord as the interaction core sees it: its words for help and errors, and what it offers. */
export const discordPlatform: PlatformProfile = {
  id: 'discord',
  features: ['servers', 'channelPosts', 'messageCommands'],
  commandLabel: (name) => `/${name}`,
  messageCommandHint: 'right-click a message → Apps',
  permissionName: (permission) => ({ manageServer: 'Manage Server' })[permission],
  channelAccessFix:
    'give the bot View Channel, Send Messages and Embed Links in that channel ' +
    '(Send Messages in Threads for a thread)',
  parseChannel: (raw) => (SNOWFLAKE.test(raw) ? raw : null),
  // a role option's id, or a role mention typed as text
  parseRole: (raw) => /^<@&(\d{15,21})>$/u.exec(raw)?.[1] ?? (SNOWFLAKE.test(raw) ? raw : null),
};

/**
 * Discord's profile for one process: with `messages` when its gateway reads chat messages
 * (DISCORD_MODE gateway or both), which /autoanswer needs.
 */
export function discordProfile(messages: boolean): PlatformProfile {
  return messages
    ? { ...discordPlatform, features: [...discordPlatform.features, 'messages'] }
    : discordPlatform;
}

/**
 * The platform-neutral rights in a member's channel permissions (Administrator implies all);
 * none without them (DMs).
 * @example heldPermissions(interaction.memberPermissions) // ['manageServer']
 */
export function heldPermissions(
  bits: PermissionsBitField | bigint | null | undefined,
): Permission[] {
  if (bits === null || bits === undefined) return [];
  const held = typeof bits === 'bigint' ? new PermissionsBitField(bits) : bits;
  return PERMISSIONS.filter((p) => held.has(DISCORD_PERMISSION_BITS[p]));
}
