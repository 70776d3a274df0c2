/**
 * `npm run deploy-commands [-- --dry-run]`: registers the commands listed in commands/index.ts
 * with Discord, in DISCORD_GUILD_ID when set (instant) or globally. Every failure ends with one
 * readable message and exit code 1, never a stack trace (validation failures list each problem).
 */
import { commands } from '../../commands/index.ts';
import {
  buildCommandsJson,
  deployCommands,
  interactionsEndpointHint,
} from '../adapters/discord/deploy.ts';
import { loadConfig, requireValue } from '../config.ts';
import { runCli } from './run.ts';

async function main(): Promise<number> {
  const specs = commands.map((c) => c.spec);
  if (process.argv.includes('--dry-run')) {
    console.log(JSON.stringify(buildCommandsJson(specs), null, 2));
    return 0;
  }
  const config = loadConfig();
  const result = await deployCommands({
    token: requireValue(config, 'DISCORD_TOKEN'),
    apiUrl: config.DISCORD_API_URL,
    guildId: config.DISCORD_GUILD_ID,
    applicationId: config.DISCORD_CLIENT_ID,
    specs,
  });
  const where =
    result.scope === 'guild'
      ? `guild ${result.guildId}`
      : 'globally (may take up to an hour to appear)';
  console.log(`Registered ${result.names.length} command(s) ${where}: ${result.names.join(', ')}`);
  if (config.discord !== null && config.discord.mode !== 'gateway')
    console.log(interactionsEndpointHint(config.PUBLIC_URL, config.HTTP_PORT));
  return 0;
}

runCli(main, 'deploy-commands');
