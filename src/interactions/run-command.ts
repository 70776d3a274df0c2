/**
 * Runs one chat or message command for the interaction core: finds it among the commands this
 * platform serves, applies what its spec declares (permission, option rules, the question rate
 * limit, who sees the answer), waits its turn in the work queue, runs it inside one error
 * boundary, deferring when it is slow, and delivers its answer.
 */
import type { Logger } from 'pino';
import type { ArgsOf, CommandSpec } from '../../commands/spec.ts';
import type { Command } from '../../commands/types.ts';
import type { EngineSource } from '../answer/engine.ts';
import { errorReply, type Reply } from '../answer/reply.ts';
import type { ContextFor } from './command-context.ts';
import type { Cooldown } from './cooldown.ts';
import { runWithDeferral } from './deferral.ts';
import type { Delivery, Tracked } from './delivery.ts';
import type { CommandInvocation } from './invocation.ts';
import { outcomeOf, type Probe, probed } from './lifecycle.ts';
import type { InteractionMonitor, InteractionOutcome } from './monitor.ts';
import { APOLOGY, BUSY, GONE_COMMAND, RESTARTING } from './notices.ts';
import { type ParsedArgs, parseOptions } from './options.ts';
import type { PlatformProfile } from './platform.ts';
import { type Gate, labelOf, permitted, rateLimited, resolveVisibility } from './spec-rules.ts';

export interface CommandRunOptions {
  platform: PlatformProfile;
  /** The commands this platform serves. */
  served: readonly Command[];
  /** Every command, served here or not (to tell "not available here" from "gone"). */
  commands: readonly Command[];
  /** The question rate limit; null: none. */
  cooldown: Cooldown | null;
  monitor: InteractionMonitor | undefined;
  /** Defer when the command has not finished after this many ms; null never defers. */
  deferAfterMs: number | null;
  engines: EngineSource;
  contextFor: ContextFor;
  delivery: Delivery;
}

/** Runs `inv` and answers through `r`; its outcome, for the log line and the metrics. */
export async function runCommand(
  options: CommandRunOptions,
  inv: CommandInvocation,
  r: Tracked,
  logger: Logger,
  probe: Probe,
): Promise<InteractionOutcome> {
  const { platform, served, cooldown, monitor, deferAfterMs, engines, contextFor } = options;
  const { call, deliverAnswer } = options.delivery;
  const tag = platform.id;
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
