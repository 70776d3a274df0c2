/**
 * Routes Discord interactions to the platform-neutral commands and sends their Replies back.
 * One guarded error boundary per interaction: nothing here may reject, because Node ends the
 * process on an unhandled rejection and a single bad interaction must not take the bot down.
 */
import {
  type AutocompleteInteraction,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  DiscordAPIError,
  type Interaction,
  type MessageContextMenuCommandInteraction,
  MessageFlags,
  PermissionFlagsBits,
  type RepliableInteraction,
} from 'discord.js';
import type { Logger } from 'pino';
import type {
  ArgsOf,
  ButtonResult,
  Command,
  CommandContext,
  CommandSpec,
  Services,
} from '../../../commands/types.ts';
import type { Engine } from '../../answer/engine.ts';
import { errorReply, type Reply } from '../../answer/reply.ts';
import { type Cooldown, createCooldown } from '../cooldown.ts';
import { type ParsedArgs, parseChatArgs } from './args.ts';
import {
  createOptions,
  editOptions,
  type RenderedMessage,
  renderChoices,
  renderReply,
} from './render.ts';

/** Shown privately when a handler throws; the details go to the log only. */
export const APOLOGY = 'Sorry, something went wrong on my side. Please try again in a moment.';

export interface DispatcherOptions {
  commands: readonly Command[];
  engine: Engine;
  services: Services;
  logger: Logger;
  now?: () => Date;
  /** Per-user limit on question-type commands; default 5 per 10 s. */
  cooldown?: Cooldown;
  /**
   * Defer when a command or button has not finished after this many ms (Discord kills the
   * interaction token if the first response is later than 3 s). Default 1500.
   */
  deferAfterMs?: number;
  /** Give up on a command's autocomplete after this many ms and answer with no choices. Default 2000. */
  autocompleteTimeoutMs?: number;
  /**
   * Which commands count against the cooldown. Default: message context-menu commands and chat
   * commands with a string option named "question" (the adapter does not know command names).
   */
  isQuestion?: (command: Command) => boolean;
}

/** Handles one interaction; never rejects. */
export type InteractionHandler = (interaction: Interaction) => Promise<void>;

/** The default question test: anything that sends free text to the engine. */
export function isQuestionCommand(command: Command): boolean {
  if (command.spec.kind === 'message') return true;
  return command.spec.options.some((o) =>
    o.type === 'subcommand'
      ? o.options.some((s) => s.type === 'string' && s.name === 'question')
      : o.type === 'string' && o.name === 'question',
  );
}

/** Error codes that are part of normal life on Discord and are logged without alarm. */
function describeDiscordError(error: unknown): { level: 'warn' | 'error'; note: string } {
  if (error instanceof DiscordAPIError) {
    switch (error.code) {
      case 10062:
        return { level: 'warn', note: 'interaction expired before the first response (10062)' };
      case 40060:
        return {
          level: 'warn',
          note: 'interaction already acknowledged, probably by another process using this token (40060)',
        };
      case 10015:
      case 50027:
        return { level: 'warn', note: 'interaction token expired; edits are not retried' };
      case 10008:
        return { level: 'warn', note: 'message to edit no longer exists (10008)' };
      default:
        return { level: 'error', note: `Discord API error ${error.code}` };
    }
  }
  return { level: 'error', note: 'request failed' };
}

/** Which response a deferral chose, so the result is delivered consistently with it. */
type Deferral =
  | { kind: 'reply'; ephemeral: boolean; done: Promise<boolean> }
  | { kind: 'update'; done: Promise<boolean> };

/**
 * Builds the interaction handler. Register it with `client.on('interactionCreate', handler)`.
 * @example client.on(Events.InteractionCreate, createDispatcher({ commands, engine, services, logger }));
 */
