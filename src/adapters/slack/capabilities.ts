/**
 * What Slack offers (the registry reads it without loading Bolt): messages (mentions, direct
 * messages, channels set up with /dossier autoanswer) through the Events API or Socket Mode, each
 * answered in its thread; no forums.
 */
import type { PlatformCapabilities } from '../platform.ts';

/** Slack's capabilities; `configured` false gives none. */
export function slackCapabilities(configured: boolean): PlatformCapabilities {
  return {
    messages: configured,
    threads: true,
    ephemeral: true,
    buttons: true,
    autoAnswer: {
      available: configured ? ['mention', 'questions'] : [],
      unavailable: {
        forum: 'Slack has no forum channels',
        ...(configured
          ? {}
          : { mention: 'Slack is not configured', questions: 'Slack is not configured' }),
      },
    },
  };
}
