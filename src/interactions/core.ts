/**
 * The interaction core: the one dispatcher every platform adapter drives. It serves the commands
 * the platform supports and routes each interaction inside its lifecycle (lifecycle.ts): a
 * command to run-command.ts, a button press to run-button.ts, an autocomplete to the command's
 * own, a chat message to the message path (messages.ts). Each applies what the command's spec
 * declares (spec-rules.ts), runs it inside one error boundary, defers when it is slow, and hands
 * the Reply to the adapter's Responder (delivery.ts). Nothing here knows a platform.
 *
 * Two kinds of failure: expected ones are ErrorReplies the user sees privately; unexpected ones
 * (a throw) are logged with the interaction's context and the user gets the apology. Nothing here
 * rejects: a single bad interaction must not take the process down.
 */
import type { Logger } from 'pino';
import type { Services } from '../../commands/services.ts';
import type { CommandSpec, Permission } from '../../commands/spec.ts';
import type { Command } from '../../commands/types.ts';
import { type Engine, type EngineSource, engineSource } from '../answer/engine.ts';
import type { Choice } from '../answer/reply.ts';
import { createContextFor } from './command-context.ts';
import { type Cooldown, createCooldown } from './cooldown.ts';
import { createDelivery, tracked } from './delivery.ts';
import type { AutocompleteRequest, ButtonPress, Caller, CommandInvocation } from './invocation.ts';
import { type Arrival, arrive, handle } from './lifecycle.ts';
import { createMessagePath, type MessagePath, type MessagePathOptions } from './messages.ts';
import type { InteractionMonitor } from './monitor.ts';
import type { PlatformProfile } from './platform.ts';
import type { Responder } from './responder.ts';
import { runButton } from './run-button.ts';
import { runCommand } from './run-command.ts';
import { permitted, supports, visibleSpecs } from './spec-rules.ts';

export interface CoreOptions {
  /** Every command (commands/index.ts); the core serves those the platform supports. */
  commands: readonly Command[];
  /**
   * The engine, or where to read it: each interaction reads it once at its start and keeps it
   * to its end, so a corpus reload never mixes two indexes in one reply.
   */
  engine: Engine | EngineSource;
  /** The services commands use on this platform. */
  services: Services;
  logger: Logger;
  platform: PlatformProfile;
  now?: () => Date;
  /** Per-user limit on commands declaring `cooldown: 'question'`; default 5 per 10 s; null: none. */
  cooldown?: Cooldown | null;
  /**
   * Defer when a command or button has not finished after this many ms; default 1500 (Discord
   * and Slack want a first response within 3 s). Null never defers.
   */
  deferAfterMs?: number | null;
  /** Give up on a command's autocomplete after this many ms (no choices). Default 2000. */
  autocompleteTimeoutMs?: number;
  /** Counts interactions and refuses new ones while the bot stops; without it, neither. */
  monitor?: InteractionMonitor | undefined;
  /**
   * Chat messages (mentions, direct messages, /autoanswer channels): what the platform lets the
   * bot answer and where it records them. Without it the core serves no messages.
   */
  messages?:
    | (Pick<MessagePathOptions, 'rules' | 'store'> &
        Partial<Pick<MessagePathOptions, 'channelCooldown'>>)
    | undefined;
}

export interface InteractionCore {
  readonly platform: PlatformProfile;
  /** The commands this platform serves, in registry order (to register them, to route). */
  readonly commands: readonly Command[];
  /** A served command by kind and name. */
  find(kind: CommandSpec['kind'], name: string): Command | undefined;
  /** Whether the registry has the command at all (served here or not). */
  registered(kind: CommandSpec['kind'], name: string): boolean;
  /** The specs of the served commands a user holding `permissions` may run (for /help, menus). */
  visibleTo(permissions: readonly Permission[]): CommandSpec[];
  /**
   * Runs a command and answers through `responder`. Never rejects. `arrived`: what `arrive`
   * returned for it; this call ends that count instead of starting its own.
   */
  command(
    invocation: CommandInvocation,
    responder: Responder,
    arrived?: Arrival | undefined,
  ): Promise<void>;
  /** Handles a button press and answers through `responder`. Never rejects. */
  button(press: ButtonPress, responder: Responder, arrived?: Arrival | undefined): Promise<void>;
  /**
   * An interaction arrived that the adapter hands over only after work of its own (Slack
   * acknowledges first, then looks up the user's role): it is in flight from now, so a shutdown
   * waits for it, and it is served if the bot was taking work now, even if it stops before the
   * core gets it. Pass the result to `command` or `button`, or `end` it if the interaction never
   * gets there; ending it twice is harmless.
   */
  arrive(): Arrival;
  /** Suggestions for the focused option (uncapped: the adapter fits them). Never rejects. */
  autocomplete(request: AutocompleteRequest): Promise<Choice[]>;
  /** The chat message path (src/interactions/messages.ts), or null where messages are off. */
  readonly messages: MessagePath | null;
}

