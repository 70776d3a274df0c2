/**
 * The Discord adapter over the interaction core: turns a discord.js interaction into a
 * platform-neutral invocation, button press or autocomplete request, and answers through a
 * Discord Responder. Everything else (options, permissions, cooldown, visibility, deferral, the
 * error boundary) is the core's. Nothing here may reject: Node ends the process on an unhandled
 * rejection and a single bad interaction must not take the bot down.
 */
import {
  ApplicationCommandOptionType,
  type AutocompleteInteraction,
  type Interaction,
} from 'discord.js';
import type { Logger } from 'pino';
import type { Services } from '../../../commands/services.ts';
import type { Command } from '../../../commands/types.ts';
import type { Engine, EngineSource } from '../../answer/engine.ts';
import { errorReply } from '../../answer/reply.ts';
import type { Cooldown } from '../../interactions/cooldown.ts';
import {
  type CoreOptions,
  createInteractionCore,
  type InteractionCore,
} from '../../interactions/core.ts';
import type { Caller, OptionInput } from '../../interactions/invocation.ts';
import type { InteractionMonitor } from '../../interactions/monitor.ts';
import { APOLOGY } from '../../interactions/notices.ts';
import { fetchChannelOwner } from './channel-owner.ts';
import { discordProfile, heldPermissions } from './platform.ts';
import { createOptions, renderChoices, renderReply } from './render.ts';
import { discordResponder, guarded } from './responder.ts';

export { APOLOGY };

export interface DispatcherOptions {
  commands: readonly Command[];
  /** The engine, or where to read it at the start of each interaction (corpus reloads). */
  engine: Engine | EngineSource;
  services: Services;
  logger: Logger;
  now?: () => Date;
  /** Per-user limit on question commands; default 5 per 10 s. */
  cooldown?: Cooldown;
  /**
   * Defer when a command or button has not finished after this many ms (Discord kills the
   * interaction token if the first response is later than 3 s). Default 1500.
   */
  deferAfterMs?: number;
  /** Give up on a command's autocomplete after this many ms and answer with no choices. Default 2000. */
  autocompleteTimeoutMs?: number;
  /** Counts interactions and refuses new ones while the bot stops. */
  monitor?: InteractionMonitor | undefined;
  /** A core to share (the HTTP endpoint in DISCORD_MODE=both); built from the options above otherwise. */
  core?: InteractionCore;
  /** Chat messages the gateway delivers (mentions, DMs, /autoanswer channels); none without it. */
  messages?: CoreOptions['messages'];
}

/** Handles one interaction; never rejects. */
export type InteractionHandler = (interaction: Interaction) => Promise<void>;

function callerOf(interaction: Interaction): Caller {
  return {
    id: interaction.id,
    user: { id: interaction.user.id, name: interaction.user.displayName },
    place: { guildId: interaction.guildId, channelId: interaction.channelId },
    permissions: heldPermissions(interaction.memberPermissions),
    locale: interaction.locale ?? null,
    channelOwner: (channelId) => fetchChannelOwner(interaction.client.rest, channelId),
  };
}

/** An option as Discord sends it, in the gateway's objects or the HTTP interaction's JSON. */
export interface DiscordOption {
  name: string;
  type: number;
  value?: unknown;
  options?: readonly DiscordOption[];
}

/** The option tree Discord sent (one level of subcommands) as values by name. */
export function optionInput(data: readonly DiscordOption[]): OptionInput {
  const sub = data.find((o) => o.type === ApplicationCommandOptionType.Subcommand);
  const level = sub ? (sub.options ?? []) : data;
  return {
    subcommand: sub?.name,
    values: Object.fromEntries(level.map((o) => [o.name, o.value])),
  };
}

async function onAutocomplete(
  core: InteractionCore,
  interaction: AutocompleteInteraction,
  logger: Logger,
): Promise<void> {
  const focused = interaction.options.getFocused(true);
  const choices = renderChoices(
    await core.autocomplete({
      ...callerOf(interaction),
      name: interaction.commandName,
      focused: { name: focused.name, value: String(focused.value) },
    }),
  );
  if (!interaction.responded)
    await guarded(logger, 'autocomplete respond', () => interaction.respond(choices));
}

/** The interaction core for Discord, whichever way its interactions arrive. */
export function discordCore(options: Omit<DispatcherOptions, 'core'>): InteractionCore {
  return createInteractionCore({
    commands: options.commands,
    engine: options.engine,
    services: options.services,
    logger: options.logger,
    platform: discordProfile(options.messages !== undefined),
    now: options.now,
    cooldown: options.cooldown,
    deferAfterMs: options.deferAfterMs,
    autocompleteTimeoutMs: options.autocompleteTimeoutMs,
    monitor: options.monitor,
    messages: options.messages,
  });
}

/**
 * Builds the interaction handler. Register it with `client.on('interactionCreate', handler)`.
 * @example client.on(Events.InteractionCreate, createDispatcher({ commands, engine, services, logger }));
 */
export function createDispatcher(options: DispatcherOptions): InteractionHandler {
  const core = options.core ?? discordCore(options);

  return async (interaction) => {
    const logger = options.logger.child({
      interactionId: interaction.id,
      userId: interaction.user.id,
      ...(interaction.isCommand() || interaction.isAutocomplete()
        ? { command: interaction.commandName }
        : {}),
      ...(interaction.isButton() ? { customId: interaction.customId } : {}),
    });
    try {
      if (interaction.isChatInputCommand()) {
        await core.command(
          {
            ...callerOf(interaction),
            kind: 'chat',
            name: interaction.commandName,
            options: optionInput(interaction.options.data),
          },
          discordResponder(interaction, logger),
        );
      } else if (interaction.isMessageContextMenuCommand()) {
        await core.command(
          {
            ...callerOf(interaction),
            kind: 'message',
            name: interaction.commandName,
            target: { id: interaction.targetId, text: interaction.targetMessage.content },
          },
          discordResponder(interaction, logger),
        );
      } else if (interaction.isButton()) {
        await core.button(
          { ...callerOf(interaction), customId: interaction.customId },
          discordResponder(interaction, logger),
        );
      } else if (interaction.isAutocomplete()) {
        await onAutocomplete(core, interaction, logger);
      }
    } catch (error) {
      // Our own bug in mapping the interaction: still tell the user, privately.
      logger.error({ err: error }, 'discord: interaction handler failed');
      try {
        if (interaction.isRepliable()) {
          const message = createOptions(renderReply(errorReply(APOLOGY)));
          if (interaction.deferred || interaction.replied)
            await guarded(logger, 'apology followUp', () => interaction.followUp(message));
          else await guarded(logger, 'apology reply', () => interaction.reply(message));
        }
      } catch (inner) {
        logger.error({ err: inner }, 'discord: apology failed');
      }
    }
  };
}
