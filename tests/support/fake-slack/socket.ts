/**
 * Slack's Socket Mode server, faked on 127.0.0.1 with `ws`: greets each connection with `hello`
 * (as Slack does) and delivers envelopes the client must acknowledge by envelope_id.
 */
import type { AddressInfo } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';
import { patience } from '../patience.ts';

export interface Ack {
  envelope_id: string;
  payload?: unknown;
}

export class FakeSocketMode {
  readonly acks: Ack[] = [];
  #server: WebSocketServer | null = null;
  #sockets = new Set<WebSocket>();
  #seq = 0;
  #waiters = new Map<string, (ack: Ack) => void>();

  get url(): string {
    const address = this.#server?.address() as AddressInfo | undefined;
    return `ws://127.0.0.1:${address?.port ?? 0}/link`;
  }

  get connections(): number {
    return this.#sockets.size;
  }

  async start(): Promise<this> {
    this.#server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise<void>((resolve) => this.#server?.once('listening', () => resolve()));
    this.#server.on('connection', (socket) => {
      this.#sockets.add(socket);
      socket.on('close', () => this.#sockets.delete(socket));
      socket.on('message', (data) => {
        const parsed: unknown = JSON.parse(String(data));
        if (typeof parsed !== 'object' || parsed === null || !('envelope_id' in parsed)) return;
        const ack: Ack = {
          envelope_id: String(parsed.envelope_id),
          payload: 'payload' in parsed ? parsed.payload : undefined,
        };
        this.acks.push(ack);
        this.#waiters.get(ack.envelope_id)?.(ack);
      });
      socket.send(
        JSON.stringify({
          type: 'hello',
          num_connections: 1,
          connection_info: { app_id: 'A0000DOSSIER' },
        }),
      );
    });
    return this;
  }

  /** Sends an envelope to every connection; resolves with the client's ack and how long it took. */
  deliver(type: string, payload: unknown, timeoutMs = 5000): Promise<{ ack: Ack; ms: number }> {
    const envelopeId = `env-${++this.#seq}`;
    const started = performance.now();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no ack for ${envelopeId}`)),
        patience(timeoutMs),
      );
      this.#waiters.set(envelopeId, (ack) => {
        clearTimeout(timer);
        resolve({ ack, ms: performance.now() - started });
      });
      for (const socket of this.#sockets)
        socket.send(
          JSON.stringify({
            envelope_id: envelopeId,
            type,
            payload,
            accepts_response_payload: type !== 'events_api',
          }),
        );
    });
  }

  async close(): Promise<void> {
    for (const socket of this.#sockets) socket.terminate();
    await new Promise<void>((resolve) => this.#server?.close(() => resolve()) ?? resolve());
  }
}
