/**
 * `npm run deploy-commands [-- --dry-run]`: registers the commands listed in commands/index.ts
 * with Discord, in DISCORD_GUILD_ID when set (instant) or globally. Every failure ends with one
 * readable message and exit code 1, never a stack trace.
 */
import { commands } from '../../commands/index.ts';
import {
  buildCommandsJson,
  CommandValidationError,
  DeployError,
  deployCommands,
} from '../adapters/discord/deploy.ts';
import { ConfigError, loadConfig, requireValue } from '../config.ts';

async function run(argv: readonly string[]): Promise<number> {
  const specs = commands.map((c) => c.spec);
  if (argv.includes('--dry-run')) {
    console.log(JSON.stringify(buildCommandsJson(specs), null, 2));
    return 0;
  }
  const config = loadConfig();
  const token = requireValue(config, 'DISCORD_TOKEN');
  const result = await deployCommands({
    token,
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
  return 0;
}

run(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const known =
      error instanceof ConfigError ||
      error instanceof DeployError ||
      error instanceof CommandValidationError;
    const message = error instanceof Error ? error.message : String(error);
    console.error(
      known ? `deploy-commands: ${message}` : `deploy-commands: unexpected failure: ${message}`,
    );
    process.exitCode = 1;
  },
);
