import { request } from 'node:http';
import { connect } from 'node:net';
import fc from 'fast-check';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import {
  BodyTooLarge,
  HttpServer,
  jsonTooDeep,
  parseJsonBody,
  type RunningHttpServer,
  readBody,
  sendJson,
} from '../../src/http/server.ts';

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

/**
 * A raw client that streams a body of `total` bytes as fast as the server takes it (fixed length,
 * or chunked), and collects what the server answers until the connection closes.
 */
function stream(
  port: number,
  head: string,
  total: number,
  chunked = false,
): Promise<{ response: string; written: number; error: string | null }> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    const piece = Buffer.alloc(64 * 1024, 0x7b); // '{'
    const frame = chunked
      ? Buffer.concat([Buffer.from(`${piece.length.toString(16)}\r\n`), piece, Buffer.from('\r\n')])
      : piece;
    let written = 0;
    let response = '';
    let error: string | null = null;
    socket.on('connect', () => {
      socket.write(head);
      const pump = () => {
        while (written < total && !socket.destroyed) {
          written += piece.length;
          if (!socket.write(frame)) {
            socket.once('drain', pump);
            return;
          }
        }
      };
      pump();
    });
    socket.on('data', (d: Buffer) => {
      response += d.toString('latin1');
    });
    socket.on('error', (e: NodeJS.ErrnoException) => {
      error = e.code ?? e.message;
    });
    socket.on('close', () => resolve({ response, written, error }));
  });
}

const BIG = 256 * 1024 * 1024;

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

  it('a refused request (404, 405) is answered and the connection closed; its body is not read', async () => {
    const port = await serve((s) => {
      s.route('GET', '/healthz', (_req, res) => sendJson(res, 200, { status: 'ok' }));
    });
    for (const path of ['/nope', '/healthz']) {
      const r = await stream(
        port,
        `POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Length: ${BIG}\r\n\r\n`,
        BIG,
      );
      expect(r.response).toMatch(path === '/nope' ? /^HTTP\/1\.1 404 / : /^HTTP\/1\.1 405 /);
      expect(r.response.toLowerCase()).toContain('connection: close');
      // the socket buffers took a few megabytes; the server did not read the rest to the end
      expect(r.written).toBeLessThan(BIG);
    }
  });

  it('a declared body over the limit gets 413 at once; a chunked one gets 413 once past it, not a reset', async () => {
    const port = await serve((s) => {
      s.route('POST', '/in', async (req, res) => {
        try {
          await readBody(req, 256 * 1024);
          sendJson(res, 200, {});
        } catch (error) {
          if (!(error instanceof BodyTooLarge)) throw error;
          sendJson(res, 413, { error: 'body too large' });
        }
      });
    });
    const declared = await stream(
      port,
      `POST /in HTTP/1.1\r\nHost: x\r\nContent-Length: ${BIG}\r\n\r\n`,
      BIG,
    );
    expect(declared.response).toMatch(/^HTTP\/1\.1 413 /);
    expect(declared.response).toContain('{"error":"body too large"}');
    expect(declared.written).toBeLessThan(BIG);
    const chunked = await stream(
      port,
      'POST /in HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n',
      BIG,
      true,
    );
    expect(chunked.response).toMatch(/^HTTP\/1\.1 413 /);
    expect(chunked.response.toLowerCase()).toContain('connection: close');
    expect(chunked.response).toContain('{"error":"body too large"}');
    expect(chunked.written).toBeLessThan(BIG);
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

describe('JSON bodies', () => {
  const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

  it('nesting is measured without recursion: 1,000 or 1,000,000 deep is refused before parsing', () => {
    expect(jsonTooDeep(nested(64), 64)).toBe(false);
    expect(jsonTooDeep(nested(65), 64)).toBe(true);
    expect(jsonTooDeep(nested(1_000_000), 64)).toBe(true);
    // brackets inside strings, escaped quotes included, are text
    expect(jsonTooDeep(`{"a":"${'['.repeat(100)}\\"${'{'.repeat(100)}"}`, 2)).toBe(false);
    expect(parseJsonBody(Buffer.from(`{"a":${nested(1000)}}`), 64)).toEqual({
      ok: false,
      reason: 'too deep',
    });
    expect(parseJsonBody(Buffer.from('{"a":'), 64)).toEqual({ ok: false, reason: 'not JSON' });
    expect(parseJsonBody(Buffer.from('{"a":[[1]]}'), 64)).toEqual({
      ok: true,
      value: { a: [[1]] },
    });
  });

  it('the depth it measures is the parsed value’s depth, for any JSON', () => {
    const depthOf = (v: unknown): number =>
      typeof v === 'object' && v !== null
        ? 1 + Math.max(0, ...Object.values(v).map((x) => depthOf(x)))
        : 0;
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), fc.integer({ min: 0, max: 8 }), (value, max) => {
        const text = JSON.stringify(value);
        expect(jsonTooDeep(text, max)).toBe(depthOf(value) > max);
      }),
    );
  });
});
