import type { InteractionMonitor, InteractionRecord, Monitor } from '../interactions/monitor.ts';
import {
  type Admission,
  type AdmitOptions,
  lagProbe,
  WorkQueue,
  type WorkQueueOptions,
} from '../interactions/queue.ts';
import type { Metrics } from './metrics.ts';

/** Where the bot is in its life: /healthz is 200 only while `running`. */
export type LifecycleState = 'starting' | 'running' | 'stopping' | 'stopped';

/** After the grace period, how long work told it will not start gets to say so (ms). */
const CANCEL_GRACE_MS = 1000;

/**
 * The bot's lifecycle as the interaction core and the platforms see it: whether new work is
 * taken, how much is in flight (graceful shutdown waits for it), the process's work queue (every
 * platform's interactions share its CPU), and the counting of what finished or failed.
 *
 * @example const life = new Lifecycle({ metrics, logQuestions: false }); life.state = 'running';
 *          // SIGTERM: life.state = 'stopping'; await life.drain(5000);
 */
export class Lifecycle implements Monitor, InteractionMonitor {
  readonly logQuestions: boolean;
  readonly queue: WorkQueue;
  readonly #metrics: Metrics;
  #state: LifecycleState = 'starting';
  #inFlight = 0;
  readonly #idle = new Set<() => void>();
  /** Measures the event loop's lag once work is first admitted; stopped with the bot. */
  #probe: ReturnType<typeof lagProbe> | null = null;

  constructor(opts: { metrics: Metrics; logQuestions: boolean; queue?: WorkQueueOptions }) {
    this.#metrics = opts.metrics;
    this.logQuestions = opts.logQuestions;
    const lag = opts.queue?.lag ?? (() => this.#lagMs());
    this.queue = new WorkQueue({ ...opts.queue, lag });
    const queue = this.queue;
    const life = this;
    opts.metrics.observeWork({
      get inFlight() {
        return life.inFlight;
      },
      get waiting() {
        return queue.waiting;
      },
      get running() {
        return queue.running;
      },
    });
  }

  get state(): LifecycleState {
    return this.#state;
  }

  set state(state: LifecycleState) {
    this.#state = state;
    if (state === 'stopped') {
      this.#probe?.stop();
      this.#probe = null;
    }
  }

  accepting(): boolean {
    return this.#state === 'starting' || this.#state === 'running';
  }

  begin(): () => void {
    this.#inFlight++;
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      this.#inFlight--;
      if (this.#inFlight === 0) for (const resolve of this.#idle) resolve();
    };
  }

  admit(options?: AdmitOptions): Admission {
    return this.queue.admit(options);
  }

  /** Interactions started and not yet answered. */
  get inFlight(): number {
    return this.#inFlight;
  }

  finished(record: InteractionRecord): void {
    this.#metrics.interaction(record);
  }

  error(source: string): void {
    this.#metrics.errors.labels(source).inc();
  }

  /**
   * Resolves true once nothing is in flight. After `timeoutMs` with work still waiting its turn,
   * that work is told it will not start (its users get the restarting reply) and gets a moment
   * more to say so; then false if anything is still in flight.
   */
  async drain(timeoutMs: number): Promise<boolean> {
    if (await this.#idleWithin(timeoutMs)) return true;
    if (this.queue.cancelWaiting() === 0) return false;
    return this.#idleWithin(Math.min(CANCEL_GRACE_MS, timeoutMs));
  }

  #idleWithin(timeoutMs: number): Promise<boolean> {
    if (this.#inFlight === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const done = (value: boolean) => {
        clearTimeout(timer);
        this.#idle.delete(onIdle);
        resolve(value);
      };
      const onIdle = () => done(true);
      const timer = setTimeout(() => done(false), timeoutMs);
      this.#idle.add(onIdle);
    });
  }

  #lagMs(): number {
    if (this.#state === 'stopped') return 0;
    this.#probe ??= lagProbe();
    return this.#probe.lagMs();
  }
}
