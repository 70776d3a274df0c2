/**
 * Runs a command's work and defers the interaction when the work cannot answer in time: platforms
 * want a first response within a few seconds (Discord 3 s, Slack 3 s), and a placeholder buys the
 * answer time. Work that waits its turn in the work queue is deferred at once, before it waits;
 * work that starts at once is deferred only if it is still running after the timer.
 */
import type { Admission } from './queue.ts';

export interface DeferredRun<T> {
  result: T;
  /** Null when the work finished first; else whether the platform accepted the deferral. */
  deferred: Promise<boolean> | null;
}

export interface DeferralOptions<T> {
  work: () => Promise<T> | T;
  defer: () => Promise<boolean>;
  /** Defer after this many ms without a result; null never defers on time (a platform without a deadline). */
  afterMs: number | null;
  /** A throw from `work` becomes this result. */
  onThrow: (error: unknown) => T;
  /** The work queue's decision; without one the work starts at once. */
  admission?: Exclude<Admission, { kind: 'shed' }> | undefined;
  /** The result when the queue says the work will never start (the bot is stopping). */
  onCancelled?: () => T;
}

/**
 * Starts `work` when the queue lets it (deferring at once if it must wait); after `afterMs`
 * without a result calls `defer` (once).
 * @example const { result, deferred } = await runWithDeferral({ work, defer, afterMs: 1500, onThrow, admission });
 */
export async function runWithDeferral<T>(options: DeferralOptions<T>): Promise<DeferredRun<T>> {
  const { work, defer, afterMs, onThrow, admission } = options;
  let deferred: Promise<boolean> | null = admission?.kind === 'queued' ? defer() : null;
  const timer =
    afterMs === null || deferred !== null
      ? undefined
      : setTimeout(() => {
          deferred ??= defer();
        }, afterMs);
  let result: T;
  try {
    const go = admission ? await admission.started : true;
    if (!go && options.onCancelled) result = options.onCancelled();
    else result = await work();
  } catch (error) {
    result = onThrow(error);
  } finally {
    clearTimeout(timer);
    admission?.done();
  }
  return { result, deferred };
}
