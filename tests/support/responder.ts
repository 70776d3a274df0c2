/** A Responder that records what the interaction core asked of it, for the core's own tests. */
import type { Reply } from '../../src/answer/reply.ts';
import type { Deferral, Responder } from '../../src/interactions/responder.ts';

export type ResponderCall =
  | { method: 'reply' | 'update' | 'edit' | 'followUp'; reply: Reply; at: number }
  | { method: 'defer'; how: Deferral; at: number }
  | { method: 'deletePlaceholder'; at: number };

export class FakeResponder implements Responder {
  readonly calls: ResponderCall[] = [];
  /** Methods that resolve false (the platform refused), or throw (a broken adapter). */
  refuse = new Set<ResponderCall['method']>();
  explode = new Set<ResponderCall['method']>();

  constructor(private readonly clock: () => number = Date.now) {}

  private async record(call: ResponderCall): Promise<boolean> {
    this.calls.push(call);
    if (this.explode.has(call.method)) throw new Error(`${call.method} exploded`);
    return !this.refuse.has(call.method);
  }

  reply(reply: Reply) {
    return this.record({ method: 'reply', reply, at: this.clock() });
  }
  update(reply: Reply) {
    return this.record({ method: 'update', reply, at: this.clock() });
  }
  defer(how: Deferral) {
    return this.record({ method: 'defer', how, at: this.clock() });
  }
  edit(reply: Reply) {
    return this.record({ method: 'edit', reply, at: this.clock() });
  }
  deletePlaceholder() {
    return this.record({ method: 'deletePlaceholder', at: this.clock() });
  }
  followUp(reply: Reply) {
    return this.record({ method: 'followUp', reply, at: this.clock() });
  }

  /** The methods called, in order. */
  methods(): ResponderCall['method'][] {
    return this.calls.map((c) => c.method);
  }

  /** The last Reply shown (reply, update, edit or follow-up). */
  shown(): Reply | undefined {
    for (let i = this.calls.length - 1; i >= 0; i--) {
      const c = this.calls[i];
      if (c && 'reply' in c) return c.reply;
    }
    return undefined;
  }
}
