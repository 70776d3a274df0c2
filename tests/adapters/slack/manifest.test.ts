/** The app manifest stays in step with the code: the command, the shortcuts, the URL, the scopes. */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { z } from 'zod';
import { commands } from '../../../commands/index.ts';
import { shortcutId } from '../../../src/adapters/slack/app.ts';
import { SLACK_EVENTS_PATH } from '../../../src/adapters/slack/events.ts';
import { SLASH_COMMAND } from '../../../src/adapters/slack/platform.ts';

const Manifest = z.object({
  features: z.object({
    slash_commands: z.array(
      z.object({ command: z.string(), url: z.string(), should_escape: z.boolean() }),
    ),
    shortcuts: z.array(z.object({ name: z.string(), type: z.string(), callback_id: z.string() })),
  }),
  oauth_config: z.object({ scopes: z.object({ bot: z.array(z.string()) }) }),
  settings: z.object({
    interactivity: z.object({ is_enabled: z.boolean(), request_url: z.string() }),
    event_subscriptions: z.object({ request_url: z.string(), bot_events: z.array(z.string()) }),
    socket_mode_enabled: z.boolean(),
  }),
});

const manifest = Manifest.parse(parse(readFileSync('src/adapters/slack/manifest.yaml', 'utf8')));

describe('manifest.yaml', () => {
  test('one slash command, escaped, sent to /slack/events', () => {
    expect(manifest.features.slash_commands).toEqual(
      [
        {
          command: SLASH_COMMAND,
          url: `https://YOUR-HOST${SLACK_EVENTS_PATH}`,
          should_escape: true,
        },
      ].map((c) => expect.objectContaining(c)),
    );
    expect(manifest.settings.interactivity).toEqual({
      is_enabled: true,
      request_url: `https://YOUR-HOST${SLACK_EVENTS_PATH}`,
    });
  });

  test('a message shortcut for every message command, by the callback id the adapter routes', () => {
    const expected = commands
      .filter((c) => c.spec.kind === 'message')
      .map((c) => ({ name: c.spec.name, type: 'message', callback_id: shortcutId(c.spec) }));
    expect(expected).toEqual([
      { name: 'Find in sources', type: 'message', callback_id: 'find_in_sources' },
    ]);
    expect(
      manifest.features.shortcuts.map(({ name, type, callback_id }) => ({
        name,
        type,
        callback_id,
      })),
    ).toEqual(expected);
  });

  test('the scopes the adapter uses, and no more', () => {
    expect([...manifest.oauth_config.scopes.bot].sort()).toEqual(
      [
        'channels:read',
        'chat:write',
        'commands',
        'files:write',
        'groups:read',
        'users:read',
        // asking in chat
        'app_mentions:read',
        'im:history',
        'channels:history',
        'groups:history',
      ].sort(),
    );
  });

  test('the events the message path reads, sent to /slack/events', () => {
    expect(manifest.settings.event_subscriptions).toEqual({
      request_url: `https://YOUR-HOST${SLACK_EVENTS_PATH}`,
      bot_events: ['app_mention', 'message.im', 'message.channels', 'message.groups'],
    });
  });
});
