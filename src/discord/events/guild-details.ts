import type { Client } from 'discord.js';
import type { Logger } from '../../logger.ts';
import type { GuildSettings } from '../../store/guilds.ts';
import type { Store } from '../../store/index.ts';

/**
 * The server's preferred locale and its name, as Discord reports them. The locale (Server Settings → Community →
 * Server Primary Language) decides the language of its alerts, digests and admin notices, and which starter feeds
 * suit it; the name tells a member which server a DM alert comes from. Both are kept in the store, because a
 * worker process that posts alerts has no gateway to ask; they are written only when Discord reports a change.
 * `known`: the settings already read, when the caller has them.
 */
export async function rememberGuildDetails(store: Store, guildId: string, locale: string | null | undefined, name?: string | null, known?: GuildSettings): Promise<void> {
  known ??= await store.guilds.get(guildId);
  const newLocale = !!locale && known.locale !== locale;
  const newName = !!name && known.name !== name;
  if (!newLocale && !newName) return;
  await store.guilds.update(guildId, (g) => {
    if (locale) g.locale = locale;
    if (name) g.name = name;
  });
}

/** At start-up: a server that changed its language while the bot was offline is noticed before the first alert. */
export async function refreshGuildDetails(client: Client, store: Store, log: Logger): Promise<void> {
  try {
    for (const settings of await store.guilds.listAll()) {
      const guild = client.guilds.cache.get(settings.guildId);
      if (guild) await rememberGuildDetails(store, settings.guildId, guild.preferredLocale, guild.name, settings);
    }
  } catch (err) {
    log.warn({ err: (err as Error).message }, 'could not refresh the servers’ languages');
  }
}
