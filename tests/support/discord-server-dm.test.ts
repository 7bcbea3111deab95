// Direct messages on the local Discord server, driven by the real discord.js client: Create DM returns the one
// DM channel per member, DMs are stored without a server and can be edited, and a member who closed DMs gets
// the bot 403 50007.

import { afterAll, beforeAll, expect, it } from 'vitest';
import { ChannelType, Client, GatewayIntentBits } from 'discord.js';
import { snowflake, startDiscordServer, type DiscordServer } from './discord-server.ts';

const TOKEN = 'MTIzNDU2.test-token.for-direct-messages';
const guildId = snowflake();
const generalId = snowflake();
const memberId = snowflake();

let discord: DiscordServer;
let client: Client;

beforeAll(async () => {
  discord = await startDiscordServer({
    token: TOKEN,
    botUser: { username: 'newsbot' },
    guilds: [{ id: guildId, name: 'Readers Club', ownerId: memberId, members: [{ user: { id: memberId, username: 'bob' } }], channels: [{ id: generalId, name: 'general' }] }],
  });
  client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: discord.apiUrl } });
  await client.login(TOKEN);
});

afterAll(async () => {
  await client?.destroy();
  await discord?.close();
});

function createDm(recipientId: string): Promise<Response> {
  return fetch(`${discord.apiUrl}/v10/users/@me/channels`, {
    method: 'POST',
    headers: { authorization: `Bot ${TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ recipient_id: recipientId }),
  });
}

it('opens one DM channel per member, stores DMs without a server, and answers 50007 once the member closes DMs', async () => {
  const bob = await client.users.fetch(memberId);
  const sent = await bob.send('hello in private');
  expect(sent.channel.type).toBe(ChannelType.DM);
  const again = (await (await createDm(memberId)).json()) as { id: string; type: number; recipients: { id: string }[] };
  expect(again).toMatchObject({ id: sent.channelId, type: 1, recipients: [{ id: memberId }] });
  expect(discord.directMessages(memberId).map((m) => [m.content, m.guildId])).toEqual([['hello in private', null]]);
  expect(discord.messages(generalId)).toEqual([]);

  await sent.edit('hello in private, edited');
  expect(discord.directMessages(memberId).map((m) => m.content)).toEqual(['hello in private, edited']);

  discord.closeDirectMessages(memberId);
  await expect(bob.send('are you there?')).rejects.toMatchObject({ status: 403, code: 50007, message: 'Cannot send messages to this user' });
  expect(discord.directMessages(memberId)).toHaveLength(1);
  discord.openDirectMessages(memberId);
  await bob.send('back again');
  expect(discord.directMessages(memberId).map((m) => m.content)).toEqual(['hello in private, edited', 'back again']);
});

it('refuses a DM with a user the bot shares no server with (400 50033)', async () => {
  const stranger = await createDm(snowflake());
  expect(stranger.status).toBe(400);
  expect(await stranger.json()).toEqual({ message: 'Invalid Recipient(s)', code: 50033 });
});
