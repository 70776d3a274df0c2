/**
 * Slack as one of the bot's platforms: Bolt in HTTP mode (a route on the bot's HTTP server) or in
 * Socket Mode (an outgoing WebSocket, no public URL), the interaction core behind it, and the
 * daily-post sender over the same Web API client.
 */
import { type App, HTTPReceiver, type Receiver, SocketModeReceiver } from '@slack/bolt';
import type { Command } from '../../../commands/types.ts';
import type { SlackConfig } from '../../config/slack.ts';
import type { Cooldown } from '../../interactions/cooldown.ts';
import { createInteractionCore } from '../../interactions/core.ts';
import type { MessageRules } from '../../interactions/message-trigger.ts';
import type { PlatformAdapter, PlatformRuntime, RunningPlatform } from '../platform.ts';
import { createSlackApp } from './app.ts';
import { slackCapabilities } from './capabilities.ts';
import { SLACK_EVENTS_PATH, slackEventsRoute } from './events.ts';
import { attachSlackMessages, SeenEvents } from './messages.ts';
import { slackPermissions } from './permissions.ts';
import { slackProfile } from './platform.ts';
import { slackErrorText } from './responder.ts';
import { createSlackSender } from './sender.ts';
import { slackStartError } from './start-error.ts';
import { boltLogger, webClientOptions } from './web-client.ts';

export interface SlackPlatformOptions {
  config: SlackConfig;
  commands: readonly Command[];
  /** Tuning and test hooks for the interaction core. */
  core?: { cooldown?: Cooldown | null; deferAfterMs?: number | null } | undefined;
  /** Socket Mode's heartbeat and reconnection (tests shorten or disable them). */
  socket?: {
    clientPingTimeout?: number;
    serverPingTimeout?: number;
    autoReconnectEnabled?: boolean;
  };
  /** Wall-clock time for signatures and response_url lifetimes (ms since the epoch). */
  wallClock?: () => number;
  /** In a thread the bot started: answer every reply, or only mentions (THREAD_REPLIES). */
  threadReplies?: MessageRules['threadReplies'] | undefined;
}

export interface RunningSlack extends RunningPlatform {
  app: App;
}

export interface SlackPlatformAdapter extends PlatformAdapter {
  start(runtime: PlatformRuntime): Promise<RunningSlack>;
}

/**
 * Slack as one of the bot's platforms.
 * @example platforms.push(slackPlatformAdapter({ config: config.slack, commands }));
 */
export function slackPlatformAdapter(options: SlackPlatformOptions): SlackPlatformAdapter {
  return {
    id: 'slack',
    capabilities: slackCapabilities(true),
    async start(runtime) {
      const { config } = options;
      const logger = runtime.logger.child({ platform: 'slack' });
      const core = createInteractionCore({
        commands: options.commands,
        engine: runtime.engine,
        services: runtime.services,
        logger: runtime.logger,
        // /dossier autoanswer where messages are recorded (the bot's database)
        platform: slackProfile(runtime.chat !== undefined),
        now: runtime.now,
        // counted in /metrics and waited for at shutdown, like Discord's
        monitor: runtime.monitor,
        messages: runtime.chat
          ? {
              rules: {
                mentions: true,
                dms: true,
                threadReplies: options.threadReplies ?? 'mention',
              },
              store: runtime.chat,
            }
          : undefined,
        ...(options.core ?? {}),
      });
      const seen = new SeenEvents();
      let active = true;
      let receiver: Receiver;
      if (config.mode === 'http') {
        if (!runtime.http)
          throw new Error('slack: HTTP mode needs the bot’s HTTP server. Fix: set HTTP_PORT');
        const http = new HTTPReceiver({
          signingSecret: config.signingSecret,
          endpoints: SLACK_EVENTS_PATH,
          logger: boltLogger(logger),
        });
        runtime.http.route(
          'POST',
          SLACK_EVENTS_PATH,
          slackEventsRoute({
            signingSecret: config.signingSecret,
            receiver: http,
            logger,
            now: options.wallClock,
            active: () => active,
            seen,
          }),
        );
        receiver = http;
      } else {
        receiver = new SocketModeReceiver({
          appToken: config.appToken,
          logger: boltLogger(logger),
          installerOptions: { clientOptions: webClientOptions(config.apiUrl, logger) },
          ...(options.socket ?? {}),
        });
      }
      const app = createSlackApp({
        botToken: config.botToken,
        apiUrl: config.apiUrl,
        receiver,
        core,
        logger,
        permissions: (a) => slackPermissions(a.client, logger),
        now: options.wallClock,
      });
      if (core.messages) attachSlackMessages({ app, path: core.messages, logger, seen });
      try {
        // auth.test: a bad token, or no way to reach Slack, stops the start with a message
        await app.init();
      } catch (error) {
        throw slackStartError(error, config.apiUrl);
      }
      if (config.mode === 'socket') {
        try {
          await app.start();
        } catch (error) {
          throw new Error(
            `slack: Socket Mode could not connect (${slackErrorText(error)}). Fix: check SLACK_APP_TOKEN (an app-level token with connections:write) and that Socket Mode is on`,
          );
        }
      }
      logger.info(
        { mode: config.mode, ...(config.mode === 'http' ? { path: SLACK_EVENTS_PATH } : {}) },
        'slack: ready',
      );
      const sender = createSlackSender({ client: app.client, logger });
      return {
        id: 'slack',
        app,
        sender,
        async stop() {
          if (!active) return;
          active = false;
          // HTTP mode has no connection of its own (the bot's server closes); Socket Mode does.
          if (config.mode === 'socket') await app.stop();
        },
      };
    },
  };
}
