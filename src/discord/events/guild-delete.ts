import type { Client, Guild } from 'discord.js';
import { forgetGuild } from '../../jobs/forget-guild.ts';
import type { Logger } from '../../logger.ts';
import type { Store } from '../../store/index.ts';

/** Being removed from a server forgets what it set up; an outage (the server "unavailable") does not. */
export async function onGuildDelete(guild: Guild, store: Store, log: Logger): Promise<void> {
  if (guild.available === false) return;
  log.info({ guild: guild.id }, 'removed from a server; forgetting its follows, settings and queued alerts');
  await forgetGuild(store, guild.id).catch((err: unknown) => log.error({ guild: guild.id, err: (err as Error).message }, 'could not forget a server'));
}

/**
 * A server that removed the bot while it was offline sent no GUILD_DELETE this process could see, but it is
 * missing from READY, which lists every server the bot is in (an outage lists it as unavailable). Those are
 * forgotten as a live removal would be; with shards, each shard judges only the servers Discord routes to it.
 */
export async function forgetDepartedGuilds(client: Client, store: Store, log: Logger): Promise<void> {
  try {
    const count = client.shard?.count ?? 1;
    const mine = new Set(client.shard?.ids ?? [0]);
    const known = new Set([...(await store.guilds.listAll()).map((g) => g.guildId), ...(await store.subscriptions.listAll()).map((s) => s.guildId)]);
    for (const guildId of known) {
      if (client.guilds.cache.has(guildId) || !/^\d{15,21}$/.test(guildId)) continue;
      if (!mine.has(Number((BigInt(guildId) >> 22n) % BigInt(count)))) continue;
      log.info({ guild: guildId }, 'removed from a server while offline; forgetting its follows, settings and queued alerts');
      await forgetGuild(store, guildId);
    }
  } catch (err) {
    log.error({ err: (err as Error).message }, 'could not check for servers that removed the bot while it was offline');
  }
}
