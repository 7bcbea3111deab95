import { REST, type Client } from 'discord.js';
import type { Config } from '../config.ts';
import type { DiscordPort } from '../context.ts';
import { restMessaging } from './rest-messaging.ts';

/** The port jobs post alerts through, and the REST client behind it (for alert edits and lookups of their own). */
export interface AlertPort extends DiscordPort {
  readonly rest: REST;
}

/**
 * Alerts go through a REST client of their own, not the gateway client's. discord.js queues every request of a
 * REST client behind one global limit (50 a second); a poll posting 200 alerts kept it full for seconds, and a
 * member's `/summary` reply edit waited in that queue (p95 744 ms instead of 78 ms). Discord does not count
 * interaction callbacks and interaction webhooks against the bot's global limit, so the client's REST, now
 * carrying interaction traffic and little else, is free to answer at once, while alerts keep the full 50 a
 * second on their own queue.
 */
export function createAlertPort(config: Pick<Config, 'discordToken'>, client: Client): AlertPort {
  if (!config.discordToken) throw new Error('DISCORD_TOKEN is not set');
  // The client's REST settings (API address, version, timeouts), so both clients talk to the same Discord.
  const rest = new REST(client.options.rest).setToken(config.discordToken);
  return {
    rest,
    ...restMessaging(rest),
    systemChannelOf(guildId) {
      return client.guilds.cache.get(guildId)?.systemChannelId ?? undefined;
    },
  };
}
