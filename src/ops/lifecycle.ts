import type { InteractionMonitor, InteractionRecord, Monitor } from '../interactions/monitor.ts';
import type { Metrics } from './metrics.ts';

/** Where the bot is in its life: /healthz is 200 only while `running`. */
export type LifecycleState = 'starting' | 'running' | 'stopping' | 'stopped';

/**
 * The bot's lifecycle as the interaction core and the platforms see it: whether new work is
 * taken, how much is in flight (graceful shutdown waits for it), and the counting of what
 * finished or failed.
 *
 * @example const life = new Lifecycle({ metrics, logQuestions: false }); life.state = 'running';
 *          // SIGTERM: life.state = 'stopping'; await life.drain(5000);
 */
export class Lifecycle implements Monitor, InteractionMonitor {
  state: LifecycleState = 'starting';
  readonly logQuestions: boolean;
  readonly #metrics: Metrics;
  #inFlight = 0;
  readonly #idle = new Set<() => void>();

  constructor(opts: { metrics: Metrics; logQuestions: boolean }) {
    this.#metrics = opts.metrics;
    this.logQuestions = opts.logQuestions;
  }

  accepting(): boolean {
    return this.state === 'starting' || this.state === 'running';
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

  /** Resolves true once nothing is in flight, or false after `timeoutMs` with some still running. */
  drain(timeoutMs: number): Promise<boolean> {
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
}
