/**
 * The interaction core: the one dispatcher every platform adapter drives. It finds the command,
 * applies what the command's spec declares (platform features, permission, option rules, the
 * question rate limit, who sees the answer: spec-rules.ts), runs it inside one error boundary,
 * defers when it is slow, and hands the Reply to the adapter's Responder. Nothing here knows a
 * platform. What it tells users when it cannot answer is in notices.ts.
 *
 * Two kinds of failure: expected ones are ErrorReplies the user sees privately; unexpected ones
 * (a throw) are logged with the interaction's context and the user gets the apology. Nothing here
 * rejects: a single bad interaction must not take the process down.
 */
import type { Logger } from 'pino';
import type {
  ArgsOf,
  ButtonResult,
  Command,
  CommandContext,
  CommandSpec,
  Permission,
  Services,
  Visibility,
} from '../../commands/types.ts';
import { type ButtonValue, parseButton } from '../answer/buttons.ts';
import { type Engine, type EngineSource, engineSource } from '../answer/engine.ts';
import { type Choice, errorReply, type Reply } from '../answer/reply.ts';
import { ButtonElsewhere, inScope, type RecentQuestions } from '../storage/recent.ts';
import { type Cooldown, createCooldown } from './cooldown.ts';
import { runWithDeferral } from './deferral.ts';
import type { AutocompleteRequest, ButtonPress, Caller, CommandInvocation } from './invocation.ts';
import { createMessagePath, type MessagePath, type MessagePathOptions } from './messages.ts';
import type { InteractionMonitor, InteractionOutcome } from './monitor.ts';
import { APOLOGY, BUSY, GONE_COMMAND, RESTARTING, STALE_BUTTON } from './notices.ts';
import { type ParsedArgs, parseOptions } from './options.ts';
import type { PlatformProfile } from './platform.ts';
import type { Responder } from './responder.ts';
import {
  type Gate,
  labelOf,
  permitted,
  rateLimited,
  resolveVisibility,
  supports,
  visibleSpecs,
} from './spec-rules.ts';

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

/** An interaction counted in flight from its arrival (InteractionCore.arrive). */
export interface Arrival {
  /** The bot was taking work when it arrived. */
  readonly accepted: boolean;
  end(): void;
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

  /**
   * The stored questions as this interaction may use them: each remembered with this platform and
   * server (and, when bound to a user, this user); one from anywhere else refused (ButtonElsewhere,
   * answered as a stale button), whatever the command does with it.
   */
  function scopedRecent(caller: Caller): RecentQuestions {
    const store = services.recent;
    return {
      remember: (entry) =>
        store.remember({
          ...entry,
          scope: {
            platform: tag,
            guildId: caller.place.guildId,
            userId: entry.scope?.userId == null ? null : caller.user.id,
          },
        }),
      async get(key) {
        const entry = await store.get(key);
        if (entry && !inScope(entry.scope, tag, caller.place.guildId, caller.user.id))
          throw new ButtonElsewhere(key);
        return entry;
      },
    };
  }

  function contextFor(
    caller: Caller,
    visibility: Visibility,
    logger: Logger,
    engine: Engine,
  ): CommandContext {
    return {
      platform,
      user: caller.user,
      guildId: caller.place.guildId,
      channelId: caller.place.channelId,
      permissions: caller.permissions,
      visibility,
      locale: caller.locale,
      commands: visibleTo(caller.permissions),
      engine,
      services: { ...services, recent: scopedRecent(caller) },
      logger,
      now,
      channelOwner: async (channelId) => {
        if (!caller.channelOwner)
          return { found: false, reason: 'unreachable', detail: 'the platform cannot tell' };
        try {
          return await caller.channelOwner(channelId);
        } catch (error) {
          logger.warn({ err: error, channelId }, `${tag}: channel lookup failed`);
          return { found: false, reason: 'unreachable', detail: String(error) };
        }
      },
    };
  }

