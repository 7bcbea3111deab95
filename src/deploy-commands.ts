import { REST, Routes } from 'discord.js';
import { createApp } from './app.ts';
import { ConfigError, loadConfig } from './config.ts';
import { registerCommands } from './discord/register-commands.ts';
import { loadEnvFile } from './env-file.ts';

/**
 * `npm run deploy-commands`: registers the slash commands now, even when their definitions did not change
 * (the bot itself registers only changed definitions at start-up). For a definition deleted by hand in the
 * developer portal, or to push commands to DISCORD_GUILD_ID for a quick test.
 */
async function main(): Promise<void> {
  loadEnvFile();
  const config = loadConfig();
  if (!config.discordToken) throw new ConfigError('DISCORD_TOKEN is not set: put your bot token in .env (see .env.example).');
  const app = await createApp(config, 'cli');
  const rest = new REST(config.discordApiUrl ? { api: config.discordApiUrl } : {}).setToken(config.discordToken);
  const me = (await rest.get(Routes.currentApplication())) as { id: string };
  await registerCommands({ rest, appId: me.id, config, log: app.log, force: true });
  process.stdout.write(`Slash commands registered ${config.discordGuildId ? `to server ${config.discordGuildId}` : 'globally (Discord may take up to an hour to show changes everywhere)'}.\n`);
  await app.close();
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof ConfigError ? err.message : `Could not register the commands: ${(err as Error).message}`}\n`);
  process.exit(1);
});
