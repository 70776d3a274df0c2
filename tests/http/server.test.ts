import { request } from 'node:http';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { HttpServer, type RunningHttpServer, readBody, sendJson } from '../../src/http/server.ts';

const logger = pino({ level: 'silent' });
const open: RunningHttpServer[] = [];
afterEach(async () => {
  for (const s of open.splice(0)) await s.close(100);
});

function call(
  port: number,
  method: string,
  path: string,
  body?: string,
): Promise<{ status: number; headers: Record<string, unknown>; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path }, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => {
        text += c.toString();
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function serve(setup: (s: HttpServer) => void): Promise<number> {
  const server = new HttpServer(logger);
  setup(server);
  const running = await server.listen(0, '127.0.0.1');
  open.push(running);
  return running.port;
}

describe('HttpServer', () => {
  it('routes by path and method, ignoring the query string; HEAD falls back to GET', async () => {
    const port = await serve((s) => {
      s.route('GET', '/healthz', (_req, res) => sendJson(res, 200, { status: 'ok' }));
    });
    expect(await call(port, 'GET', '/healthz?x=1')).toMatchObject({
      status: 200,
      text: '{"status":"ok"}',
    });
    expect((await call(port, 'HEAD', '/healthz')).status).toBe(200);
  });

  it('answers 404 for an unknown path and 405 with Allow for a wrong method', async () => {
    const port = await serve((s) => {
      s.route('POST', '/slack/events', (_req, res) => sendJson(res, 200, {}));
    });
    expect((await call(port, 'GET', '/nope')).status).toBe(404);
    const wrong = await call(port, 'GET', '/slack/events');
    expect(wrong.status).toBe(405);
    expect(wrong.headers.allow).toBe('POST');
  });

  it('turns a throwing or rejecting handler into a 500 and keeps serving', async () => {
    const port = await serve((s) => {
      s.route('GET', '/throws', () => {
        throw new Error('boom');
      });
      s.route('GET', '/rejects', async () => {
        throw new Error('boom');
      });
      s.route('GET', '/ok', (_req, res) => sendJson(res, 200, { ok: true }));
    });
    expect((await call(port, 'GET', '/throws')).status).toBe(500);
    expect((await call(port, 'GET', '/rejects')).status).toBe(500);
    expect((await call(port, 'GET', '/ok')).status).toBe(200);
  });

  it('reads a body whole and refuses one over the limit', async () => {
    const port = await serve((s) => {
      s.route('POST', '/echo', async (req, res) => {
        try {
          const body = await readBody(req, 10);
          sendJson(res, 200, { body: body.toString() });
        } catch (err) {
          sendJson(res, 413, { error: (err as Error).message });
        }
      });
    });
    expect((await call(port, 'POST', '/echo', 'hello')).text).toBe('{"body":"hello"}');
    const big = await call(port, 'POST', '/echo', 'x'.repeat(100)).catch(() => ({ status: 413 }));
    expect(big.status).toBe(413);
  });

  it('refuses the same route twice', () => {
    const s = new HttpServer(logger);
    s.route('GET', '/a', () => undefined);
    expect(() => s.route('GET', '/a', () => undefined)).toThrow('http: GET /a is registered twice');
  });

  it('names HTTP_PORT and the fix when the port is taken', async () => {
    const port = await serve(() => undefined);
    await expect(new HttpServer(logger).listen(port, '127.0.0.1')).rejects.toThrow(
      `HTTP_PORT: port ${port} is already in use. Fix: choose a free port, or stop the other process`,
    );
  });
});
