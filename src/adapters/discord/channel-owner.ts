/**
 * Which server a Discord channel belongs to, asked of Discord's REST API (GET /channels/{id}),
 * never of discord.js's caches: a channel Discord resolved for an interaction is cached under that
 * interaction's server whatever its own is, so only Discord's answer says where it really is.
 */
import { DiscordAPIError, type REST, Routes } from 'discord.js';
import { z } from 'zod';
import type { ChannelOwner } from '../../../commands/types.ts';

const ChannelJson = z.object({ guild_id: z.string().nullish() });

/** Discord's errors for a channel that does not exist, or that the bot may not see. */
const NOT_FOUND = new Set([10003, 50001]);

/**
 * The server `channelId` belongs to. Never rejects: a failure is "unreachable", with why.
 * @example await fetchChannelOwner(rest, '200000000000000002') // { found: true, guildId: '1000…' }
 */
export async function fetchChannelOwner(rest: REST, channelId: string): Promise<ChannelOwner> {
  try {
    const parsed = ChannelJson.safeParse(await rest.get(Routes.channel(channelId)));
    if (!parsed.success)
      return { found: false, reason: 'unreachable', detail: 'unexpected channel JSON' };
    return { found: true, guildId: parsed.data.guild_id ?? null };
  } catch (error) {
    if (
      error instanceof DiscordAPIError &&
      typeof error.code === 'number' &&
      NOT_FOUND.has(error.code)
    )
      return { found: false, reason: 'unknown', detail: `Discord error ${error.code}` };
    return {
      found: false,
      reason: 'unreachable',
      detail: error instanceof Error ? error.message : String(error),
    };
  }
}
