/**
 * Runs a command's work and defers the interaction if the work is slow: platforms want a first
 * response within a few seconds (Discord 3 s, Slack 3 s), and a placeholder buys the answer time.
 */

export interface DeferredRun<T> {
  result: T;
  /** Null when the work finished first; else whether the platform accepted the deferral. */
  deferred: Promise<boolean> | null;
}

/**
 * Starts `work`; after `afterMs` without a result calls `defer` (once). A throw from `work`
 * becomes `onThrow(error)`. `afterMs` null never defers (a platform without a deadline).
 * @example const { result, deferred } = await runWithDeferral(() => cmd.execute(ctx, args), () => responder.defer(how), 1500, apology);
 */
export async function runWithDeferral<T>(
  work: () => Promise<T> | T,
  defer: () => Promise<boolean>,
  afterMs: number | null,
  onThrow: (error: unknown) => T,
): Promise<DeferredRun<T>> {
  let deferred: Promise<boolean> | null = null;
  const timer =
    afterMs === null
      ? undefined
      : setTimeout(() => {
          deferred = defer();
        }, afterMs);
  let result: T;
  try {
    result = await work();
  } catch (error) {
    result = onThrow(error);
  } finally {
    clearTimeout(timer);
  }
  return { result, deferred };
}
