/**
 * How long a condition-based wait in a test gives its condition before failing. A number written
 * at a call site (`until(cond, 3000)`) is what the condition takes on an idle machine; on a
 * loaded one (two other processes keeping both cores busy) the same work can take many times
 * longer, and a test must not fail for that: no test asserts how long anything took (speed is
 * `npm run bench`'s), so a wait only bounds a hang, and every wait gets at least this long.
 */
export const PATIENCE_MS = 30_000;

/** The time a wait really allows: what its caller wrote, or PATIENCE_MS if that is longer. */
export function patience(timeoutMs = 0): number {
  return Math.max(timeoutMs, PATIENCE_MS);
}
