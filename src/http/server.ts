/**
 * The bot's one HTTP server (HTTP_PORT): health and metrics for operators, and the endpoints
 * platforms call (Slack's events, Discord's interactions). Routes are registered by the modules
 * that own them; this file only dispatches, and nothing a client sends can crash the process.
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
      server.listen(port, host, () => {
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
      sendJson(res, 404, { error: 'not found' });
      return;
    }
    if (!handler) {
      res.setHeader('Allow', [...byMethod.keys()].join(', '));
      sendJson(res, 405, { error: 'method not allowed' });
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

/** Writes a JSON response (the server's own errors, health). */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

/**
 * Reads a request body whole, up to `maxBytes` (a larger one rejects with `http: body too large`).
 * Signature checks need the raw bytes, so platforms read with this before parsing.
 */
export function readBody(req: IncomingMessage, maxBytes = 1_000_000): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        reject(new Error('http: body too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
