import type { Client } from 'discord.js';
import type { Logger } from '../../logger.ts';
import type { Store } from '../../store/index.ts';

/**
 * The server's preferred locale (and its name, for DM alerts) as Discord reports them. The locale (Server Settings → Community → Server Primary Language) decides the language of
 * its alerts, digests and admin notices, and which starter feeds suit it. It is kept in the store, because a
 * worker process that posts alerts has no gateway to ask; it is written only when Discord reports a change.
 */
export async function rememberGuildLocale(store: Store, guildId: string, locale: string | null | undefined, name?: string | null): Promise<void> {
  const known = await store.guilds.get(guildId);
  const newLocale = !!locale && known.locale !== locale;
  const newName = !!name && known.name !== name;
  if (!newLocale && !newName) return;
  await store.guilds.update(guildId, (g) => {
    if (locale) g.locale = locale;
    if (name) g.name = name;
  });
}

/** At start-up: a server that changed its language while the bot was offline is noticed before the first alert. */
export async function refreshGuildLocales(client: Client, store: Store, log: Logger): Promise<void> {
  try {
    for (const { guildId } of await store.guilds.listAll()) {
      const guild = client.guilds.cache.get(guildId);
      if (guild) await rememberGuildLocale(store, guildId, guild.preferredLocale, guild.name);
    }
  } catch (err) {
    log.warn({ err: (err as Error).message }, 'could not refresh the servers’ languages');
  }
}
