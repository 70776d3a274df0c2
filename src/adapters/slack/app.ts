/**
 * The Slack adapter over the interaction core, as Bolt listeners: the `/dossier` slash command,
 * message shortcuts (a message command's name as its callback id: "Find in sources" →
 * `find_in_sources`) and our buttons. Each listener acknowledges first, so Slack has its answer
 * within 3 seconds whatever the engine does; then the core runs and answers through a Slack
 * Responder. Nothing here may reject after the acknowledgement: a listener's error is logged.
 */
import { App, type Receiver } from '@slack/bolt';
import type { Logger } from 'pino';
import type { CommandSpec } from '../../../commands/spec.ts';
import { errorReply } from '../../answer/reply.ts';
import type { InteractionCore } from '../../interactions/core.ts';
import type { Caller } from '../../interactions/invocation.ts';
import type { Arrival } from '../../interactions/lifecycle.ts';
import { slackChannelOwner } from './channel-owner.ts';
import { BlockActionBody, MessageShortcutBody, SlashCommandBody, userName } from './payloads.ts';
import type { SlackPermissions } from './permissions.ts';
import { SLASH_COMMAND } from './platform.ts';
import { slackResponder } from './responder.ts';
import { allowedResponseUrl, ResponseUrl } from './response-url.ts';
import { parseSlash } from './slash.ts';
import { plainMessageText } from './text.ts';
import { boltLogger, webClientOptions } from './web-client.ts';

/** A message command's shortcut callback id (the manifest's): "Find in sources" → find_in_sources. */
export function shortcutId(spec: CommandSpec): string {
  return spec.name
    .toLowerCase()
    .replace(/[^a-z0-9]+/gu, '_')
    .replace(/^_|_$/gu, '');
}

export interface SlackAppOptions {
  botToken: string;
  apiUrl: string | undefined;
  receiver: Receiver;
  core: InteractionCore;
  logger: Logger;
  /** The workspace roles of users (for /dossier daily); built over the app's client. */
  permissions: (app: App) => SlackPermissions;
  /** Wall-clock time (response_url lifetimes), ms since the epoch. */
  now?: () => number;
}

/**
 * Builds the Bolt app (not yet initialised: call `await app.init()`, which checks the token).
 * @example const app = createSlackApp({ botToken, apiUrl, receiver, core, logger, permissions });
 */
