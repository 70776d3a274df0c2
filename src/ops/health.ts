/**
 * GET /healthz and GET /metrics on the bot's HTTP server.
 *
 * /healthz answers 200 only when the bot can serve: running (not starting or stopping), the
 * database answers, and every platform is connected, or reconnecting for less than
 * `reconnectGraceMs` (a gateway resume takes a second or two and should not flap a readiness
 * probe). Otherwise 503, with the reasons. The body is the same either way. A corpus folder
 * that has gone away (deleted, unmounted) makes it `degraded`, still 200: the bot answers from
 * the documents it loaded before, and the reason says so.
 *
 * Both are unauthenticated unless METRICS_TOKEN is set: then /metrics wants it as a Bearer token
 * (401 otherwise), and /healthz without it answers only `{"status"}` with the same status code,
 * so a load balancer's probe still works without seeing the detail.
 */
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { PlatformHealth } from '../adapters/platform.ts';
import { type HttpRoutes, sendJson } from '../http/server.ts';
import type { LifecycleState } from './lifecycle.ts';
import type { Metrics } from './metrics.ts';

export interface HealthSources {
  state(): LifecycleState;
  index(): { documents: number; paragraphs: number; loadedAt: Date; generation: number };
  /**
   * True when the database answers a trivial query: with PostgreSQL a round trip to the server
   * (a pooled connection), so a server that went away turns the instance unhealthy.
   */
  database(): boolean | Promise<boolean>;
  /** Which engine answers (shown as `databaseEngine`). */
  databaseEngine?: 'sqlite' | 'postgres';
  /** How long the database may take to answer before it counts as down; default 2000 ms. */
  databaseTimeoutMs?: number;
  platforms(): Record<string, PlatformHealth>;
  now?: () => Date;
  /** Default 30 s. */
  reconnectGraceMs?: number;
  /**
   * The corpus folder: null while it is there, or why it cannot be read and since when (the
   * watcher's status, or a check made for the probe).
   */
  corpus?: () => CorpusFolderState | null | Promise<CorpusFolderState | null>;
}

export interface CorpusFolderState {
  dir: string;
  /** e.g. 'does not exist'. */
  reason: string;
  since?: Date | undefined;
}

export interface HealthReport {
  status: 'ok' | 'degraded' | 'starting' | 'stopping' | 'unhealthy';
  /** Why it is not ok (empty when ok). */
  reasons: string[];
  index: { documents: number; paragraphs: number; loadedAt: string; generation: number };
  database: 'ok' | 'down';
  databaseEngine?: 'sqlite' | 'postgres';
  platforms: Record<string, { status: PlatformHealth['status']; since: string; detail?: string }>;
}

/** 'ok' when the database answered within the timeout; a hung server must not hang the probe. */
async function databaseStatus(sources: HealthSources): Promise<HealthReport['database']> {
  let timer: NodeJS.Timeout | undefined;
  try {
    const answered = await Promise.race([
      Promise.resolve().then(() => sources.database()),
      new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(false), sources.databaseTimeoutMs ?? 2000);
      }),
    ]);
    return answered ? 'ok' : 'down';
  } catch {
    return 'down';
  } finally {
    clearTimeout(timer);
  }
}

/** Why the corpus folder makes the bot degraded, or null. A failing check is itself a reason. */
async function corpusReason(sources: HealthSources): Promise<string | null> {
  if (!sources.corpus) return null;
  try {
    const state = await sources.corpus();
    if (state === null) return null;
    const since = state.since ? ` (since ${state.since.toISOString()})` : '';
    return `the corpus folder ${state.dir} ${state.reason}${since}; answering from the documents loaded before`;
  } catch (error) {
    return `the corpus folder could not be checked (${error instanceof Error ? error.message : String(error)})`;
  }
}

/**
 * The health report and whether it is ready (200) or not (503).
 * @example const { ready, report } = await healthReport(sources); res.statusCode = ready ? 200 : 503;
 */
export async function healthReport(
  sources: HealthSources,
): Promise<{ ready: boolean; report: HealthReport }> {
  const now = (sources.now ?? (() => new Date()))();
  const grace = sources.reconnectGraceMs ?? 30_000;
  const state = sources.state();
  const reasons: string[] = [];
  const database = await databaseStatus(sources);
  if (database === 'down') reasons.push('the database does not answer');
  const platforms: HealthReport['platforms'] = {};
  for (const [id, p] of Object.entries(sources.platforms())) {
    platforms[id] = {
      status: p.status,
      since: p.since.toISOString(),
      ...(p.detail === undefined ? {} : { detail: p.detail }),
    };
    if (p.status === 'disconnected') reasons.push(`${id} is disconnected`);
    else if (p.status === 'reconnecting' && now.getTime() - p.since.getTime() > grace)
      reasons.push(`${id} has been reconnecting for over ${Math.round(grace / 1000)} s`);
  }
  const index = sources.index();
  const unhealthy = reasons.length > 0;
  const corpus = await corpusReason(sources);
  if (corpus !== null) reasons.push(corpus);
  const status: HealthReport['status'] =
    state === 'starting'
      ? 'starting'
      : state === 'stopping' || state === 'stopped'
        ? 'stopping'
        : unhealthy
          ? 'unhealthy'
          : corpus !== null
            ? 'degraded'
            : 'ok';
  if (status === 'starting') reasons.unshift('starting');
  if (status === 'stopping') reasons.unshift('stopping');
  return {
    ready: status === 'ok' || status === 'degraded',
    report: {
      status,
      reasons,
      index: {
        documents: index.documents,
        paragraphs: index.paragraphs,
        loadedAt: index.loadedAt.toISOString(),
        generation: index.generation,
      },
      database,
      ...(sources.databaseEngine === undefined ? {} : { databaseEngine: sources.databaseEngine }),
      platforms,
    },
  };
}

/** Whether the request carries `Authorization: Bearer <token>` (compared in constant time). */
function bearerMatches(req: IncomingMessage, token: string): boolean {
  const given = Buffer.from(req.headers.authorization ?? '');
  const wanted = Buffer.from(`Bearer ${token}`);
  return given.length === wanted.length && timingSafeEqual(given, wanted);
}

/**
 * Registers GET /healthz and GET /metrics (Prometheus text format); with `metricsToken`, closed
 * as described above.
 */
export function registerOpsRoutes(
  http: HttpRoutes,
  deps: { health: HealthSources; metrics: Metrics; metricsToken?: string | undefined },
): void {
  const token = deps.metricsToken;
  http.route('GET', '/healthz', async (req: IncomingMessage, res: ServerResponse) => {
    const { ready, report } = await healthReport(deps.health);
    res.setHeader('cache-control', 'no-store');
    const detail = token === undefined || bearerMatches(req, token);
    sendJson(res, ready ? 200 : 503, detail ? report : { status: report.status });
  });
  http.route('GET', '/metrics', async (req: IncomingMessage, res: ServerResponse) => {
    if (token !== undefined && !bearerMatches(req, token)) {
      res.setHeader('www-authenticate', 'Bearer');
      sendJson(res, 401, { error: 'METRICS_TOKEN required' });
      return;
    }
    const text = await deps.metrics.registry.metrics();
    res.writeHead(200, {
      'content-type': deps.metrics.registry.contentType,
      'content-length': Buffer.byteLength(text),
    });
    res.end(text);
  });
}
