import { PermissionFlagsBits } from 'discord.js';
import type { Permission } from '../../../commands/types.ts';
import type { PlatformProfile } from '../../interactions/platform.ts';

/** Discord's permission bit for each platform-neutral permission a spec may declare. */
export const DISCORD_PERMISSION_BITS: Record<Permission, bigint> = {
  manageServer: PermissionFlagsBits.ManageGuild,
};

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
};