export function createDispatcher(options: DispatcherOptions): InteractionHandler {
  const { commands, engine, services } = options;
  const baseLogger = options.logger;
  const now = options.now ?? (() => new Date());
  const cooldown = options.cooldown ?? createCooldown();
  const deferAfterMs = options.deferAfterMs ?? 1500;
  const autocompleteTimeoutMs = options.autocompleteTimeoutMs ?? 2000;
  const isQuestion = options.isQuestion ?? isQuestionCommand;

  const chatCommands = new Map<string, Command>();
  const messageCommands = new Map<string, Command>();
  for (const command of commands) {
    (command.spec.kind === 'chat' ? chatCommands : messageCommands).set(command.spec.name, command);
  }

  /** Runs a Discord call; logs and swallows its failure. Resolves true when it succeeded. */
  async function guarded(
    logger: Logger,
    what: string,
    call: () => Promise<unknown>,
  ): Promise<boolean> {
    try {
      await call();
      return true;
    } catch (error) {
      const { level, note } = describeDiscordError(error);
      logger[level]({ err: error, what }, `discord: ${what} failed: ${note}`);
      return false;
    }
  }

  function contextFor(interaction: Interaction, logger: Logger): CommandContext {
    return {
      platform: 'discord',
      user: { id: interaction.user.id, name: interaction.user.displayName },
      guildId: interaction.guildId,
      channelId: interaction.channelId,
      canManageServer: interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild) ?? false,
      engine,
      services,
      logger,
      now,
    };
  }

  /** Runs `work`, deferring if it is slow; converts a throw into the private apology. */
  async function runWithDeferral<T>(
    logger: Logger,
    startDefer: () => Deferral,
    work: () => Promise<T> | T,
    onThrow: () => T,
  ): Promise<{ result: T; deferral: Deferral | null }> {
    let deferral: Deferral | null = null;
    const timer = setTimeout(() => {
      deferral = startDefer();
    }, deferAfterMs);
    let result: T;
    try {
      result = await work();
    } catch (error) {
      logger.error({ err: error }, 'discord: command handler threw');
      result = onThrow();
    } finally {
      clearTimeout(timer);
    }
    return { result, deferral };
  }

  /** Delivers a command's Reply as the interaction's response (first response or edit). */
  async function deliverReply(
    interaction: RepliableInteraction,
    logger: Logger,
    rendered: RenderedMessage,
    deferral: Deferral | null,
  ): Promise<void> {
    logWarnings(logger, rendered);
    if (deferral === null) {
      await guarded(logger, 'reply', () => interaction.reply(createOptions(rendered)));
      return;
    }
    if (!(await deferral.done)) return;
    if (deferral.kind === 'reply' && deferral.ephemeral === rendered.ephemeral) {
      await guarded(logger, 'editReply', () => interaction.editReply(editOptions(rendered)));
      return;
    }
    // Ephemeral or public is fixed by the first response: replace the placeholder with a new
    // message of the right kind (an error must never land in a public "thinking…" message).
    if (deferral.kind === 'reply')
      await guarded(logger, 'deleteReply', () => interaction.deleteReply());
    await guarded(logger, 'followUp', () => interaction.followUp(createOptions(rendered)));
  }

  function logWarnings(logger: Logger, rendered: RenderedMessage): void {
    if (rendered.warnings.length > 0)
      logger.warn({ warnings: rendered.warnings }, 'discord: reply adjusted to fit limits');
  }

  async function onCommand(
    interaction: ChatInputCommandInteraction | MessageContextMenuCommandInteraction,
    logger: Logger,
  ): Promise<void> {
    const isChat = interaction.isChatInputCommand();
    const command = (isChat ? chatCommands : messageCommands).get(interaction.commandName);
    if (!command) {
      logger.warn('discord: unknown command (stale registration? run deploy-commands)');
      await deliverReply(
        interaction,
        logger,
        renderReply(errorReply('That command is not available any more.')),
        null,
      );
      return;
    }
    let args: ParsedArgs;
    if (isChat) {
      const parsed = parseChatArgs(command.spec, interaction.options.data);
      if (!parsed.ok) {
        await deliverReply(interaction, logger, renderReply(errorReply(parsed.error)), null);
        return;
      }
      args = parsed.args;
    } else {
      args = { message: interaction.targetMessage.content, messageId: interaction.targetId };
    }
    if (isQuestion(command)) {
      const allowed = cooldown.take(interaction.user.id);
      if (!allowed.ok) {
        const seconds = Math.ceil(allowed.retryAfterMs / 1000);
        const text = `You are asking quickly; please wait ${seconds} second${seconds === 1 ? '' : 's'} and try again.`;
        await deliverReply(interaction, logger, renderReply(errorReply(text)), null);
        return;
      }
    }
    const ctx = contextFor(interaction, logger);
    // Private first unless the user asked for public: the project's default for answers.
    const ephemeral = !(args.private === false || args.public === true || args.hide === false);
    const { result, deferral } = await runWithDeferral<Reply>(
      logger,
      () => ({
        kind: 'reply',
        ephemeral,
        done: guarded(logger, 'deferReply', () =>
          interaction.deferReply(ephemeral ? { flags: MessageFlags.Ephemeral } : {}),
        ),
      }),
      // The args were checked against this command's spec above, so they are its ArgsOf; the
      // registry's `Command` type has lost the spec's literal types.
      () => command.execute(ctx, args as ArgsOf<CommandSpec>),
      () => errorReply(APOLOGY),
    );
    await deliverReply(interaction, logger, renderReply(result), deferral);
  }

  async function onButton(interaction: ButtonInteraction, logger: Logger): Promise<void> {
    const id = interaction.customId;
    const colon = id.indexOf(':');
    const name = colon < 0 ? id : id.slice(0, colon);
    const arg = colon < 0 ? '' : id.slice(colon + 1);
    const command = chatCommands.get(name) ?? messageCommands.get(name);
    const button = command?.button?.bind(command);
    if (!command || !button) {
      logger.warn({ customId: id }, 'discord: button without a handler');
      await deliverReply(
        interaction,
        logger,
        renderReply(errorReply('This button no longer works.')),
        null,
      );
      return;
    }
    const ctx = contextFor(interaction, logger);
    const { result, deferral } = await runWithDeferral<ButtonResult>(
      logger,
      () => ({
        kind: 'update',
        done: guarded(logger, 'deferUpdate', () => interaction.deferUpdate()),
      }),
      () => button(ctx, arg),
      () => ({ mode: 'reply', reply: errorReply(APOLOGY) }),
    );
    // An error never replaces the message the button was on; it is told privately.
    const mode = result.reply.kind === 'error' ? 'reply' : result.mode;
    const rendered = renderReply(result.reply);
    logWarnings(logger, rendered);
    if (mode === 'update') {
      if (deferral === null)
        await guarded(logger, 'update', () => interaction.update(editOptions(rendered)));
      else if (await deferral.done)
        await guarded(logger, 'editReply', () => interaction.editReply(editOptions(rendered)));
      return;
    }
    // A new message (e.g. "Share in channel" turns a private answer into a public one).
    if (deferral === null)
      await guarded(logger, 'reply', () => interaction.reply(createOptions(rendered)));
    else if (await deferral.done)
      await guarded(logger, 'followUp', () => interaction.followUp(createOptions(rendered)));
  }

  async function onAutocomplete(
    interaction: AutocompleteInteraction,
    logger: Logger,
  ): Promise<void> {
    const command = chatCommands.get(interaction.commandName);
    let choices: { name: string; value: string }[] = [];
    try {
      const complete = command?.autocomplete?.bind(command);
      if (complete) {
        const focused = interaction.options.getFocused(true);
        const ctx = contextFor(interaction, logger);
        const found = await withTimeout(
          Promise.resolve().then(() =>
            complete(ctx, { name: focused.name, value: String(focused.value) }),
          ),
          autocompleteTimeoutMs,
        );
        if (found === TIMEOUT)
          logger.warn('discord: autocomplete too slow; answered with no choices');
        else choices = renderChoices(found);
      }
    } catch (error) {
      logger.warn({ err: error }, 'discord: autocomplete failed; answered with no choices');
    }
    if (!interaction.responded)
      await guarded(logger, 'autocomplete respond', () => interaction.respond(choices));
  }

  return async (interaction) => {
    const logger = baseLogger.child({
      interactionId: interaction.id,
      userId: interaction.user.id,
      ...(interaction.isCommand() || interaction.isAutocomplete()
        ? { command: interaction.commandName }
        : {}),
      ...(interaction.isButton() ? { customId: interaction.customId } : {}),
    });
    try {
      if (interaction.isChatInputCommand() || interaction.isMessageContextMenuCommand()) {
        await onCommand(interaction, logger);
      } else if (interaction.isButton()) {
        await onButton(interaction, logger);
      } else if (interaction.isAutocomplete()) {
        await onAutocomplete(interaction, logger);
      }
    } catch (error) {
      // Our own bug: still tell the user, privately, and keep the process alive.
      logger.error({ err: error }, 'discord: interaction handler failed');
      try {
        if (interaction.isRepliable()) {
          const message = createOptions(renderReply(errorReply(APOLOGY)));
          if (interaction.deferred || interaction.replied) {
            await guarded(logger, 'apology followUp', () =>
              interaction.followUp({ ...message, flags: MessageFlags.Ephemeral }),
            );
          } else {
            await guarded(logger, 'apology reply', () => interaction.reply(message));
          }
        }
      } catch (inner) {
        logger.error({ err: inner }, 'discord: apology failed');
      }
    }
  };
}

const TIMEOUT = Symbol('timeout');

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T | typeof TIMEOUT> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<typeof TIMEOUT>((resolve) => {
    timer = setTimeout(() => resolve(TIMEOUT), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
