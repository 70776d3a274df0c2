import type { PlatformProfile } from '../../interactions/platform.ts';

/** The one slash command; every command is a subcommand of it (`/dossier ask …`). */
export const SLASH_COMMAND = '/dossier';

// Conversation ids: C (public), G (private or multi-person DM), D (DM); 9 or more characters.
const CONVERSATION_ID = /^[CGD][A-Z0-9]{8,20}$/u;
/** `<#C123ABC|general>` as Slack escapes a channel typed in a slash command (should_escape). */
const ESCAPED_CHANNEL = /^<#([CGD][A-Z0-9]{8,20})(?:\|[^>]*)?>$/u;

/**
 * A channel as typed in `/dossier daily set #news …` (Slack sends `<#C123|news>`) or its bare id.
 * @example parseSlackChannel('<#C0123ABCD|news>') // 'C0123ABCD'
 */
export function parseSlackChannel(raw: string): string | null {
  const escaped = ESCAPED_CHANNEL.exec(raw);
  if (escaped) return escaped[1] ?? null;
  return CONVERSATION_ID.test(raw) ? raw : null;
}

const USER_GROUP = /^S[A-Z0-9]{6,20}$/u;
/** `<!subteam^S123ABC|@helpers>` as Slack escapes a user group typed in a slash command. */
const ESCAPED_GROUP = /^<!subteam\^(S[A-Z0-9]{6,20})(?:\|[^>]*)?>$/u;

/**
 * A user group ("human_role" on Slack) as typed (`<!subteam^S123|@helpers>`) or its bare id.
 * @example parseSlackUserGroup('<!subteam^S0123ABCD|@helpers>') // 'S0123ABCD'
 */
export function parseSlackUserGroup(raw: string): string | null {
  const escaped = ESCAPED_GROUP.exec(raw);
  if (escaped) return escaped[1] ?? null;
  return USER_GROUP.test(raw) ? raw : null;
}

/** Slack as the interaction core sees it: its words for help and errors, and what it offers. */
export const slackPlatform: PlatformProfile = {
  id: 'slack',
  features: ['servers', 'channelPosts', 'messageCommands'],
  commandLabel: (name) => `${SLASH_COMMAND} ${name}`,
  messageCommandHint: 'a message’s ⋮ menu (More actions)',
  permissionName: (permission) => ({ manageServer: 'Workspace Admin' })[permission],
  channelAccessFix:
    'invite the bot to that channel (/invite @Dossier) and make sure the channel is not archived',
  parseChannel: parseSlackChannel,
  parseRole: parseSlackUserGroup,
};

/** Slack's profile with `messages` where the bot records chat messages (its database). */
export function slackProfile(messages: boolean): PlatformProfile {
  return messages
    ? { ...slackPlatform, features: [...slackPlatform.features, 'messages'] }
    : slackPlatform;
}
