/**
 * Process-wide safety nets, installed once by the composition root. An unhandled rejection is a
 * bug somewhere, but Node's default (end the process) would turn one stray promise into an
 * outage: it is logged with its stack and counted, and the bot keeps serving. An uncaught
 * exception leaves state unknown: it is logged and counted, and the bot stops cleanly (exit 1)
 * for its supervisor to restart it. Neither is ever silent.
 */
import type { Logger } from 'pino';

/** The part of `process` the guards listen on (tests pass an EventEmitter). */
export interface GuardedProcess {
  on(event: 'unhandledRejection', listener: (reason: unknown) => void): unknown;
  on(event: 'uncaughtException', listener: (error: Error) => void): unknown;
  on(event: 'warning', listener: (warning: Error) => void): unknown;
  off(event: 'unhandledRejection', listener: (reason: unknown) => void): unknown;
  off(event: 'uncaughtException', listener: (error: Error) => void): unknown;
  off(event: 'warning', listener: (warning: Error) => void): unknown;
}

export interface GuardOptions {
  logger: Logger;
  /** Counts an error by source (`unhandled_rejection`, `uncaught_exception`). */
  count: (source: string) => void;
  /** Asked to stop the bot (exit 1) after an uncaught exception; called once. */
  stop: (error: Error) => void;
  target?: GuardedProcess;
}

/**
 * Installs the handlers; returns a function that removes them.
 * @example const uninstall = installProcessGuards({ logger, count: (s) => metrics.errors.labels(s).inc(), stop });
 */
export function installProcessGuards(options: GuardOptions): () => void {
  const target = options.target ?? process;
  const { logger } = options;
  let stopping = false;
  const safely = (fn: () => void) => {
    try {
      fn();
    } catch {
      // a guard that throws would be the crash it exists to prevent
    }
  };
  const onRejection = (reason: unknown) =>
    safely(() => {
      options.count('unhandled_rejection');
      logger.error({ err: reason }, 'unhandled promise rejection (a bug); the bot keeps running');
    });
  const onException = (error: Error) =>
    safely(() => {
      options.count('uncaught_exception');
      logger.fatal({ err: error }, 'uncaught exception; stopping the bot (exit 1)');
      if (stopping) return;
      stopping = true;
      options.stop(error);
    });
  // MaxListenersExceededWarning and the like: early signs of a leak in a long-running process
  const onWarning = (warning: Error) =>
    safely(() =>
      logger.warn({ warning: { name: warning.name, message: warning.message } }, 'node warning'),
    );
  target.on('unhandledRejection', onRejection);
  target.on('uncaughtException', onException);
  target.on('warning', onWarning);
  return () => {
    target.off('unhandledRejection', onRejection);
    target.off('uncaughtException', onException);
    target.off('warning', onWarning);
  };
}
