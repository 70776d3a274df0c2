/**
 * Which workspace a Slack conversation belongs to, asked of Slack (conversations.info, scopes
 * channels:read and groups:read): the id a user typed in `/dossier daily set` proves nothing.
 */
import type { webApi } from '@slack/bolt';
import { z } from 'zod';
import type { ChannelOwner } from '../../../commands/types.ts';
import { slackErrorText } from './responder.ts';

const ConversationInfo = z.object({
  channel: z.object({
    context_team_id: z.string().optional(),
    /** A channel shared between workspaces (Slack Connect, or across an Enterprise Grid org). */
    shared_team_ids: z.array(z.string()).optional(),
  }),
});

/** Slack's errors for a conversation that does not exist or that this token cannot see. */
const NOT_FOUND = new Set(['channel_not_found', 'method_not_supported_for_channel_type']);

/**
 * The workspace `channelId` belongs to, taken as `teamId` (the interaction's) when the channel
 * is shared with it. Never rejects: a failure (no network, a missing scope) is "unreachable".
 */
export async function slackChannelOwner(
  client: webApi.WebClient,
  channelId: string,
  teamId: string | null,
): Promise<ChannelOwner> {
  let info: unknown;
  try {
    info = await client.conversations.info({ channel: channelId });
  } catch (error) {
    const reason = slackErrorText(error);
    return NOT_FOUND.has(reason)
      ? { found: false, reason: 'unknown', detail: reason }
      : {
          found: false,
          reason: 'unreachable',
          detail:
            reason === 'missing_scope'
              ? 'missing_scope: add channels:read and groups:read to the app and reinstall it'
              : reason,
        };
  }
  const parsed = ConversationInfo.safeParse(info);
  if (!parsed.success) return { found: false, reason: 'unreachable', detail: 'unexpected answer' };
  const { context_team_id: owner, shared_team_ids: shared } = parsed.data.channel;
  if (teamId !== null && shared?.includes(teamId)) return { found: true, guildId: teamId };
  if (owner === undefined)
    return { found: false, reason: 'unreachable', detail: 'conversations.info named no team' };
  return { found: true, guildId: owner };
}