  /** A Responder call that cannot reject: an adapter that throws is logged, counted as refused. */
  async function call(logger: Logger, what: string, fn: () => Promise<boolean>): Promise<boolean> {
    try {
      return await fn();
    } catch (error) {
      logger.error({ err: error, what }, `${tag}: responder ${what} threw`);
      return false;
    }
  }

  /** The responder, noting whether a first response was attempted (for the last-resort apology). */
  type Tracked = Responder & { responded(): boolean };
  function tracked(responder: Responder): Tracked {
    let responded = false;
    return {
      responded: () => responded,
      reply: (reply) => {
        responded = true;
        return responder.reply(reply);
      },
      update: (reply) => {
        responded = true;
        return responder.update(reply);
      },
      defer: (how) => {
        responded = true;
        return responder.defer(how);
      },
      edit: (reply) => responder.edit(reply),
      deletePlaceholder: () => responder.deletePlaceholder(),
      followUp: (reply) => responder.followUp(reply),
    };
  }

  /** Our own bug: still tell the user, privately, and keep going. */
  async function lastResort(logger: Logger, r: Tracked, error: unknown): Promise<void> {
    logger.error({ err: error }, `${tag}: interaction handler failed`);
    const apology = errorReply(APOLOGY);
    if (r.responded()) await call(logger, 'apology followUp', () => r.followUp(apology));
    else await call(logger, 'apology reply', () => r.reply(apology));
  }

  /** A command's answer as the first response, or into the deferral it already made. */
  async function deliverAnswer(
    logger: Logger,
    r: Tracked,
    reply: Reply,
    deferred: Promise<boolean> | null,
    placeholder: Visibility,
  ): Promise<boolean> {
    if (deferred === null) return call(logger, 'reply', () => r.reply(reply));
    if (!(await deferred)) return false;
    const visibility = reply.kind === 'error' ? 'private' : reply.visibility;
    if (visibility === placeholder) return call(logger, 'edit', () => r.edit(reply));
    // Who sees a message is fixed by its first response: replace the placeholder with a new
    // message of the right kind (an error must never land in a public "thinking…").
    await call(logger, 'deletePlaceholder', () => r.deletePlaceholder());
    return call(logger, 'followUp', () => r.followUp(reply));
  }

  /** What one interaction did, for its log line and the metrics. */
  interface Probe {
    outcome: InteractionOutcome;
    command: string;
    question: boolean;
    /** The engine's verdict on the last question asked, and its text. */
    asked: { status: string; text: string } | null;
  }

  /** The engine of this interaction, noting what it was asked. */
  function probed(engine: Engine, probe: Probe): Engine {
    return {
      ...engine,
      ask: (question, opts) => {
        const answer = engine.ask(question, opts);
        probe.asked = { status: answer.status, text: question };
        return answer;
      },
    };
  }

  /** A delivered reply's outcome: what the engine said, or what kind of reply it was. */
  function outcomeOf(reply: Reply, probe: Probe, threw: boolean): InteractionOutcome {
    if (threw) return 'error';
    if (probe.asked?.status === 'not_found') return 'not_found';
    if (probe.asked?.status === 'needs_keyword') return 'needs_keyword';
    return reply.kind === 'error' ? 'invalid' : 'answered';
  }

