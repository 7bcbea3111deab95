import { Client, DiscordAPIError, Events, GatewayIntentBits, RESTEvents, Routes } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAlertPort } from '../../src/discord/alert-port.ts';
import { snowflake, startDiscordServer, type DiscordServer } from '../support/discord-server.ts';

const TOKEN = 'MTk4NjIyNDgzNDcxOTI1MjQ4.Gport1.local-test-token-not-a-secret';
const ALERTS = 150;

describe('alert port', () => {
  const guildId = snowflake();
  const general = snowflake();
  const member = snowflake();
  const channels = Array.from({ length: 10 }, () => snowflake());
  let discord: DiscordServer;
  let client: Client;

  beforeAll(async () => {
    discord = await startDiscordServer({
      token: TOKEN,
      guilds: [
        {
          id: guildId,
          name: 'Newsroom',
          systemChannelId: general,
          members: [{ user: { id: member, username: 'milo' } }],
          channels: [{ id: general, name: 'general' }, ...channels.map((id, i) => ({ id, name: `alerts-${i}` }))],
        },
      ],
    });
    client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: discord.apiUrl } });
    // A command that answers as /summary does: a deferred reply, then the edit the member sees.
    client.on(Events.InteractionCreate, (interaction) => {
      if (!interaction.isChatInputCommand()) return;
      void (async () => {
        await interaction.deferReply();
        await interaction.editReply({ content: 'Here is your summary.' });
      })();
    });
    const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
    await client.login(TOKEN);
    await ready;
    await client.rest.put(Routes.applicationGuildCommands(client.user!.id, guildId), { body: [{ name: 'summary', description: 'Summarise an article' }] });
  });

  afterAll(async () => {
    await client?.destroy();
    await discord?.close();
  });

  it("answers a member at once while a poll's alerts are still going out, and every alert arrives", async () => {
    const port = createAlertPort({ discordToken: TOKEN }, client);
    const viaClient: string[] = [];
    const onClientResponse = (request: { route: string; method: string }) => viaClient.push(`${request.method} ${request.route}`);
    client.rest.on(RESTEvents.Response, onClientResponse);
    try {
      let posted = 0;
      const countPosts = () => posted++;
      discord.events.on('message', countPosts);
      // 150 alerts over 10 channels: three seconds of Discord's 50-a-second global limit.
      const sends = Array.from({ length: ALERTS }, (_, i) => port.send(channels[i % channels.length]!, { content: `Alert ${i}` }));
      // The member asks when the alerts have used up this second's global budget: a request on the same REST
      // client would now wait for the next second and then queue with the alerts.
      await discord.waitForEvent('message', () => port.rest.globalRemaining <= 0, 10_000);
      const nextSecond = port.rest.globalReset;
      const asked = await discord.sendInteraction({ guildId, channelId: general, user: member, commandName: 'summary' });
      const reply = await asked.waitForResponse(10_000);
      const postedWhenAnswered = posted;
      const sent = await Promise.all(sends);
      discord.events.off('message', countPosts);

      expect(reply.content).toBe('Here is your summary.');
      // Answered within the second the alerts had used up, not after it as a queued request would be.
      expect(asked.createdAt + reply.latencyMs).toBeLessThan(nextSecond);
      // The answer did not wait for the alerts: a good part of them was still to be posted.
      expect(postedWhenAnswered).toBeLessThan(ALERTS - 30);
      expect(new Set(sent.map((m) => m.id)).size).toBe(ALERTS);
      expect(channels.reduce((n, id) => n + discord.messages(id).length, 0)).toBe(ALERTS);
      // Alerts never entered the gateway client's queue: it carried the interaction's traffic only.
      expect(viaClient.filter((r) => r.includes('/channels/'))).toEqual([]);
      expect(viaClient.some((r) => r.includes('/webhooks/'))).toBe(true);
    } finally {
      client.rest.off(RESTEvents.Response, onClientResponse);
    }
  });

  it("rejects with Discord's error when a channel refuses, so delivery can pause the channel", async () => {
    const port = createAlertPort({ discordToken: TOKEN }, client);
    discord.failChannel(channels[0]!, 403);
    const err = await port.send(channels[0]!, { content: 'Refused' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DiscordAPIError);
    expect((err as DiscordAPIError).status).toBe(403);
  });

  it("knows a server's system channel from the gateway, without a request", async () => {
    const port = createAlertPort({ discordToken: TOKEN }, client);
    const before = discord.requests().length;
    expect(await port.systemChannelOf(guildId)).toBe(general);
    expect(await port.systemChannelOf(snowflake())).toBeUndefined();
    expect(discord.requests().length).toBe(before);
  });
});
