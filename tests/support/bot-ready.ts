import type { DiscordServer } from './discord-server.ts';

/**
 * Resolves once a bot process started against `discord` can take commands: Discord has sent it READY and its
 * commands are registered (by this start, or by an earlier one: unchanged definitions are not sent again).
 */
export async function botReady(discord: DiscordServer, timeoutMs = 30_000): Promise<void> {
  await discord.waitForEvent('ready', () => true, timeoutMs);
  const registered = discord.waitForEvent('commandsRegistered', () => true, timeoutMs);
  if (discord.registeredCommands(null).length > 0) {
    registered.catch(() => undefined);
    return;
  }
  await registered;
}