const TIMEOUT = Symbol('timeout');

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T | typeof TIMEOUT> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<typeof TIMEOUT>((resolve) => {
    timer = setTimeout(() => resolve(TIMEOUT), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Builds the core for one platform.
 * @example const core = createInteractionCore({ commands, engine, services, logger, platform: discordPlatform });
 *          await core.command(invocation, responder);
 */
export function createInteractionCore(options: CoreOptions): InteractionCore {
  const { services, platform, monitor } = options;
  const engines = engineSource(options.engine);
  const tag = platform.id;
  const now = options.now ?? (() => new Date());
  const cooldown = options.cooldown === undefined ? createCooldown() : options.cooldown;
  const deferAfterMs = options.deferAfterMs === undefined ? 1500 : options.deferAfterMs;
  const autocompleteTimeoutMs = options.autocompleteTimeoutMs ?? 2000;
  const served = options.commands.filter((c) => supports(platform, c.spec));

  const find = (kind: CommandSpec['kind'], name: string) =>
    served.find((c) => c.spec.kind === kind && c.spec.name === name);

  const visibleTo = (permissions: readonly Permission[]) =>
    visibleSpecs(served, platform, permissions);

  function loggerFor(caller: Caller, extra: Record<string, unknown>): Logger {
    return options.logger.child({
      platform: tag,
      interactionId: caller.id,
      userId: caller.user.id,
      ...extra,
    });
  }

  const contextFor = createContextFor({ platform, services, now, visibleTo });
  const delivery = createDelivery(tag);
  const run = {
    platform,
    served,
    commands: options.commands,
    cooldown,
    monitor,
    deferAfterMs,
    engines,
    contextFor,
    delivery,
  };
  const lifecycle = { tag, monitor, delivery };

  const messages = options.messages
    ? createMessagePath({
        platform: tag,
        rules: options.messages.rules,
        store: options.messages.store,
        channelCooldown: options.messages.channelCooldown,
        engines,
        logger: options.logger,
        monitor,
        // the same limit /ask counts against
        cooldown,
        now,
        context: (caller, logger, engine) => contextFor(caller, 'public', logger, engine),
      })
    : null;

  return {
    platform,
    commands: served,
    messages,
    find,
    registered: (kind, name) =>
      options.commands.some((c) => c.spec.kind === kind && c.spec.name === name),
    visibleTo,

    arrive: () => arrive(monitor),

    async command(invocation, responder, arrived) {
      const logger = loggerFor(invocation, { command: invocation.name });
      const r = tracked(responder);
      try {
        await handle(
          lifecycle,
          'command',
          invocation,
          invocation.name,
          logger,
          r,
          (probe) => runCommand(run, invocation, r, logger, probe),
          arrived,
        );
      } catch (error) {
        // the log line or the monitor failed: never the caller's problem
        logger.error({ err: error }, `${tag}: interaction bookkeeping failed`);
      } finally {
        arrived?.end();
      }
    },

    async button(press, responder, arrived) {
      const logger = loggerFor(press, { customId: press.customId });
      const r = tracked(responder);
      try {
        await handle(
          lifecycle,
          'button',
          press,
          '',
          logger,
          r,
          (probe) => runButton(run, press, r, logger, probe),
          arrived,
        );
      } catch (error) {
        logger.error({ err: error }, `${tag}: interaction bookkeeping failed`);
      } finally {
        arrived?.end();
      }
    },

    async autocomplete(request) {
      const logger = loggerFor(request, { command: request.name });
      try {
        const command = find('chat', request.name);
        const complete = command?.autocomplete?.bind(command);
        if (!command || !complete || !permitted(platform, command.spec, request).ok) return [];
        if (monitor && !monitor.accepting()) return [];
        const ctx = contextFor(request, 'private', logger, engines.current());
        const found = await withTimeout(
          Promise.resolve().then(() => complete(ctx, request.focused)),
          autocompleteTimeoutMs,
        );
        if (found === TIMEOUT) {
          logger.warn(`${tag}: autocomplete too slow; answered with no choices`);
          return [];
        }
        return found;
      } catch (error) {
        logger.warn({ err: error }, `${tag}: autocomplete failed; answered with no choices`);
        return [];
      }
    },
  };
}