  async function runCommand(
    inv: CommandInvocation,
    r: Tracked,
    logger: Logger,
    probe: Probe,
  ): Promise<InteractionOutcome> {
    const command = served.find((c) => c.spec.kind === inv.kind && c.spec.name === inv.name);
    if (!command) {
      const known = options.commands.find(
        (c) => c.spec.kind === inv.kind && c.spec.name === inv.name,
      );
      if (known) {
        await call(logger, 'reply', () =>
          r.reply(errorReply(`${labelOf(platform, known.spec)} is not available here.`)),
        );
        return 'unavailable';
      }
      logger.warn(`${tag}: unknown command (stale registration? run deploy-commands)`);
      await call(logger, 'reply', () => r.reply(errorReply(GONE_COMMAND)));
      return 'unavailable';
    }
    const { spec } = command;
    probe.question = spec.cooldown === 'question';
    const refuse = async (gate: Gate): Promise<boolean> => {
      if (gate.ok) return false;
      await call(logger, 'reply', () => r.reply(gate.reply));
      return true;
    };
    if (await refuse(permitted(platform, spec, inv))) return 'forbidden';
    let args: ParsedArgs;
    if (inv.kind === 'chat') {
      const parsed = parseOptions(spec, inv.options, {
        channel: (raw) => platform.parseChannel(raw),
        role: platform.parseRole,
      });
      if (!parsed.ok) {
        await call(logger, 'reply', () => r.reply(errorReply(parsed.error)));
        return 'invalid';
      }
      args = parsed.args;
    } else {
      args = { message: inv.target.text, messageId: inv.target.id };
    }
    if (await refuse(rateLimited(cooldown, spec, inv))) return 'rate_limited';
    const visibility = resolveVisibility(spec, args);
    const admission = monitor?.admit?.();
    if (admission?.kind === 'shed') {
      logger.warn(`${tag}: work queue full; told the user to try again`);
      await call(logger, 'reply', () => r.reply(errorReply(BUSY)));
      return 'busy';
    }
    const ctx = contextFor(inv, visibility, logger, probed(engines.current(), probe));
    let threw = false;
    let cancelled = false;
    const { result, deferred } = await runWithDeferral<Reply>({
      // The args were checked against this command's spec above, so they are its ArgsOf; the
      // registry's `Command` type has lost the spec's literal types.
      work: () => command.execute(ctx, args as ArgsOf<CommandSpec>),
      defer: () => call(logger, 'defer', () => r.defer({ kind: 'reply', visibility })),
      afterMs: deferAfterMs,
      onThrow: (error) => {
        threw = true;
        logger.error({ err: error }, `${tag}: command handler threw`);
        return errorReply(APOLOGY);
      },
      admission,
      onCancelled: () => {
        cancelled = true;
        return errorReply(RESTARTING);
      },
    });
    const delivered = await deliverAnswer(logger, r, result, deferred, visibility);
    if (!delivered) return 'undelivered';
    return cancelled ? 'restarting' : outcomeOf(result, probe, threw);
  }

