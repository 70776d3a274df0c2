/**
 * Slack failing to start says what to fix: a token Slack refused is not the same as a Slack that
 * cannot be reached (no network, DNS, a wrong SLACK_API_URL, a timeout).
 */
import { describe, expect, test } from 'vitest';
import { commands } from '../../../commands/index.ts';
import type { PlatformRuntime } from '../../../src/adapters/platform.ts';
import { slackPlatformAdapter } from '../../../src/adapters/slack/launch.ts';
import { slackStartError } from '../../../src/adapters/slack/start-error.ts';
import { fixedEngine } from '../../../src/answer/engine.ts';
import { engine, TestRecent } from '../../support/engine.ts';
import { captureLogger } from '../discord/helpers.ts';

/** An error shaped as @slack/web-api throws it for a request that never got an answer. */
const requestError = (code: string, message: string) =>
  Object.assign(new Error(`A request error occurred: ${message}`), {
    code: 'slack_webapi_request_error',
    original: Object.assign(new Error(message), { code }),
  });

const REACH = 'check the network or SLACK_API_URL';

describe('the start-up error', () => {
  test('a host that cannot be reached is named, with the network error and the fix', () => {
    expect(
      slackStartError(requestError('ENOTFOUND', 'getaddrinfo ENOTFOUND slack.com'), undefined)
        .message,
    ).toBe(`slack: cannot reach slack.com (getaddrinfo ENOTFOUND slack.com): ${REACH}`);
    expect(
      slackStartError(
        requestError('ECONNABORTED', 'timeout of 10000ms exceeded'),
        'http://proxy.internal:8080/api/',
      ).message,
    ).toBe(`slack: cannot reach proxy.internal:8080 (timeout of 10000ms exceeded): ${REACH}`);
  });

  test('a token Slack refused says so, with the fix', () => {
    const refused = Object.assign(new Error('An API error occurred: invalid_auth'), {
      code: 'slack_webapi_platform_error',
      data: { ok: false, error: 'invalid_auth' },
    });
    expect(slackStartError(refused, undefined).message).toBe(
      "slack: SLACK_BOT_TOKEN was refused (invalid_auth). Fix: copy the Bot User OAuth Token from your app's OAuth & Permissions page",
    );
  });

  test('an HTTP error is neither: the address answered, but not as Slack', () => {
    const http = Object.assign(new Error('An HTTP protocol error occurred: statusCode = 404'), {
      code: 'slack_webapi_http_error',
      statusCode: 404,
    });
    expect(slackStartError(http, 'http://127.0.0.1:8080/wrong/').message).toBe(
      'slack: 127.0.0.1:8080 answered auth.test with HTTP 404: check SLACK_API_URL (it should end in /api/), or Slack’s status at https://status.slack.com',
    );
  });

  test('starting against an address where nothing listens', async () => {
    const { logger } = captureLogger();
    const runtime: PlatformRuntime = {
      engine: fixedEngine(await engine()),
      services: { recent: new TestRecent() },
      logger,
      now: () => new Date(),
      accessLost: () => undefined,
      http: null,
    };
    await expect(
      slackPlatformAdapter({
        config: {
          mode: 'socket',
          botToken: 'xoxb-1',
          appToken: 'xapp-1',
          apiUrl: 'http://127.0.0.1:1/api/',
        },
        commands,
      }).start(runtime),
    ).rejects.toThrow(
      `slack: cannot reach 127.0.0.1:1 (connect ECONNREFUSED 127.0.0.1:1): ${REACH}`,
    );
  });
});
