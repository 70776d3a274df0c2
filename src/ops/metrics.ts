/**
 * The bot's Prometheus metrics, on a registry of its own (built by the bot runtime and passed
 * down; nothing reaches for prom-client's global registry), served on GET /metrics.
 */
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { InteractionRecord } from '../interactions/monitor.ts';

export interface Metrics {
  readonly registry: Registry;
  /** Questions (commands that send free text to the engine) by platform and outcome. */
  readonly questions: Counter<'platform' | 'outcome'>;
  /** Every command and button press, by platform, kind and outcome. */
  readonly interactions: Counter<'platform' | 'kind' | 'outcome'>;
  /** From receiving a question to its answer handed to the platform. */
  readonly answerSeconds: Histogram<'platform'>;
  readonly dailyPosts: Counter<'result'>;
  readonly indexParagraphs: Gauge;
  readonly reloads: Counter<'result'>;
  readonly reloadSeconds: Histogram;
  /** Errors logged and survived: unhandled rejections, client and shard errors, the watcher. */
  readonly errors: Counter<'source'>;
  /** Counts one finished interaction. */
  interaction(record: InteractionRecord): void;
  /**
   * Where the in-flight and queue gauges read their values at each scrape
   * (`dossier_interactions_in_flight`, `dossier_queue_waiting`, `dossier_queue_running`).
   */
  observeWork(source: WorkSource): void;
}

/** Live counts of interactions and the work queue (the Lifecycle). */
export interface WorkSource {
  readonly inFlight: number;
  readonly waiting: number;
  readonly running: number;
}

/**
 * A registry with the bot's metrics and Node's default process metrics (`process_`, `nodejs_`).
 * @example const metrics = createMetrics(); http.route('GET', '/metrics', metricsHandler(metrics));
 */
export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  const questions = new Counter({
    name: 'dossier_questions_total',
    help: 'Questions asked (commands that send free text to the engine), by platform and outcome',
    labelNames: ['platform', 'outcome'] as const,
    registers,
  });
  const interactions = new Counter({
    name: 'dossier_interactions_total',
    help: 'Commands and button presses, by platform, kind and outcome',
    labelNames: ['platform', 'kind', 'outcome'] as const,
    registers,
  });
  const answerSeconds = new Histogram({
    name: 'dossier_answer_seconds',
    help: 'Time from receiving a question to its answer handed to the platform',
    labelNames: ['platform'] as const,
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 1.5, 2.5, 5, 10],
    registers,
  });
  const dailyPosts = new Counter({
    name: 'dossier_daily_posts_total',
    help: 'Daily post attempts by result (posted, retry, disabled, given-up, error, …)',
    labelNames: ['result'] as const,
    registers,
  });
  const indexParagraphs = new Gauge({
    name: 'dossier_index_paragraphs',
    help: 'Paragraphs in the index being served',
    registers,
  });
  const reloads = new Counter({
    name: 'dossier_reloads_total',
    help: 'Corpus reloads by result (ok, failed)',
    labelNames: ['result'] as const,
    registers,
  });
  const reloadSeconds = new Histogram({
    name: 'dossier_reload_seconds',
    help: 'Time to build and swap in a new index',
    buckets: [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120],
    registers,
  });
  const errors = new Counter({
    name: 'dossier_errors_total',
    help: 'Errors logged and survived, by source',
    labelNames: ['source'] as const,
    registers,
  });
  let work: WorkSource = { inFlight: 0, waiting: 0, running: 0 };
  new Gauge({
    name: 'dossier_interactions_in_flight',
    help: 'Interactions received and not yet answered (shutdown waits for them)',
    registers,
    collect() {
      this.set(work.inFlight);
    },
  });
  new Gauge({
    name: 'dossier_queue_waiting',
    help: 'Interactions whose work waits its turn (deferred at once); past the bound they are shed',
    registers,
    collect() {
      this.set(work.waiting);
    },
  });
  new Gauge({
    name: 'dossier_queue_running',
    help: 'Interactions whose work is running',
    registers,
    collect() {
      this.set(work.running);
    },
  });
  // zero series exist from the start, so a dashboard shows 0 rather than nothing
  for (const result of ['ok', 'failed']) reloads.labels(result).inc(0);
  for (const source of ['unhandled_rejection', 'uncaught_exception']) errors.labels(source).inc(0);
  return {
    registry,
    questions,
    interactions,
    answerSeconds,
    dailyPosts,
    indexParagraphs,
    reloads,
    reloadSeconds,
    errors,
    observeWork(source) {
      work = source;
    },
    interaction(record) {
      interactions.labels(record.platform, record.kind, record.outcome).inc();
      if (!record.question) return;
      questions.labels(record.platform, record.outcome).inc();
      answerSeconds.labels(record.platform).observe(record.seconds);
    },
  };
}