  async function runButton(
    press: ButtonPress,
    r: Tracked,
    logger: Logger,
    probe: Probe,
  ): Promise<InteractionOutcome> {
    const parsed = parseButton(press.customId);
    const value: ButtonValue | null = parsed.ok ? parsed.value : null;
    const command =
      value === null
        ? undefined
        : served.find((c) => c.spec.name === value.command && c.button !== undefined);
    const handler = command?.button?.bind(command);
    if (value === null || !command || !handler) {
      logger.warn(
        { reason: parsed.ok ? 'no command handles it' : parsed.reason },
        `${tag}: button without a handler`,
      );
      await call(logger, 'reply', () => r.reply(errorReply(STALE_BUTTON)));
      return 'unavailable';
    }
    probe.command = command.spec.name;
    const gate: Gate = command.spec.openButtons
      ? { ok: true }
      : permitted(platform, command.spec, press);
    if (!gate.ok) {
      await call(logger, 'reply', () => r.reply(gate.reply));
      return 'forbidden';
    }
    const admission = monitor?.admit?.();
    if (admission?.kind === 'shed') {
      logger.warn(`${tag}: work queue full; told the user to try again`);
      await call(logger, 'reply', () => r.reply(errorReply(BUSY)));
      return 'busy';
    }
    const ctx = contextFor(press, 'private', logger, probed(engines.current(), probe));
    let threw = false;
    let elsewhere = false;
    let cancelled = false;
    const { result, deferred } = await runWithDeferral<ButtonResult>({
      work: () => handler(ctx, value),
      defer: () => call(logger, 'defer', () => r.defer({ kind: 'update' })),
      afterMs: deferAfterMs,
      admission,
      onCancelled: () => {
        cancelled = true;
        return { mode: 'reply', reply: errorReply(RESTARTING) };
      },
      onThrow: (error) => {
        if (error instanceof ButtonElsewhere) {
          // made in another server, on another platform, or for another user's eyes
          elsewhere = true;
          logger.warn({ key: error.key }, `${tag}: button pressed outside where it was made`);
          return { mode: 'reply', reply: errorReply(STALE_BUTTON) };
        }
        threw = true;
        logger.error({ err: error }, `${tag}: button handler threw`);
        return { mode: 'reply', reply: errorReply(APOLOGY) };
      },
    });
    // An error never replaces the message the button was on; it is told privately.
    const mode = result.reply.kind === 'error' ? 'reply' : result.mode;
    let delivered: boolean;
    if (mode === 'update') {
      if (deferred === null) delivered = await call(logger, 'update', () => r.update(result.reply));
      else delivered = (await deferred) && (await call(logger, 'edit', () => r.edit(result.reply)));
    } else if (deferred === null) {
      // A new message (e.g. "Share in channel" turns a private answer into a public one).
      delivered = await call(logger, 'reply', () => r.reply(result.reply));
    } else {
      delivered =
        (await deferred) && (await call(logger, 'followUp', () => r.followUp(result.reply)));
    }
    if (!delivered) return 'undelivered';
    if (cancelled) return 'restarting';
    return elsewhere ? 'unavailable' : outcomeOf(result.reply, probe, threw);
  }

  /**
   * Runs one command or button press: refused politely while stopping, counted in flight
   * otherwise, and ended with one log line (platform, command, guild, latency, outcome).
   */
  async function handle(
    kind: 'command' | 'button',
    caller: Caller,
    command: string,
    logger: Logger,
    r: Tracked,
    run: (probe: Probe) => Promise<InteractionOutcome>,
    arrived: Arrival | undefined,
  ): Promise<void> {
    const started = performance.now();
    const probe: Probe = { outcome: 'error', command, question: false, asked: null };
    const accepted = arrived ? arrived.accepted : !monitor || monitor.accepting();
    if (!accepted) {
      try {
        await call(logger, 'reply', () => r.reply(errorReply(RESTARTING)));
      } finally {
        arrived?.end();
      }
      probe.outcome = 'restarting';
    } else {
      const done = arrived ? () => arrived.end() : monitor?.begin();
      try {
        probe.outcome = await run(probe);
      } catch (error) {
        await lastResort(logger, r, error);
      } finally {
        done?.();
      }
    }
    const seconds = (performance.now() - started) / 1000;
    logger.info(
      {
        kind,
        guild: caller.place.guildId,
        latencyMs: Math.round(seconds * 1000),
        outcome: probe.outcome,
        ...(monitor?.logQuestions && probe.asked ? { question: probe.asked.text } : {}),
      },
      'interaction',
    );
    monitor?.finished({
      platform: tag,
      kind,
      command: probe.command,
      guildId: caller.place.guildId,
      seconds,
      outcome: probe.outcome,
      question: probe.question,
    });
  }

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

    arrive: () => {
      const accepted = !monitor || monitor.accepting();
      const end = monitor?.begin();
      let ended = false;
      return {
        accepted,
        end: () => {
          if (ended) return;
          ended = true;
          end?.();
        },
      };
    },

    async command(invocation, responder, arrived) {
      const logger = loggerFor(invocation, { command: invocation.name });
      const r = tracked(responder);
      try {
        await handle(
          'command',
          invocation,
          invocation.name,
          logger,
          r,
          (probe) => runCommand(invocation, r, logger, probe),
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
          'button',
          press,
          '',
          logger,
          r,
          (probe) => runButton(press, r, logger, probe),
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
