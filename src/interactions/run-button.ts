/**
 * Runs one button press for the interaction core: reads the button's id, finds the served command
 * that handles it, checks the command's permission (unless its buttons are open to all), waits
 * its turn in the work queue, runs the handler inside one error boundary, deferring when it is
 * slow, and updates the message the button is on or answers with a new one.
 */
import type { Logger } from 'pino';
import type { ButtonResult, Command } from '../../commands/types.ts';
import { type ButtonValue, parseButton } from '../answer/buttons.ts';
import type { EngineSource } from '../answer/engine.ts';
import { errorReply } from '../answer/reply.ts';
import { ButtonElsewhere } from '../storage/recent.ts';
import type { ContextFor } from './command-context.ts';
import { runWithDeferral } from './deferral.ts';
import type { Delivery, Tracked } from './delivery.ts';
import type { ButtonPress } from './invocation.ts';
import { outcomeOf, type Probe, probed } from './lifecycle.ts';
import type { InteractionMonitor, InteractionOutcome } from './monitor.ts';
import { APOLOGY, BUSY, RESTARTING, STALE_BUTTON } from './notices.ts';
import type { PlatformProfile } from './platform.ts';
import { type Gate, permitted } from './spec-rules.ts';

export interface ButtonRunOptions {
  platform: PlatformProfile;
  /** The commands this platform serves. */
  served: readonly Command[];
  monitor: InteractionMonitor | undefined;
  /** Defer when the handler has not finished after this many ms; null never defers. */
  deferAfterMs: number | null;
  engines: EngineSource;
  contextFor: ContextFor;
  delivery: Delivery;
}

/** Handles `press` and answers through `r`; its outcome, for the log line and the metrics. */
export async function runButton(
  options: ButtonRunOptions,
  press: ButtonPress,
  r: Tracked,
  logger: Logger,
  probe: Probe,
): Promise<InteractionOutcome> {
  const { platform, served, monitor, deferAfterMs, engines, contextFor } = options;
  const { call } = options.delivery;
  const tag = platform.id;
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
