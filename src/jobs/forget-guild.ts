import type { Store } from '../store/index.ts';

/**
 * The rule when the bot is removed from a server (Discord's GUILD_DELETE without `unavailable`): everything the
 * server set up is deleted, its follows, settings, queued alerts and pending digests, so nothing is planned,
 * queued or retried for it again. Invited back, it starts fresh. (A server that is only unavailable during a
 * Discord outage keeps everything.)
 */
export async function forgetGuild(store: Store, guildId: string): Promise<void> {
  await Promise.all([store.guilds.remove(guildId), store.subscriptions.removeGuild(guildId)]);
  for (const item of await store.outbox.list()) if (item.guildId === guildId) await store.outbox.remove(item.id);
  for (const digest of await store.digests.listPending()) if (digest.guildId === guildId) await store.digests.clear(digest.channelId);
}
