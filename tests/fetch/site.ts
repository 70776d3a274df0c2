/**
 * A small website on 127.0.0.1 for the crawler's tests: routes are functions of the request, and
 * every request is logged with its headers.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Reply {
  status?: number;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
}

export type Route = (req: IncomingMessage) => Reply;

export interface Site {
  origin: string;
  routes: Map<string, Route>;
  log: { path: string; headers: IncomingMessage['headers'] }[];
  close(): Promise<void>;
}

export async function startSite(routes: Record<string, Route> = {}): Promise<Site> {
  const table = new Map(Object.entries(routes));
  const log: Site['log'] = [];
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const path = req.url ?? '/';
    log.push({ path, headers: req.headers });
    const route = table.get(path);
    const reply = route ? route(req) : { status: 404, body: 'not found' };
    res.writeHead(reply.status ?? 200, reply.headers ?? {});
    res.end(reply.body ?? '');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    routes: table,
    log,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export const html = (body: string, headers: Record<string, string> = {}): Reply => ({
  headers: { 'content-type': 'text/html; charset=utf-8', ...headers },
  body,
});

/** A clock that only moves when the crawler sleeps; the sleeps are recorded. */
export function fakeClock() {
  let t = Date.parse('2025-03-01T12:00:00Z');
  const sleeps: number[] = [];
  return {
    now: () => t,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      t += ms;
    },
    sleeps,
  };
}
