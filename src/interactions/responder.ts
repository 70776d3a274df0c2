import type { Visibility } from '../../commands/spec.ts';
import type { Reply } from '../answer/reply.ts';

/** The first response when the answer is not ready yet. */
export type Deferral =
  /** A placeholder ("thinking…") with the visibility the answer will have. */
  | { kind: 'reply'; visibility: Visibility }
  /** A button's silent acknowledgement: the message it is on stays as it is for now. */
  | { kind: 'update' };

/**
 * How the interaction core answers one interaction. Each adapter implements it over its platform
 * (Discord: the interaction callback and webhook; Slack: the HTTP acknowledgement and
 * response_url; the terminal: printing), rendering every Reply with its own renderer.
 *
 * Every method resolves true when the platform accepted the call and false when it did not; the
 * adapter logs why, in its platform's terms (an expired interaction is a warning, not an error).
 * Methods should not reject: a rejection is logged by the core as the adapter's bug and counts as
 * false. The core calls them in one of these orders:
 *   reply | update | defer → (edit | deletePlaceholder → followUp | followUp)
 * and `followUp` after a first response for an apology.
 */
export interface Responder {
  /** First response: a new message (private replies and errors are seen only by the user). */
  reply(reply: Reply): Promise<boolean>;
  /** First response to a button: `reply` replaces the message the button is on. */
  update(reply: Reply): Promise<boolean>;
  /** First response when the answer takes longer than the platform waits for one. */
  defer(how: Deferral): Promise<boolean>;
  /** After `defer`: the placeholder (or, after a button's silent ack, its message) becomes `reply`. */
  edit(reply: Reply): Promise<boolean>;
  /** After `defer` with a placeholder: removes it (the answer's visibility differs from it). */
  deletePlaceholder(): Promise<boolean>;
  /** After a first response: another new message. */
  followUp(reply: Reply): Promise<boolean>;
}
