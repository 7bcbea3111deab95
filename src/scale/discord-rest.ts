import { REST, Routes } from 'discord.js';
import type { DiscordPort } from '../context.ts';
import { restMessaging } from '../discord/rest-messaging.ts';

const GUILD_CACHE_MS = 10 * 60_000;

/**
 * A worker's view of Discord: REST only, no gateway connection. Posting is the same call the gateway bot makes;
 * the system channel (for admin notices) comes from GET /guilds/:id, cached for a few minutes per server.
 */
export function restDiscordPort(token: string, apiUrl?: string): DiscordPort & { rest: REST } {
  const rest = new REST(apiUrl ? { api: apiUrl } : {}).setToken(token);
  const guilds = new Map<string, { at: number; systemChannelId?: string }>();
  return {
    rest,
    ...restMessaging(rest),
    async systemChannelOf(guildId) {
      const cached = guilds.get(guildId);
      if (cached && Date.now() - cached.at < GUILD_CACHE_MS) return cached.systemChannelId;
      const guild = (await rest.get(Routes.guild(guildId))) as { system_channel_id?: string | null };
      const entry = { at: Date.now(), systemChannelId: guild.system_channel_id ?? undefined };
      guilds.set(guildId, entry);
      return entry.systemChannelId;
    },
  };
}
