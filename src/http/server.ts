/**
 * The bot's one HTTP server (HTTP_PORT): health and metrics for operators, and the endpoints
 * platforms call (Slack's events, Discord's interactions). Routes are registered by the modules
 * that own them; this file only dispatches, and nothing a client sends can crash the process.
 *
 * A request is never read further than needed: one refused (404, 405, or by a route: 401, 413)
 * before its body was read to the end is answered with `Connection: close` and its connection
 * closed, instead of Node reading the rest of a body of any size to keep the connection alive.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';

export type HttpMethod = 'GET' | 'POST' | 'HEAD';
export type RouteHandler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

/** Where modules register their endpoints before the server starts listening. */
export interface HttpRoutes {
  /** Registers `handler` for exact `path` (no query string) and method; a second one for the same pair throws. */
  route(method: HttpMethod, path: string, handler: RouteHandler): void;
}

export interface RunningHttpServer {
  /** The port actually bound (useful with port 0 in tests). */
  port: number;
  /** Stops accepting connections and waits for open requests to finish, up to `graceMs`. */
  close(graceMs?: number): Promise<void>;
}

/**
 * Collects routes; `listen` starts serving them.
 * @example const http = new HttpServer(logger); http.route('GET', '/healthz', h); await http.listen(3000);
 */
export class HttpServer implements HttpRoutes {
  readonly #routes = new Map<string, Map<HttpMethod, RouteHandler>>();
  readonly #logger: Logger;

  constructor(logger: Logger) {
    this.#logger = logger;
  }

  route(method: HttpMethod, path: string, handler: RouteHandler): void {
    let byMethod = this.#routes.get(path);
    if (!byMethod) {
      byMethod = new Map();
      this.#routes.set(path, byMethod);
    }
    if (byMethod.has(method)) throw new Error(`http: ${method} ${path} is registered twice`);
    byMethod.set(method, handler);
  }

  /** Starts listening on `port` (0: any free port) and `host` (default all interfaces). */
  listen(port: number, host?: string): Promise<RunningHttpServer> {
    const server = createServer((req, res) => {
      this.#dispatch(req, res);
    });
    // Slow or idle clients must not hold sockets forever (Slowloris); platforms answer in seconds.
    server.requestTimeout = 30_000;
    server.headersTimeout = 15_000;
    server.keepAliveTimeout = 5_000;
    server.on('clientError', (err, socket) => {
      this.#logger.debug({ err }, 'http: bad request from a client');
      if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
      else socket.destroy();
    });
    return new Promise((resolve, reject) => {
      const onError = (err: NodeJS.ErrnoException) => {
        reject(
          new Error(
            err.code === 'EADDRINUSE'
              ? `HTTP_PORT: port ${port} is already in use. Fix: choose a free port, or stop the other process`
              : `HTTP_PORT: cannot listen on port ${port} (${err.code ?? err.message})`,
          ),
        );
      };
      server.once('error', onError);
      // A burst of a thousand connections must not overflow the accept queue: a dropped SYN is
      // only retried after a second, which alone would break Discord's 3 s window.
      server.listen({ port, host, backlog: 4096 }, () => {
        server.off('error', onError);
        server.on('error', (err) => this.#logger.error({ err }, 'http: server error'));
        const bound = (server.address() as AddressInfo).port;
        resolve({ port: bound, close: (graceMs = 5000) => this.#close(server, graceMs) });
      });
    });
  }

  #dispatch(req: IncomingMessage, res: ServerResponse): void {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const byMethod = this.#routes.get(path);
    const method = (req.method ?? 'GET') as HttpMethod;
    const handler = byMethod?.get(method) ?? (method === 'HEAD' ? byMethod?.get('GET') : undefined);
    if (!byMethod) {
      sendJson(res, 404, { error: 'not found' }, { close: true });
      return;
    }
    if (!handler) {
      res.setHeader('Allow', [...byMethod.keys()].join(', '));
      sendJson(res, 405, { error: 'method not allowed' }, { close: true });
      return;
    }
    const fail = (err: unknown) => {
      this.#logger.error({ err, path, method }, 'http: handler failed');
      if (!res.headersSent) sendJson(res, 500, { error: 'internal error' });
      else res.destroy();
    };
    try {
      const result = handler(req, res);
      if (result instanceof Promise) result.catch(fail);
    } catch (err) {
      fail(err);
    }
  }

  async #close(server: Server, graceMs: number): Promise<void> {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        server.closeAllConnections();
        resolve();
      }, graceMs);
      timer.unref();
      server.close(() => {
        clearTimeout(timer);
        resolve();
      });
      server.closeIdleConnections();
    });
  }
}

/**
 * Writes a JSON response. With `close` (default: when the request's body has not been read to
 * its end, i.e. a refusal) it says `Connection: close` and the connection ends after it: Node
 * would otherwise read the rest of the body, whatever its size, to reuse the connection.
 */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  opts: { close?: boolean } = {},
): void {
  const text = JSON.stringify(body);
  const close = opts.close ?? !res.req.complete;
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    ...(close ? { connection: 'close' } : {}),
  });
  res.end(text);
}

/** A request body larger than the route accepts (answer 413; the connection then closes). */
export class BodyTooLarge extends Error {
  override readonly name = 'BodyTooLarge';
  constructor(readonly limit: number) {
    super(`http: body too large (over ${limit} bytes)`);
  }
}

/**
 * Reads a request body whole, up to `maxBytes`. Over it (declared in Content-Length, or once the
 * bytes received pass it) it rejects with BodyTooLarge and stops reading, leaving the request
 * open so the route can still answer 413 (before the connection is closed, never instead).
 * Signature checks need the raw bytes, so platforms read with this before parsing.
 */
export function readBody(req: IncomingMessage, maxBytes = 1_000_000): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? Number.NaN);
    if (declared > maxBytes) {
      reject(new BodyTooLarge(maxBytes));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    const stop = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', reject);
      req.pause();
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        stop();
        reject(new BodyTooLarge(maxBytes));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => resolve(Buffer.concat(chunks));
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', reject);
  });
}

/** How deep platforms nest their JSON at most is far below this (Discord: about 10). */
export const MAX_JSON_DEPTH = 64;

/**
 * Whether JSON text nests arrays and objects deeper than `max`, read in one pass without
 * recursion (brackets inside strings are text). Checked before JSON.parse and any schema, whose
 * recursion a body nested a million deep would overflow. Malformed text may give either answer:
 * parsing refuses it anyway.
 * @example jsonTooDeep('[[[]]]', 2) // true
 */
export function jsonTooDeep(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      // a backslash escapes the next character
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      depth++;
      if (depth > max) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}

export type JsonBody =
  | { ok: true; value: unknown }
  | { ok: false; reason: 'not JSON' | 'too deep' };

/** A request body as JSON, refused when it is not JSON or nests deeper than `maxDepth`. */
export function parseJsonBody(body: Buffer, maxDepth = MAX_JSON_DEPTH): JsonBody {
  const text = body.toString('utf8');
  if (jsonTooDeep(text, maxDepth)) return { ok: false, reason: 'too deep' };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false, reason: 'not JSON' };
  }
}
