/**
 * Why Slack did not start, in words that say what to fix. auth.test fails the same way in Bolt
 * whether the token was refused or slack.com was never reached; told apart here by the Web API
 * client's error codes (@slack/web-api's ErrorCode), so an offline machine is not told to
 * replace a good token.
 */

function field(value: unknown, key: string): unknown {
  if (typeof value !== 'object' || value === null) return undefined;
  const found: unknown = Reflect.get(value, key);
  return found;
}

/** The host the Web API is called at: SLACK_API_URL's, or Slack's own. */
function hostOf(apiUrl: string | undefined): string {
  if (apiUrl === undefined) return 'slack.com';
  try {
    return new URL(apiUrl).host;
  } catch {
    return apiUrl;
  }
}

/**
 * The error to stop the start with, for what `app.init()` (auth.test) threw.
 * @example throw slackStartError(error, config.apiUrl)
 */
export function slackStartError(error: unknown, apiUrl: string | undefined): Error {
  const code = field(error, 'code');
  const host = hostOf(apiUrl);
  const message = error instanceof Error ? error.message : String(error);
  if (code === 'slack_webapi_request_error') {
    // no answer at all: DNS (ENOTFOUND, EAI_AGAIN), refused, reset, or the request timed out
    const original = field(error, 'original');
    const why = original instanceof Error ? original.message : message;
    return new Error(`slack: cannot reach ${host} (${why}): check the network or SLACK_API_URL`);
  }
  if (code === 'slack_webapi_http_error') {
    const status = field(error, 'statusCode');
    return new Error(
      `slack: ${host} answered auth.test with HTTP ${String(status)}: check SLACK_API_URL (it should end in /api/), or Slack’s status at https://status.slack.com`,
    );
  }
  if (code === 'slack_webapi_rate_limited_error') {
    const retry = field(error, 'retryAfter');
    return new Error(
      `slack: ${host} is rate limiting auth.test (retry after ${String(retry)} s): start again in a minute`,
    );
  }
  const slackError = field(field(error, 'data'), 'error');
  const reason = typeof slackError === 'string' ? slackError : message;
  return new Error(
    `slack: SLACK_BOT_TOKEN was refused (${reason}). Fix: copy the Bot User OAuth Token from your app's OAuth & Permissions page`,
  );
}
