/**
 * Admission for interaction work, so a burst is acknowledged in time. Each interaction's work
 * (a command's or button's handler) waits its turn here. One that can start at once (nothing
 * waiting, a slot free, the event loop not lagging) starts at the next turn of the loop and
 * answers in its first response; one that cannot is deferred at once by the interaction core
 * (Discord's type 5, Slack's placeholder) and answered by an edit when its turn comes; past the
 * bound, it is shed with a polite "busy" reply.
 *
 * Work never starts inside the callback that received it, and at most one item starts per turn of
 * the event loop (setImmediate): between two answers the loop reads and acknowledges every
 * request that arrived meanwhile, whose acknowledgement costs a fraction of an answer. Written
 * here rather than taken from a library (p-queue and the like) because the decision that matters
 * is made at admission, from the queue's own state and the loop's lag, and must be testable with
 * an injected clock and turns.
 */

/** How a piece of work asks to be admitted. */
export interface AdmitOptions {
  /** Nobody waits on it within seconds: shed only past the queue's bound (see WorkQueue.admit). */
  patient?: boolean | undefined;
}

/** What an interaction's work may do now. */
export type Admission =
  | {
      /** `next`: nothing is ahead of it; `queued`: it waits behind others or a lagging loop. */
      kind: 'next' | 'queued';
      /** Resolves true when it may start, false when it never will (the bot is stopping). */
      started: Promise<boolean>;
      /** Its work is finished (the answer may still be on its way): the slot is free. */
      done(): void;
    }
  | { kind: 'shed' };

export interface WorkQueueOptions {
  /** Work items running at once (the async parts of several overlap). Default 4. */
  concurrency?: number;
  /** Waiting items past which new work is shed. Default 5,000. */
  maxWaiting?: number;
  /** New work is shed when the wait the recent pace predicts reaches this. Default 30,000 ms. */
  maxWaitMs?: number;
  /** Above this event-loop lag nothing starts at once: it is deferred. Default 100 ms. */
  lagLimitMs?: number;
  /** The event loop's current lag in ms (see lagProbe); default none. */
  lag?: () => number;
  /** A monotonic clock in ms, for the pace; default performance.now. */
  now?: () => number;
  /** Runs `fn` at the next turn of the event loop; default setImmediate. */
  schedule?: (fn: () => void) => void;
  /**
   * While requests keep arriving, work waits for a turn of the loop without arrivals (the
   * acknowledgements are due within seconds, the answers are not), for this long at most; then
   * it goes on, one item per turn, until a quiet turn. Default 1,500 ms.
   */
  yieldMs?: number;
}

interface Waiting {
  start(go: boolean): void;
  /** When it started (the queue's clock); null until it does. */
  startedAt: number | null;
}

/** Weight of the newest observation in the running mean of work time. */
const PACE_WEIGHT = 0.2;
/**
 * Answers finished before the pace predicts a wait, and read as a plain mean until then: right
 * after start-up the first answers are cold (a second or more on a busy machine), and one such
 * answer read as the pace could predict a burst of a hundred past 30 s and shed it.
 */
const PACE_SAMPLES = 8;

/**
 * The queue of one process (every platform's interactions share its CPU).
 * @example const q = new WorkQueue(); const a = q.admit(); if (a.kind !== 'shed' && (await a.started)) { work(); a.done(); }
 */
export class WorkQueue {
  readonly concurrency: number;
  readonly maxWaiting: number;
  readonly maxWaitMs: number;
  readonly #lagLimitMs: number;
  readonly #lag: () => number;
  readonly #now: () => number;
  readonly #schedule: (fn: () => void) => void;
  readonly #waiting: Waiting[] = [];
  #running = 0;
  #pumping = false;
  /** Work was admitted since the last turn: requests are still arriving. */
  #arrived = false;
  /** Since when work has been yielding to arrivals; null when it is not. */
  #yieldingSince: number | null = null;
  readonly #yieldMs: number;
  /** Mean time an item holds its slot, in ms; 0 until one finished. */
  #paceMs = 0;
  /** Items finished (counted up to PACE_SAMPLES). */
  #finished = 0;

