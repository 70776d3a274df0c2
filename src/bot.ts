import type { Logger } from 'pino';
import type { Services } from '../commands/types.ts';
import type { Engine } from './answer/engine.ts';
import type { Config } from './config.ts';

/** Starts the Discord bot and the daily scheduler; resolves with an exit code when stopped. */
export async function startBot(deps: { config: Config; logger: Logger; engine: Engine; services: Services }): Promise<number> {
  deps.logger.error('the Discord adapter is not wired yet');
  return 1;
}
