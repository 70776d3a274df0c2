/**
 * What Discord offers with the configured settings (the registry reads it without loading
 * discord.js): chat messages only over a gateway that asks for them, and /autoanswer's questions
 * and forum modes only with the Message Content intent.
 */
import type { DiscordMessages, DiscordMode } from '../../config/discord.ts';
import type { PlatformCapabilities } from '../platform.ts';

/** What Discord offers with these settings: messages only over a gateway that asks for them. */
export function discordCapabilities(
  mode: DiscordMode,
  messages: DiscordMessages | undefined,
): PlatformCapabilities {
  const reads =
    mode !== 'http' && messages !== undefined && (messages.mentions || messages.content);
  const content = reads && messages?.content === true;
  const noMessages =
    mode === 'http'
      ? 'it runs on HTTP interactions only (DISCORD_MODE=http), which receive no chat messages; use DISCORD_MODE=both'
      : 'it reads no chat messages (DISCORD_MENTIONS=false)';
  const noContent =
    'it needs the privileged Message Content intent: set DISCORD_MESSAGE_CONTENT=true and turn the intent on in the Developer Portal (Bot → Privileged Gateway Intents)';
  return {
    messages: reads || (mode !== 'http' && messages?.dms === true),
    threads: true,
    ephemeral: true,
    buttons: true,
    autoAnswer: {
      available: [
        ...(reads ? (['mention'] as const) : []),
        ...(content ? (['questions', 'forum'] as const) : []),
      ],
      unavailable: reads
        ? content
          ? {}
          : { questions: noContent, forum: noContent }
        : { mention: noMessages, questions: noMessages, forum: noMessages },
    },
  };
}