  constructor(options: WorkQueueOptions = {}) {
    this.concurrency = options.concurrency ?? 4;
    this.maxWaiting = options.maxWaiting ?? 5000;
    this.maxWaitMs = options.maxWaitMs ?? 30_000;
    this.#lagLimitMs = options.lagLimitMs ?? 100;
    this.#lag = options.lag ?? (() => 0);
    this.#now = options.now ?? (() => performance.now());
    this.#schedule = options.schedule ?? ((fn) => setImmediate(fn));
    this.#yieldMs = options.yieldMs ?? 1500;
  }

  /** Items admitted and not started yet. */
  get waiting(): number {
    return this.#waiting.length;
  }

  /** Items started and not done. */
  get running(): number {
    return this.#running;
  }

  /**
   * How long a new item would wait at the recent pace: the slots free up `concurrency` at a time
   * per mean hold (Little's law). Read as one slot's (waiting × hold), a burst on a slow or busy
   * machine, where four answers share the CPU and each holds its slot four times as long, was
   * predicted to wait four times what it does, and could be shed ("busy") while it would clear.
   */
  estimatedWaitMs(): number {
    if (this.#finished < PACE_SAMPLES) return 0;
    return (this.#waiting.length * this.#paceMs) / this.concurrency;
  }

  /**
   * `patient`: work nobody waits on within seconds (a chat message's answer has no 3 s window)
   * is shed only past `maxWaiting`, never for the wait the pace predicts: its asker has no window
   * to keep, and an estimate is only an estimate.
   */
  admit(options: AdmitOptions = {}): Admission {
    const tooLong = !options.patient && this.estimatedWaitMs() >= this.maxWaitMs;
    if (this.#waiting.length >= this.maxWaiting || tooLong) return { kind: 'shed' };
    const next =
      this.#waiting.length === 0 &&
      this.#running < this.concurrency &&
      this.#lag() <= this.#lagLimitMs;
    let finished = false;
    const item: Waiting = { start: () => undefined, startedAt: null };
    const started = new Promise<boolean>((resolve) => {
      item.start = (go) => {
        if (go) {
          this.#running++;
          item.startedAt = this.#now();
        }
        resolve(go);
      };
    });
    this.#waiting.push(item);
    this.#arrived = true;
    this.#pump();
    return {
      kind: next ? 'next' : 'queued',
      started,
      done: () => {
        if (finished || item.startedAt === null) return;
        finished = true;
        this.#running--;
        const took = this.#now() - item.startedAt;
        if (this.#finished < PACE_SAMPLES) {
          this.#finished++;
          this.#paceMs += (took - this.#paceMs) / this.#finished;
        } else this.#paceMs = this.#paceMs * (1 - PACE_WEIGHT) + took * PACE_WEIGHT;
        this.#pump();
      },
    };
  }

  /** Tells every item still waiting that it will not start; returns how many there were. */
  cancelWaiting(): number {
    const cancelled = this.#waiting.splice(0);
    for (const item of cancelled) item.start(false);
    return cancelled.length;
  }

  /**
   * Starts the next item at the next turn of the loop, one per turn, and none in a turn that
   * follows arrivals (up to yieldMs): acknowledging them comes first.
   */
  #pump(): void {
    if (this.#pumping || this.#waiting.length === 0 || this.#running >= this.concurrency) return;
    this.#pumping = true;
    this.#schedule(() => {
      this.#pumping = false;
      if (this.#arrived) {
        // Requests keep arriving: yield to them, for yieldMs at most; past that, work goes on
        // one item per turn until a quiet turn ends the stretch.
        this.#arrived = false;
        this.#yieldingSince ??= this.#now();
        if (this.#now() - this.#yieldingSince < this.#yieldMs) {
          this.#pump();
          return;
        }
      } else this.#yieldingSince = null;
      if (this.#running < this.concurrency) this.#waiting.shift()?.start(true);
      this.#pump();
    });
  }
}

/**
 * The event loop's lag as a timer sees it: how late the probe's last tick ran, or how overdue the
 * next one is already (so a loop busy right now reads as lagging before the timer can fire).
 * @example const probe = lagProbe(); probe.lagMs(); probe.stop();
 */
export function lagProbe(intervalMs = 50): { lagMs(): number; stop(): void } {
  let last = performance.now();
  let lag = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    lag = Math.max(0, now - last - intervalMs);
    last = now;
  }, intervalMs);
  timer.unref();
  return {
    lagMs: () => Math.max(lag, performance.now() - last - intervalMs),
    stop: () => clearInterval(timer),
  };
}
