import { Routes, type REST } from 'discord.js';
import type { DiscordPort } from '../context.ts';

/** What jobs send through Discord's REST API, whichever process and client they run in: one implementation. */
export function restMessaging(rest: REST): Omit<DiscordPort, 'systemChannelOf'> {
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
  };
}