export function createSlackApp(options: SlackAppOptions): App {
  const { core, logger } = options;
  const now = options.now ?? Date.now;
  const app = new App({
    token: options.botToken,
    receiver: options.receiver,
    logger: boltLogger(logger),
    clientOptions: webClientOptions(options.apiUrl, logger),
    deferInitialization: true,
  });
  const permissions = options.permissions(app);
  const anyHost = options.apiUrl !== undefined;

  function responseUrl(url: string | undefined, log: Logger): ResponseUrl | null {
    if (url === undefined) return null;
    if (!allowedResponseUrl(url, anyHost)) {
      log.warn('slack: ignoring a response_url outside slack.com');
      return null;
    }
    return new ResponseUrl({ url, logger: log, issuedAt: now(), now });
  }

  async function caller(
    id: string,
    user: { id: string; name: string },
    teamId: string | null,
    channelId: string | null,
  ): Promise<Caller> {
    return {
      id,
      user,
      place: { guildId: teamId, channelId },
      permissions: await permissions.of(user.id),
      locale: null,
      channelOwner: (channel) => slackChannelOwner(app.client, channel, teamId),
    };
  }

  /** Runs `work` after the acknowledgement; its failure is ours and only logged. */
  async function after(log: Logger, what: string, work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (error) {
      log.error({ err: error }, `slack: ${what} failed after the acknowledgement`);
    }
  }

  app.command(SLASH_COMMAND, async ({ ack, body }) => {
    // In flight from before the acknowledgement: a shutdown must not close the database between
    // Slack hearing "ok" and the answer.
    const arrived = core.arrive();
    try {
      await ack();
      await onSlash(body, arrived);
    } finally {
      arrived.end();
    }
  });

  async function onSlash(body: unknown, arrived: Arrival): Promise<void> {
    const parsed = SlashCommandBody.safeParse(body);
    if (!parsed.success) {
      logger.warn({ issues: parsed.error.issues.length }, 'slack: malformed slash command');
      return;
    }
    const cmd = parsed.data;
    const log = logger.child({ platform: 'slack', userId: cmd.user_id, slash: true });
    await after(log, 'slash command', async () => {
      const responder = slackResponder(
        {
          kind: 'command',
          responseUrl: responseUrl(cmd.response_url, log),
          channelId: cmd.channel_id,
          userId: cmd.user_id,
        },
        { client: app.client, logger: log },
      );
      const invocation = parseSlash(core, cmd.text);
      if (!invocation.ok) {
        await responder.reply(errorReply(invocation.error));
        return;
      }
      const who = await caller(
        cmd.trigger_id,
        { id: cmd.user_id, name: cmd.user_name || cmd.user_id },
        cmd.team_id || null,
        cmd.channel_id,
      );
      await core.command(
        { ...who, kind: 'chat', name: invocation.name, options: invocation.options },
        responder,
        arrived,
      );
    });
  }

  app.shortcut({ type: 'message_action' }, async ({ ack, body }) => {
    const arrived = core.arrive();
    try {
      await ack();
      await onShortcut(body, arrived);
    } finally {
      arrived.end();
    }
  });

  async function onShortcut(body: unknown, arrived: Arrival): Promise<void> {
    const parsed = MessageShortcutBody.safeParse(body);
    if (!parsed.success) {
      logger.warn({ issues: parsed.error.issues.length }, 'slack: malformed message shortcut');
      return;
    }
    const shortcut = parsed.data;
    const log = logger.child({
      platform: 'slack',
      userId: shortcut.user.id,
      shortcut: shortcut.callback_id,
    });
    await after(log, 'message shortcut', async () => {
      const command = core.commands.find(
        (c) => c.spec.kind === 'message' && shortcutId(c.spec) === shortcut.callback_id,
      );
      const who = await caller(
        shortcut.trigger_id,
        { id: shortcut.user.id, name: userName(shortcut.user) },
        shortcut.team?.id ?? shortcut.user.team_id ?? null,
        shortcut.channel.id,
      );
      await core.command(
        {
          ...who,
          kind: 'message',
          // An unknown callback id reaches the core as is: it answers "not available any more".
          name: command?.spec.name ?? shortcut.callback_id,
          target: { id: shortcut.message.ts, text: plainMessageText(shortcut.message.text) },
        },
        slackResponder(
          {
            kind: 'command',
            responseUrl: responseUrl(shortcut.response_url, log),
            channelId: shortcut.channel.id,
            userId: shortcut.user.id,
          },
          { client: app.client, logger: log },
        ),
        arrived,
      );
    });
  }

  app.action(/.*/su, async ({ ack, body }) => {
    const arrived = core.arrive();
    try {
      await ack();
      await onAction(body, arrived);
    } finally {
      arrived.end();
    }
  });

  async function onAction(body: unknown, arrived: Arrival): Promise<void> {
    const parsed = BlockActionBody.safeParse(body);
    if (!parsed.success) return;
    const press = parsed.data;
    const [action] = press.actions;
    if (!action) return;
    const log = logger.child({
      platform: 'slack',
      userId: press.user.id,
      customId: action.action_id,
    });
    await after(log, 'button', async () => {
      const channelId = press.channel?.id ?? null;
      const who = await caller(
        press.trigger_id || (action.action_ts ?? ''),
        { id: press.user.id, name: userName(press.user) },
        press.team?.id ?? press.user.team_id ?? null,
        channelId,
      );
      await core.button(
        { ...who, customId: action.action_id },
        slackResponder(
          {
            kind: 'button',
            responseUrl: responseUrl(press.response_url, log),
            channelId,
            userId: press.user.id,
            message: {
              ephemeral: press.container?.is_ephemeral ?? false,
              ts: press.container?.message_ts ?? null,
            },
          },
          { client: app.client, logger: log },
        ),
        arrived,
      );
    });
  }

  app.error(async (error) => {
    logger.error({ err: error }, 'slack: Bolt reported an error');
  });
  return app;
}
