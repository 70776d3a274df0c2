/**
 * One interaction from its arrival to its log line: refused politely while the bot stops, counted
 * in flight otherwise (graceful shutdown waits for it), what it did noted as it runs (a Probe),
 * and ended with one log line and one report to the monitor.
 */
import type { Logger } from 'pino';
import type { PlatformId } from '../../commands/types.ts';
import type { Engine } from '../answer/engine.ts';
import { errorReply, type Reply } from '../answer/reply.ts';
import type { Delivery, Tracked } from './delivery.ts';
import type { Caller } from './invocation.ts';
import type { InteractionMonitor, InteractionOutcome } from './monitor.ts';
import { RESTARTING } from './notices.ts';

/** An interaction counted in flight from its arrival (InteractionCore.arrive). */
export interface Arrival {
  /** The bot was taking work when it arrived. */
  readonly accepted: boolean;
  end(): void;
}

/** Counts an interaction in flight from now; ending it twice is harmless. */
export function arrive(monitor: InteractionMonitor | undefined): Arrival {
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
}

/** What one interaction did, for its log line and the metrics. */
export interface Probe {
  outcome: InteractionOutcome;
  command: string;
  question: boolean;
  /** The engine's verdict on the last question asked, and its text. */
  asked: { status: string; text: string } | null;
}

/** The engine of this interaction, noting what it was asked. */
export function probed(engine: Engine, probe: Probe): Engine {
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
export function outcomeOf(reply: Reply, probe: Probe, threw: boolean): InteractionOutcome {
  if (threw) return 'error';
  if (probe.asked?.status === 'not_found') return 'not_found';
  if (probe.asked?.status === 'needs_keyword') return 'needs_keyword';
  return reply.kind === 'error' ? 'invalid' : 'answered';
}

export interface LifecycleOptions {
  tag: PlatformId;
  monitor: InteractionMonitor | undefined;
  delivery: Delivery;
}

/**
 * Runs one command or button press: refused politely while stopping, counted in flight
 * otherwise, and ended with one log line (platform, command, guild, latency, outcome).
 */
export async function handle(
  options: LifecycleOptions,
  kind: 'command' | 'button',
  caller: Caller,
  command: string,
  logger: Logger,
  r: Tracked,
  run: (probe: Probe) => Promise<InteractionOutcome>,
  arrived: Arrival | undefined,
): Promise<void> {
  const { tag, monitor } = options;
  const { call, lastResort } = options.delivery;
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
