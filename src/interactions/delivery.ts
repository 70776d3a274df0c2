/**
 * How the interaction core answers through an adapter's Responder without ever rejecting: each
 * call guarded (an adapter that throws is logged and counted as refused), the first response
 * noted for the last-resort apology, and a command's answer put where its deferral left room.
 */
import type { Logger } from 'pino';
import type { Visibility } from '../../commands/spec.ts';
import type { PlatformId } from '../../commands/types.ts';
import { errorReply, type Reply } from '../answer/reply.ts';
import { APOLOGY } from './notices.ts';
import type { Responder } from './responder.ts';

/** The responder, noting whether a first response was attempted (for the last-resort apology). */
export type Tracked = Responder & { responded(): boolean };

export function tracked(responder: Responder): Tracked {
  let responded = false;
  return {
    responded: () => responded,
    reply: (reply) => {
      responded = true;
      return responder.reply(reply);
    },
    update: (reply) => {
      responded = true;
      return responder.update(reply);
    },
    defer: (how) => {
      responded = true;
      return responder.defer(how);
    },
    edit: (reply) => responder.edit(reply),
    deletePlaceholder: () => responder.deletePlaceholder(),
    followUp: (reply) => responder.followUp(reply),
  };
}

/** The guarded Responder calls of one platform's core. */
export type Delivery = ReturnType<typeof createDelivery>;

/**
 * The guarded Responder calls of the core for platform `tag` (which names it in the log).
 * @example const { call } = createDelivery('slack'); await call(logger, 'reply', () => r.reply(reply));
 */
export function createDelivery(tag: PlatformId) {
  /** A Responder call that cannot reject: an adapter that throws is logged, counted as refused. */
  async function call(logger: Logger, what: string, fn: () => Promise<boolean>): Promise<boolean> {
    try {
      return await fn();
    } catch (error) {
      logger.error({ err: error, what }, `${tag}: responder ${what} threw`);
      return false;
    }
  }

  /** Our own bug: still tell the user, privately, and keep going. */
  async function lastResort(logger: Logger, r: Tracked, error: unknown): Promise<void> {
    logger.error({ err: error }, `${tag}: interaction handler failed`);
    const apology = errorReply(APOLOGY);
    if (r.responded()) await call(logger, 'apology followUp', () => r.followUp(apology));
    else await call(logger, 'apology reply', () => r.reply(apology));
  }

  /** A command's answer as the first response, or into the deferral it already made. */
  async function deliverAnswer(
    logger: Logger,
    r: Tracked,
    reply: Reply,
    deferred: Promise<boolean> | null,
    placeholder: Visibility,
  ): Promise<boolean> {
    if (deferred === null) return call(logger, 'reply', () => r.reply(reply));
    if (!(await deferred)) return false;
    const visibility = reply.kind === 'error' ? 'private' : reply.visibility;
    if (visibility === placeholder) return call(logger, 'edit', () => r.edit(reply));
    // Who sees a message is fixed by its first response: replace the placeholder with a new
    // message of the right kind (an error must never land in a public "thinking…").
    await call(logger, 'deletePlaceholder', () => r.deletePlaceholder());
    return call(logger, 'followUp', () => r.followUp(reply));
  }

  return { call, lastResort, deliverAnswer };
}
