/** Fakes shared by the daily-service tests: a clock, a platform that dedups by nonce, facts. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import type { MessageReply } from '../../src/answer/reply.ts';
import type { AccessResult, Sender, SendFailure, SendResult } from '../../src/daily/sender.ts';
import { DailyService, type DailyServiceDeps } from '../../src/daily/service.ts';
import type { Fact } from '../../src/facts/types.ts';
import type { Sql } from '../../src/storage/sql.ts';

export const silentLogger = pino({ level: 'silent' });

export class FakeClock {
  ms: number;
  constructor(iso: string) {
    this.ms = Date.parse(iso);
  }
  now = (): Date => new Date(this.ms);
  set(iso: string): void {
    this.ms = Date.parse(iso);
  }
  advance(ms: number): void {
    this.ms += ms;
  }
}

export interface VisiblePost {
  channelId: string;
  nonce: string;
  messageId: string;
  reply: MessageReply;
  at: number;
}

/**
 * A chat platform: messages that became visible, deduplicated by nonce like Discord's
 * enforce_nonce (a second send with a known nonce returns the first message).
 */
export class FakePlatform {
  posts: VisiblePost[] = [];
  private seq = 0;
  constructor(readonly clock: FakeClock) {}
  deliver(channelId: string, reply: MessageReply, nonce: string): string {
    const existing = this.posts.find((p) => p.channelId === channelId && p.nonce === nonce);
    if (existing) return existing.messageId;
    const messageId = `m${++this.seq}`;
    this.posts.push({ channelId, nonce, messageId, reply, at: this.clock.ms });
    return messageId;
  }
  postsIn(channelId: string): VisiblePost[] {
    return this.posts.filter((p) => p.channelId === channelId);
  }
}

/** A Sender over a FakePlatform with scripted failures per channel. */
export class FakeSender implements Sender {
  sendCalls: { channelId: string; nonce: string; embeds: boolean | undefined }[] = [];
  accessCalls: string[] = [];
  /** Failures returned by checkAccess / send, consumed one per call (a function runs instead). */
  accessFailures = new Map<string, SendFailure[]>();
  sendFailures = new Map<string, (SendFailure | Error)[]>();
  embeds = true;
  /** Runs after a successful delivery, before the result is returned (crash simulation). */
  afterDeliver: ((channelId: string) => Promise<void>) | null = null;

  constructor(readonly platform: FakePlatform) {}

  async checkAccess(channelId: string): Promise<AccessResult> {
    this.accessCalls.push(channelId);
    await Promise.resolve();
    const f = this.accessFailures.get(channelId)?.shift();
    return f ?? { ok: true, embeds: this.embeds };
  }

  async send(
    channelId: string,
    reply: MessageReply,
    nonce: string,
    options?: { embeds: boolean },
  ): Promise<SendResult> {
    this.sendCalls.push({ channelId, nonce, embeds: options?.embeds });
    await Promise.resolve();
    const f = this.sendFailures.get(channelId)?.shift();
    if (f instanceof Error) throw f;
    if (f) return f;
    const messageId = this.platform.deliver(channelId, reply, nonce);
    if (this.afterDeliver) await this.afterDeliver(channelId);
    return { ok: true, messageId };
  }
}

export function makeFacts(n: number, prefix = 'f'): Fact[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `${prefix}${i + 1}`,
    kind: 'figure' as const,
    subject: `subject ${i + 1}`,
    value: `value ${i + 1}`,
    date: null,
    quote: `quote ${i + 1}`,
    paragraphId: `doc#p${i + 1}`,
    origin: 'curated' as const,
  }));
}

export function buildPost(fact: Fact, remaining: number): MessageReply {
  return {
    kind: 'message',
    visibility: 'public',
    title: fact.subject,
    blocks: [{ type: 'text', spans: [{ text: fact.value }] }],
    actions: [],
    footer: `fact:${fact.id} remaining:${remaining}`,
  };
}

export function makeService(
  db: Sql,
  clock: FakeClock,
  sender: Sender,
  extra: Partial<DailyServiceDeps> = {},
): DailyService {
  const facts = makeFacts(5);
  return new DailyService({
    db,
    senders: { discord: sender },
    factPool: () => facts,
    buildPost,
    logger: process.env.DEBUG_DAILY ? pino({ level: 'debug' }) : silentLogger,
    clock: clock.now,
    ...extra,
  });
}

export function tempDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'dossier-daily-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
