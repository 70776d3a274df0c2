import { valueError } from './errors.ts';
import type { ParsedEnv } from './schema.ts';

/** The port Slack's HTTP mode listens on when HTTP_PORT is empty (the port Bolt's own examples use). */
export const SLACK_DEFAULT_HTTP_PORT = 3000;

/** How the bot connects to Slack: HTTP requests to /slack/events, or a Socket Mode connection. */
export type SlackConfig =
  | { mode: 'http'; botToken: string; signingSecret: string; apiUrl: string | undefined }
  | { mode: 'socket'; botToken: string; appToken: string; apiUrl: string | undefined };

/**
 * Slack's mode from the variables that are set: an app-level token means Socket Mode (a signing
 * secret is then not needed), a signing secret means HTTP; either needs the bot token.
 */
export function slackConfig(data: ParsedEnv): SlackConfig | null {
  const { SLACK_BOT_TOKEN: botToken, SLACK_SIGNING_SECRET, SLACK_APP_TOKEN } = data;
  const apiUrl = data.SLACK_API_URL;
  if (botToken === undefined) {
    if (SLACK_APP_TOKEN !== undefined)
      throw valueError('SLACK_BOT_TOKEN', 'is not set but SLACK_APP_TOKEN is');
    if (SLACK_SIGNING_SECRET !== undefined)
      throw valueError('SLACK_BOT_TOKEN', 'is not set but SLACK_SIGNING_SECRET is');
    return null;
  }
  if (SLACK_APP_TOKEN !== undefined)
    return { mode: 'socket', botToken, appToken: SLACK_APP_TOKEN, apiUrl };
  if (SLACK_SIGNING_SECRET !== undefined)
    return { mode: 'http', botToken, signingSecret: SLACK_SIGNING_SECRET, apiUrl };
  throw valueError(
    'SLACK_BOT_TOKEN',
    'is set but neither SLACK_SIGNING_SECRET (HTTP mode) nor SLACK_APP_TOKEN (Socket Mode) is',
  );
}
