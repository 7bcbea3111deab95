import { Routes, type REST } from 'discord.js';
import type { DiscordPort, ForumTag } from '../context.ts';

/** What jobs send through Discord's REST API, whichever process and client they run in: one implementation. */
export function restMessaging(rest: REST): Omit<DiscordPort, 'systemChannelOf'> {
  let me: Promise<string> | undefined;
  const botId = () => (me ??= (rest.get(Routes.user()) as Promise<{ id: string }>).then((u) => u.id));
  return {
    async send(channelId, body) {
      return (await rest.post(Routes.channelMessages(channelId), { body })) as { id: string };
    },
    async startThread(channelId, messageId, name) {
      return (await rest.post(Routes.threads(channelId, messageId), { body: { name, auto_archive_duration: 1440 } })) as { id: string };
    },
    async edit(channelId, messageId, body) {
      return rest.patch(Routes.channelMessage(channelId, messageId), { body });
    },
    async openDm(userId) {
      return (await rest.post(Routes.userChannels(), { body: { recipient_id: userId } })) as { id: string };
    },
    forum: {
      async get(forumId) {
        return (await rest.get(Routes.channel(forumId))) as { flags?: number; available_tags?: ForumTag[] };
      },
      async setTags(forumId, tags) {
        const forum = (await rest.patch(Routes.channel(forumId), { body: { available_tags: tags } })) as { available_tags?: ForumTag[] };
        return forum.available_tags ?? [];
      },
      async post(forumId, post) {
        return (await rest.post(Routes.threads(forumId), { body: post })) as { id: string };
      },
      async unarchive(threadId) {
        return rest.patch(Routes.channel(threadId), { body: { archived: false } });
      },
      async ownActivePosts(guildId, forumId) {
        const [owner, active] = await Promise.all([botId(), rest.get(Routes.guildActiveThreads(guildId)) as Promise<{ threads?: { id: string; name: string; parent_id?: string; owner_id?: string }[] }>]);
        return (active.threads ?? [])
          .filter((t) => t.parent_id === forumId && t.owner_id === owner)
          .map((t) => ({ id: t.id, name: t.name }))
          .sort((a, b) => (BigInt(b.id) > BigInt(a.id) ? 1 : -1));
      },
    },
  };
}
