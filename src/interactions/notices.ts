/**
 * What the interaction core tells a user, privately, when it cannot run what they asked: our own
 * failure, a command or button this version no longer has, a bot that is stopping or too busy.
 * Adapters that answer before the core (or instead of it) use the same words.
 */

/** Shown privately when a handler throws; the details go to the log only. */
export const APOLOGY = 'Sorry, something went wrong on my side. Please try again in a moment.';
/** A command the platform still offers but this version no longer has (run deploy-commands). */
export const GONE_COMMAND = 'That command is not available any more.';
/** A button this version cannot read, or whose command is gone. */
export const STALE_BUTTON = 'This button no longer works.';
/** Arrived while the bot is stopping: the platform will not retry, so the user is told to. */
export const RESTARTING = 'The bot is restarting; please try again in a few seconds.';
/** Shed: more work is waiting than the bot can answer soon (see WorkQueue). */
export const BUSY = 'The bot is busy right now; please try again in a moment.';
