// The local Discord server exercised by the real discord.js client: login, guild state and computed
// permissions, command registration, interactions and every reply style, channel messages with
// Discord's limits and errors, rate limits, 5xx retries and gateway resume. Nothing in discord.js is mocked.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import zlib from 'node:zlib';
import { WebSocket } from 'ws';
import {
  ChannelType as DjsChannelType,
  Client,
  DiscordAPIError,
  Events,
  GatewayIntentBits,
  MessageFlags,
  PermissionFlagsBits,
  type ChatInputCommandInteraction,
  type Interaction,
  type TextChannel,
} from 'discord.js';
import {
  ChannelType,
  Permission,
  snowflake,
  startDiscordServer,
  timestampOfSnowflake,
  type DiscordServer,
} from './discord-server.ts';
import { computeChannelPermissions } from './discord-permissions.ts';

const TOKEN = 'MTIzNDU2.test-token.for-the-local-server';

const guildId = snowflake();
const generalId = snowflake();
const alertsId = snowflake();
const staffOnlyId = snowflake();
const readOnlyId = snowflake();
const categoryId = snowflake();
const adminRoleId = snowflake();
const ownerId = snowflake();
const adminId = snowflake();
const memberId = snowflake();

const commandDefinitions = [
  { name: 'ping', description: 'Check the bot answers' },
  { name: 'secret', description: 'Answer only to you' },
  { name: 'slow', description: 'Takes a while, so defers first' },
  { name: 'chatty', description: 'Replies, then follows up' },
  { name: 'thinking', description: 'Defers quietly, then answers with a follow-up' },
  { name: 'ignored', description: 'The bot never answers this one' },
  { name: 'echo', description: 'Sends an attached file back', options: [{ type: 11, name: 'file', description: 'Any file', required: true }] },
  {
    name: 'follow',
    description: 'Follow a topic',
    options: [{ type: 3, name: 'topic', description: 'A topic or a query', required: true, autocomplete: true }],
  },
  {
    name: 'alerts',
    description: 'Alert settings',
    default_member_permissions: String(PermissionFlagsBits.ManageGuild),
    options: [
      {
        type: 1,
        name: 'channel',
        description: 'Where alerts go',
        options: [
          { type: 7, name: 'channel', description: 'The alert channel', required: true, channel_types: [0, 5] },
          { type: 3, name: 'topic', description: 'Only for this topic' },
        ],
      },
      {
        type: 2,
        name: 'role',
        description: 'Role mentions',
        options: [
          {
            type: 1,
            name: 'set',
            description: 'Mention a role for a topic',
            options: [
              { type: 8, name: 'role', description: 'The role', required: true },
              { type: 4, name: 'limit', description: 'Alerts per poll' },
            ],
          },
        ],
      },
    ],
  },
];

const TOPICS = ['japan', 'japanese economy', 'crypto', 'climate', 'jazz'];

/** The bot under test in this file: small on purpose, each command one reply style. */
async function answer(interaction: Interaction): Promise<void> {
  if (interaction.isAutocomplete()) {
    const typed = interaction.options.getFocused().toLowerCase();
    await interaction.respond(TOPICS.filter((t) => t.startsWith(typed)).map((t) => ({ name: t, value: t })));
    return;
  }
  if (!interaction.isChatInputCommand()) return;
  const command: ChatInputCommandInteraction = interaction;
  switch (command.commandName) {
    case 'ping':
      await command.reply(`pong from ${command.guild?.name ?? 'nowhere'}`);
      return;
    case 'secret':
      await command.reply({ content: 'only you can see this', flags: MessageFlags.Ephemeral });
      return;
    case 'slow':
      await command.deferReply();
      await command.editReply({ embeds: [{ title: 'Done', description: 'It took a moment.' }] });
      return;
    case 'chatty': {
      const response = await command.reply({ content: 'first', withResponse: true });
      const seen = response.resource?.message?.content === 'first' ? 'seen' : 'missing';
      await command.followUp({ content: `second, quietly (reply ${seen})`, flags: MessageFlags.Ephemeral });
      return;
    }
    case 'thinking':
      await command.deferReply({ flags: MessageFlags.Ephemeral });
      await command.followUp({ content: 'thought it through' });
      return;
    case 'echo': {
      const file = command.options.getAttachment('file', true);
      const bytes = Buffer.from(await (await fetch(file.url)).arrayBuffer());
      await command.reply({ content: `${file.name}, ${file.size} bytes`, files: [{ attachment: bytes, name: `copy-of-${file.name}` }], flags: MessageFlags.Ephemeral });
      return;
    }
    case 'follow':
      await command.reply({ content: `Following ${command.options.getString('topic', true)}`, flags: MessageFlags.Ephemeral });
      return;
    case 'alerts': {
      if (!command.memberPermissions?.has(PermissionFlagsBits.ManageGuild)) {
        await command.reply({ content: 'You need Manage Server.', flags: MessageFlags.Ephemeral });
        return;
      }
      const group = command.options.getSubcommandGroup(false);
      const sub = command.options.getSubcommand();
      if (group === 'role' && sub === 'set') {
        const role = command.options.getRole('role', true);
        await command.reply(`role ${role.name} limit ${command.options.getInteger('limit') ?? 'none'}`);
        return;
      }
      const channel = command.options.getChannel('channel', true);
      const canPost = command.guild?.channels.cache.get(channel.id)?.permissionsFor(command.client.user)?.has(PermissionFlagsBits.SendMessages);
      await command.reply(`Alerts for ${command.options.getString('topic') ?? 'everything'} go to <#${channel.id}> (${channel.name}); can post: ${canPost}`);
      return;
    }
    default:
      return;
  }
}

/**
 * discord.js reports overwrite arithmetic only; Discord also denies everything without View Channel and
 * the sending extras without Send Messages. Applying those documented rules makes the two comparable.
 */
function withImplicitDenials(bits: bigint): bigint {
  if ((bits & PermissionFlagsBits.ViewChannel) === 0n) return 0n;
  if ((bits & PermissionFlagsBits.SendMessages) === 0n) {
    return bits & ~(PermissionFlagsBits.SendTTSMessages | PermissionFlagsBits.MentionEveryone | PermissionFlagsBits.EmbedLinks | PermissionFlagsBits.AttachFiles);
  }
  return bits;
}

function newClient(discord: DiscordServer): Client {
  return new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: discord.apiUrl } });
}

let discord: DiscordServer;
let client: Client;
const handlerErrors: unknown[] = [];

beforeAll(async () => {
  discord = await startDiscordServer({
    token: TOKEN,
    botUser: { username: 'newsbot' },
    guilds: [
      {
        id: guildId,
        name: 'Readers Club',
        ownerId,
        systemChannelId: generalId,
        roles: [{ id: adminRoleId, name: 'Admins', permissions: ['ManageGuild', 'ManageChannels'], mentionable: true }],
        members: [
          { user: { id: ownerId, username: 'owner' } },
          { user: { id: adminId, username: 'alice' }, roles: [adminRoleId] },
          { user: { id: memberId, username: 'bob' } },
        ],
        channels: [
          { id: categoryId, name: 'News', type: ChannelType.GuildCategory },
          { id: generalId, name: 'general', parentId: categoryId },
          { id: alertsId, name: 'alerts', parentId: categoryId },
          {
            id: staffOnlyId,
            name: 'staff-only',
            permission_overwrites: [
              { id: guildId, type: 0, deny: ['ViewChannel'] },
              { id: adminRoleId, type: 0, allow: ['ViewChannel'] },
            ],
          },
          { id: readOnlyId, name: 'read-only', permission_overwrites: [{ id: guildId, type: 0, deny: ['SendMessages'] }] },
        ],
      },
    ],
  });
  client = newClient(discord);
  client.on(Events.InteractionCreate, (interaction) => {
    answer(interaction).catch((error: unknown) => handlerErrors.push(error));
  });
  await client.login(TOKEN);
  await client.application?.commands.set(commandDefinitions, guildId);
});

afterAll(async () => {
  await client?.destroy();
  await discord?.close();
  expect(handlerErrors).toEqual([]);
});

describe('login and guild state', () => {
  it('brings the real client to ready with the bot user, the application and the guild', () => {
    expect(client.isReady()).toBe(true);
    expect(client.user?.id).toBe(discord.bot.id);
    expect(client.user?.bot).toBe(true);
    expect(client.application?.id).toBe(discord.applicationId);
    const guild = client.guilds.cache.get(guildId);
    expect(guild?.name).toBe('Readers Club');
    expect(guild?.ownerId).toBe(ownerId);
    expect(guild?.systemChannelId).toBe(generalId);
    expect(guild?.channels.cache.map((c) => c.name).sort()).toEqual(['News', 'alerts', 'general', 'read-only', 'staff-only']);
    expect(guild?.channels.cache.get(generalId)?.parentId).toBe(categoryId);
    expect(guild?.members.me?.id).toBe(discord.bot.id);
  });

  it('gives discord.js the data to compute the same channel permissions Discord would', () => {
    const guild = client.guilds.cache.get(guildId);
    const me = client.user;
    expect(guild && me).toBeTruthy();
    if (!guild || !me) return;
    const general = guild.channels.cache.get(generalId)?.permissionsFor(me);
    expect(general?.has([PermissionFlagsBits.ViewChannel, PermissionFlagsBits.SendMessages, PermissionFlagsBits.EmbedLinks])).toBe(true);
    expect(general?.has(PermissionFlagsBits.MentionEveryone)).toBe(false);
    expect(guild.channels.cache.get(staffOnlyId)?.permissionsFor(me)?.has(PermissionFlagsBits.ViewChannel)).toBe(false);
    const readOnly = guild.channels.cache.get(readOnlyId)?.permissionsFor(me);
    expect(readOnly?.has(PermissionFlagsBits.ViewChannel)).toBe(true);
    expect(readOnly?.has(PermissionFlagsBits.SendMessages)).toBe(false);

    // Every text channel, every member: discord.js's arithmetic and the server's agree.
    const state = discord.guild(guildId);
    const rolePermissions = new Map([...state.roles.values()].map((r) => [r.id, r.permissions]));
    for (const member of state.members.values()) {
      for (const channel of state.channels.values()) {
        if (channel.type !== ChannelType.GuildText) continue;
        const ours = computeChannelPermissions({ id: guildId, ownerId, rolePermissions }, { userId: member.user.id, roleIds: member.roles }, channel.overwrites);
        const djsMember = guild.members.cache.get(member.user.id);
        if (!djsMember) continue; // without the GuildMembers intent only the bot itself is sent
        const theirs = guild.channels.cache.get(channel.id)?.permissionsFor(djsMember)?.bitfield ?? -1n;
        expect(withImplicitDenials(theirs), `${member.user.username} in #${channel.name}`).toBe(ours);
      }
    }
  });

  it('sent only the bot member in GUILD_CREATE, as Discord does without the GuildMembers intent', () => {
    const guild = client.guilds.cache.get(guildId);
    expect([...(guild?.members.cache.keys() ?? [])]).toEqual([discord.bot.id]);
  });

  it('answers REST reads for the channel, guild, roles and members in Discord shapes', async () => {
    const channel = await client.channels.fetch(alertsId, { force: true });
    expect(channel?.type).toBe(DjsChannelType.GuildText);
    const guild = await client.guilds.fetch({ guild: guildId, force: true });
    expect(guild.name).toBe('Readers Club');
    const roles = await guild.roles.fetch();
    expect(roles.get(adminRoleId)?.name).toBe('Admins');
    expect(roles.get(guildId)?.name).toBe('@everyone');
    const alice = await guild.members.fetch(adminId);
    expect(alice.user.username).toBe('alice');
    await expect(guild.members.fetch(snowflake())).rejects.toMatchObject({ code: 10007 });
    await expect(client.channels.fetch(snowflake())).rejects.toMatchObject({ code: 10003, status: 404 });
  });

  it('makes snowflakes that carry their creation time', () => {
    const before = Date.now();
    const id = snowflake();
    expect(timestampOfSnowflake(id)).toBeGreaterThanOrEqual(before);
    expect(timestampOfSnowflake(id)).toBeLessThanOrEqual(Date.now());
    expect(snowflake()).not.toBe(snowflake());
  });
});

describe('application commands', () => {
  it('stores what the client registered for the guild, with ids discord.js keeps', async () => {
    const registered = discord.registeredCommands(guildId);
    expect(registered.map((c) => c.name)).toEqual(commandDefinitions.map((c) => c.name));
    expect(registered.find((c) => c.name === 'alerts')?.default_member_permissions).toBe(String(PermissionFlagsBits.ManageGuild));
    const fetched = await client.application?.commands.fetch({ guildId });
    expect([...(fetched?.keys() ?? [])].sort()).toEqual(registered.map((c) => c.id).sort());
    expect(discord.registeredCommands()).toEqual([]);
  });

  it('registers global commands separately and emits commandsRegistered', async () => {
    const event = discord.waitForEvent('commandsRegistered', (e) => e.guildId === null);
    await client.application?.commands.set([{ name: 'about', description: 'What this bot does' }]);
    expect((await event).commands.map((c) => c.name)).toEqual(['about']);
    expect(discord.registeredCommands().map((c) => c.name)).toEqual(['about']);
  });

  it('rejects a definition Discord would reject, with the Invalid Form Body shape', async () => {
    const attempt = client.application?.commands.set([{ name: 'Bad Name', description: 'uppercase and a space' }], guildId);
    await expect(attempt).rejects.toBeInstanceOf(DiscordAPIError);
    const error = (await attempt?.catch((e: unknown) => e)) as DiscordAPIError;
    expect(error.code).toBe(50035);
    expect(JSON.stringify(error.rawError)).toContain('APPLICATION_COMMAND_INVALID_NAME');
    expect(discord.registeredCommands(guildId).map((c) => c.name)).toContain('ping');
  });
});

describe('interactions', () => {
  it('delivers a slash command and records the plain reply', async () => {
    const interaction = await discord.sendInteraction({ guildId, channelId: generalId, user: memberId, commandName: 'ping' });
    const reply = await interaction.waitForResponse();
    expect(reply.content).toBe('pong from Readers Club');
    expect(reply.ephemeral).toBe(false);
    expect(reply.deferred).toBe(false);
    expect(reply.message.channelId).toBe(generalId);
    expect(interaction.callback?.type).toBe(4);
    expect(discord.messages(generalId)).toEqual([]); // interaction replies are not channel posts
  });

  it('marks an ephemeral reply as ephemeral', async () => {
    const interaction = await discord.sendInteraction({ guildId, channelId: generalId, user: memberId, commandName: 'secret' });
    const reply = await interaction.waitForResponse();
    expect(reply).toMatchObject({ content: 'only you can see this', ephemeral: true });
  });

  it('shows the edited reply after a deferral', async () => {
    const interaction = await discord.sendInteraction({ guildId, channelId: generalId, user: memberId, commandName: 'slow' });
    const reply = await interaction.waitForResponse();
    expect(reply.deferred).toBe(true);
    expect(reply.embeds).toEqual([expect.objectContaining({ title: 'Done', description: 'It took a moment.' })]);
    expect(reply.latencyMs).toBeGreaterThanOrEqual(0);
    expect(discord.requests('PATCH /webhooks/:app/:token/messages/@original').length).toBeGreaterThan(0);
  });

  it('records follow-ups after the reply', async () => {
    const interaction = await discord.sendInteraction({ guildId, channelId: generalId, user: memberId, commandName: 'chatty' });
    expect((await interaction.waitForResponse()).content).toBe('first');
    const [followUp] = await interaction.waitForFollowUps(1);
    expect(followUp).toMatchObject({ content: 'second, quietly (reply seen)', ephemeral: true, source: 'followUp' });
  });

  it('turns the first follow-up after a deferral into the reply, keeping the deferral ephemeral', async () => {
    const interaction = await discord.sendInteraction({ guildId, channelId: generalId, user: memberId, commandName: 'thinking' });
    expect(await interaction.waitForResponse()).toMatchObject({ content: 'thought it through', ephemeral: true, deferred: true });
    expect(interaction.followUps).toEqual([]);
  });

  it('carries autocomplete keystrokes and records the offered choices', async () => {
    const interaction = await discord.sendInteraction({
      guildId,
      channelId: generalId,
      user: memberId,
      commandName: 'follow',
      type: 'autocomplete',
      focused: 'topic',
      options: { topic: 'ja' },
    });
    expect((await interaction.waitForAutocomplete()).map((c) => c.value)).toEqual(['japan', 'japanese economy', 'jazz']);
  });

  it('computes member.permissions from roles, so the bot can refuse a member without Manage Server', async () => {
    const denied = await discord.sendInteraction({ guildId, channelId: generalId, user: memberId, commandName: 'alerts channel', options: { channel: alertsId } });
    expect(await denied.waitForResponse()).toMatchObject({ content: 'You need Manage Server.', ephemeral: true });
    const allowed = await discord.sendInteraction({ guildId, channelId: generalId, user: adminId, commandName: 'alerts channel', options: { channel: alertsId, topic: 'japan' } });
    expect((await allowed.waitForResponse()).content).toBe(`Alerts for japan go to <#${alertsId}> (alerts); can post: true`);
    const overridden = await discord.sendInteraction({ guildId, channelId: generalId, user: memberId, memberPermissions: ['ManageGuild'], commandName: 'alerts channel', options: { channel: readOnlyId } });
    expect((await overridden.waitForResponse()).content).toContain('can post: false');
    const payload = allowed.payload as { member: { permissions: string }; app_permissions: string };
    expect(BigInt(payload.member.permissions) & Permission.ManageGuild).toBe(Permission.ManageGuild);
    expect(BigInt(payload.app_permissions) & Permission.SendMessages).toBe(Permission.SendMessages);
  });

  it('builds subcommand groups and resolves roles, with typed integer options', async () => {
    const interaction = await discord.sendInteraction({
      guildId,
      channelId: generalId,
      user: adminId,
      commandName: 'alerts role set',
      options: { role: adminRoleId, limit: 3 },
    });
    expect((await interaction.waitForResponse()).content).toBe('role Admins limit 3');
  });

  it('resolves an attachment option to a file the bot downloads, and keeps the bytes of a file sent with a reply', async () => {
    const server = createServer((_req, res) => res.end('tide table')).listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/tides.txt`;
    const interaction = await discord.sendInteraction({ guildId, channelId: generalId, user: memberId, commandName: 'echo', attachments: { file: { filename: 'tides.txt', url, size: 10 } } });
    const data = interaction.payload.data as { options: { type: number; value: string }[]; resolved: { attachments: Record<string, unknown> } };
    expect(data.options[0]!.type).toBe(11);
    expect(data.resolved.attachments[data.options[0]!.value]).toMatchObject({ filename: 'tides.txt', url, size: 10 });
    const reply = await interaction.waitForResponse();
    server.close();
    expect(reply.content).toBe('tides.txt, 10 bytes');
    expect(reply.message.attachments).toEqual([expect.objectContaining({ filename: 'copy-of-tides.txt', size: 10 })]);
    expect(reply.message.attachments[0]!.data!.toString()).toBe('tide table');
    await expect(discord.sendInteraction({ guildId, channelId: generalId, user: memberId, commandName: 'echo' })).rejects.toThrow(/missing required option/);
  });

  it('refuses interactions no Discord client could send', async () => {
    await expect(discord.sendInteraction({ guildId, channelId: generalId, user: memberId, commandName: 'nope' })).rejects.toThrow(/not registered/);
    await expect(discord.sendInteraction({ guildId, channelId: generalId, user: memberId, commandName: 'follow' })).rejects.toThrow(/missing required option/);
    await expect(discord.sendInteraction({ guildId, channelId: generalId, user: adminId, commandName: 'alerts channel', options: { channel: categoryId } })).rejects.toThrow(/channel type/);
  });

  it('acknowledges once only, like Discord', async () => {
    const interaction = await discord.sendInteraction({ guildId, channelId: generalId, user: memberId, commandName: 'ignored' });
    const callbackUrl = `${discord.apiUrl}/v10/interactions/${interaction.id}/${interaction.token}/callback`;
    const post = (body: unknown): Promise<Response> => fetch(callbackUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const tooLong = await post({ type: 4, data: { content: 'x'.repeat(2001) } });
    expect(tooLong.status).toBe(400);
    expect(await tooLong.json()).toMatchObject({ code: 50035, errors: { data: { content: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH' }] } } } });
    expect((await post({ type: 4, data: { content: 'hi' } })).status).toBe(204);
    const second = await post({ type: 4, data: { content: 'again' } });
    expect(second.status).toBe(400);
    expect(await second.json()).toEqual({ message: 'Interaction has already been acknowledged.', code: 40060 });
    expect((await interaction.waitForResponse()).content).toBe('hi');
  });

  it('refuses an acknowledgement that comes too late with 10062 Unknown interaction', async () => {
    const interaction = await discord.sendInteraction({ guildId, channelId: generalId, user: memberId, commandName: 'ignored', acknowledgeWithinMs: 0 });
    const res = await fetch(`${discord.apiUrl}/v10/interactions/${interaction.id}/${interaction.token}/callback`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ type: 5 }),
    });
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ message: 'Unknown interaction', code: 10062 });
    await expect(interaction.waitForResponse(50)).rejects.toThrow(/no callback/);
  });
});

describe('channel messages', () => {
  it('stores a posted embed with what it would ping', async () => {
    const alerts = (await client.channels.fetch(alertsId)) as TextChannel;
    const sent = await alerts.send({
      content: 'New on japan @everyone',
      embeds: [{ title: 'Bank of Japan holds rates', url: 'https://example.test/boj', description: 'Two sentences of summary.', fields: [{ name: 'Quote', value: '"Steady" said the governor' }], footer: { text: 'japan · yen' } }],
      allowedMentions: { parse: [] },
    });
    const stored = await discord.waitForMessage((m) => m.id === sent.id);
    expect(stored.channelId).toBe(alertsId);
    expect(stored.embeds[0]).toMatchObject({ title: 'Bank of Japan holds rates', footer: { text: 'japan · yen' } });
    expect(stored.allowedMentions).toEqual({ parse: [] });
    expect(stored.pings).toEqual({ everyone: false, users: [], roles: [] });
    expect(sent.embeds[0]?.title).toBe('Bank of Japan holds rates');
    expect(discord.messages(alertsId).map((m) => m.id)).toContain(sent.id);
  });

  it('accepts files as multipart and records them', async () => {
    const general = (await client.channels.fetch(generalId)) as TextChannel;
    const sent = await general.send({ content: 'with a file', files: [{ attachment: Buffer.from('plain words'), name: 'note.txt' }] });
    const stored = await discord.waitForMessage((m) => m.id === sent.id);
    expect(stored.attachments).toEqual([expect.objectContaining({ filename: 'note.txt', size: 11 })]);
    expect(sent.attachments.first()?.name).toBe('note.txt');
  });

  it('applies Discord default mentions when the bot sends no allowed_mentions', async () => {
    const general = (await client.channels.fetch(generalId)) as TextChannel;
    await general.send(`hey <@${memberId}> and <@&${adminRoleId}> and @everyone`);
    const stored = await discord.waitForMessage((m) => m.content.startsWith('hey'));
    // @everyone needs Mention Everyone, which the bot lacks; the role is mentionable.
    expect(stored.pings).toEqual({ everyone: false, users: [memberId], roles: [adminRoleId] });
    await general.send({ content: `only <@${memberId}>, not <@${adminId}> or <@&${adminRoleId}>`, allowedMentions: { users: [memberId] } });
    const limited = await discord.waitForMessage((m) => m.content.startsWith('only'));
    expect(limited.pings).toEqual({ everyone: false, users: [memberId], roles: [] });
  });

  it('lets a test fail any route with its own body', async () => {
    discord.failRoute('GET /guilds/:id/roles', 403, 1, { body: { message: 'Missing Permissions', code: 50013 } });
    const guild = client.guilds.cache.get(guildId);
    await expect(guild?.roles.fetch(undefined, { force: true })).rejects.toMatchObject({ status: 403, code: 50013 });
    expect((await guild?.roles.fetch(undefined, { force: true }))?.size).toBeGreaterThan(1);
  });

  it('rejects an oversize embed with 50035 and the path of the bad field', async () => {
    const alerts = (await client.channels.fetch(alertsId)) as TextChannel;
    const error = (await alerts.send({ embeds: [{ title: 't', description: 'x'.repeat(4097) }] }).catch((e: unknown) => e)) as DiscordAPIError;
    expect(error).toBeInstanceOf(DiscordAPIError);
    expect(error.status).toBe(400);
    expect(error.code).toBe(50035);
    expect(error.rawError).toMatchObject({ errors: { embeds: { '0': { description: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH' }] } } } } });

    const fields = Array.from({ length: 6 }, (_, i) => ({ name: `f${i}`, value: 'y'.repeat(1000) }));
    const total = (await alerts.send({ embeds: [{ title: 'big', fields }] }).catch((e: unknown) => e)) as DiscordAPIError;
    expect(total.rawError).toMatchObject({ errors: { embeds: { _errors: [{ code: 'MAX_EMBED_SIZE_EXCEEDED' }] } } });
    await expect(alerts.send('z'.repeat(2001))).rejects.toMatchObject({ code: 50035 });
    expect(discord.messages(alertsId).some((m) => m.embeds[0]?.title === 'big')).toBe(false);
  });

  it('answers 403 Missing Access for a failed channel while other channels keep working', async () => {
    discord.failChannel(alertsId, 403, 1);
    const alerts = (await client.channels.fetch(alertsId)) as TextChannel;
    const error = (await alerts.send('blocked').catch((e: unknown) => e)) as DiscordAPIError;
    expect(error).toBeInstanceOf(DiscordAPIError);
    expect(error.status).toBe(403);
    expect(error.code).toBe(50001);
    const general = (await client.channels.fetch(generalId)) as TextChannel;
    await general.send('still fine');
    await alerts.send('recovered');
    expect(discord.messages(alertsId).map((m) => m.content)).toContain('recovered');
  });

  it('enforces the permissions it models: no Send Messages is 50013, a hidden channel is 50001', async () => {
    const readOnly = client.channels.cache.get(readOnlyId) as TextChannel;
    await expect(readOnly.send('hello')).rejects.toMatchObject({ status: 403, code: 50013 });
    const res = await fetch(`${discord.apiUrl}/v10/channels/${staffOnlyId}/messages`, {
      method: 'POST',
      headers: { authorization: `Bot ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ content: 'hi' }),
    });
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({ message: 'Missing Access', code: 50001 });
  });

  it('survives a 429: @discordjs/rest waits retry_after and the message arrives once', async () => {
    discord.rateLimitNext(`POST /channels/${generalId}/messages`, 300);
    const general = (await client.channels.fetch(generalId)) as TextChannel;
    const started = Date.now();
    await general.send('after the rate limit');
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    const attempts = discord.requests(`POST /channels/${generalId}/messages`).slice(-2).map((r) => r.status);
    expect(attempts).toEqual([429, 200]);
    expect(discord.messages(generalId).filter((m) => m.content === 'after the rate limit')).toHaveLength(1);
  });

  it('lets @discordjs/rest retry a 500 and surfaces a persistent 502', async () => {
    discord.failChannel(generalId, 500, 1);
    const general = (await client.channels.fetch(generalId)) as TextChannel;
    await general.send('after a 500');
    expect(discord.requests(`POST /channels/${generalId}/messages`).slice(-2).map((r) => r.status)).toEqual([500, 200]);
    discord.failChannel(generalId, 502, 4);
    await expect(general.send('never')).rejects.toMatchObject({ status: 502 });
  });

  it('answers 401 with Discord body for a wrong token', async () => {
    const res = await fetch(`${discord.apiUrl}/v10/users/@me`, { headers: { authorization: 'Bot wrong' } });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ message: '401: Unauthorized', code: 0 });
    const stranger = newClient(discord);
    await expect(stranger.login('wrong-token')).rejects.toMatchObject({ code: 'TokenInvalid' });
    await stranger.destroy();
  });
});

describe('live changes and the gateway', () => {
  it('resumes after a server-side disconnect and replays the interaction sent meanwhile', async () => {
    const resumed = discord.waitForEvent('resume');
    expect(discord.disconnectGateway()).toBe(1);
    const interaction = await discord.sendInteraction({ guildId, channelId: generalId, user: memberId, commandName: 'ping' });
    const { replayed } = await resumed;
    expect(replayed).toBeGreaterThanOrEqual(1);
    expect((await interaction.waitForResponse()).content).toBe('pong from Readers Club');
    const after = await discord.sendInteraction({ guildId, channelId: generalId, user: memberId, commandName: 'secret' });
    expect((await after.waitForResponse()).ephemeral).toBe(true);
  });

  it('follows an op 7 Reconnect request by resuming', async () => {
    const resumed = discord.waitForEvent('resume');
    discord.requestReconnect();
    expect((await resumed).replayed).toBe(0);
    const interaction = await discord.sendInteraction({ guildId, channelId: generalId, user: memberId, commandName: 'ping' });
    expect((await interaction.waitForResponse()).content).toBe('pong from Readers Club');
  });

  it('tells the client when the bot loses a permission, a channel is locked or deleted', async () => {
    const guild = client.guilds.cache.get(guildId);
    const me = client.user;
    if (!guild || !me) throw new Error('client not ready');
    const roleUpdated = new Promise((resolve) => client.once(Events.GuildRoleUpdate, resolve));
    discord.setBotPermissions(guildId, ['ViewChannel', 'SendMessages', 'MentionEveryone']);
    await roleUpdated;
    expect(guild.channels.cache.get(generalId)?.permissionsFor(me)?.has(PermissionFlagsBits.MentionEveryone)).toBe(true);
    expect(guild.channels.cache.get(generalId)?.permissionsFor(me)?.has(PermissionFlagsBits.EmbedLinks)).toBe(true); // @everyone still grants it

    const channelUpdated = new Promise((resolve) => client.once(Events.ChannelUpdate, resolve));
    discord.setChannelOverwrites(alertsId, [{ id: discord.guild(guildId).botRoleId, type: 0, deny: ['SendMessages'] }]);
    await channelUpdated;
    expect(guild.channels.cache.get(alertsId)?.permissionsFor(me)?.has(PermissionFlagsBits.SendMessages)).toBe(false);
    await expect((guild.channels.cache.get(alertsId) as TextChannel).send('x')).rejects.toMatchObject({ code: 50013 });

    const deleted = new Promise((resolve) => client.once(Events.ChannelDelete, resolve));
    discord.deleteChannel(readOnlyId);
    await deleted;
    expect(guild.channels.cache.has(readOnlyId)).toBe(false);
    const res = await fetch(`${discord.apiUrl}/v10/channels/${readOnlyId}/messages`, {
      method: 'POST',
      headers: { authorization: `Bot ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ content: 'hi' }),
    });
    expect(await res.json()).toEqual({ message: 'Unknown Channel', code: 10003 });
  });

  it('speaks the raw gateway protocol: HELLO, heartbeat ACK, 4004 on a bad token', async () => {
    const ws = new WebSocket(`${discord.gatewayUrl}?v=10&encoding=json`);
    const frames: { op: number; d: unknown }[] = [];
    const next = (): Promise<{ op: number; d: unknown }> =>
      new Promise((resolve) => ws.once('message', (data) => resolve(JSON.parse(String(data)) as { op: number; d: unknown })));
    const hello = await next();
    frames.push(hello);
    expect(hello.op).toBe(10);
    expect(hello.d).toMatchObject({ heartbeat_interval: 41_250 });
    ws.send(JSON.stringify({ op: 1, d: null }));
    expect((await next()).op).toBe(11);
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    ws.send(JSON.stringify({ op: 2, d: { token: 'nope', intents: 1, properties: {} } }));
    expect(await closed).toBe(4004);
  });

  it('compresses with zlib-stream when a client asks for it', async () => {
    const ws = new WebSocket(`${discord.gatewayUrl}?v=10&encoding=json&compress=zlib-stream`);
    const inflate = zlib.createInflate();
    const hello = new Promise<{ op: number }>((resolve) => {
      let text = '';
      inflate.on('data', (chunk: Buffer) => {
        text += chunk.toString('utf8');
        try {
          resolve(JSON.parse(text) as { op: number });
        } catch {
          // partial frame: wait for more
        }
      });
    });
    ws.on('message', (data: Buffer) => {
      expect(data.subarray(-4)).toEqual(Buffer.from([0, 0, 0xff, 0xff]));
      inflate.write(data);
    });
    expect((await hello).op).toBe(10);
    const closed = new Promise((resolve) => ws.once('close', resolve));
    ws.close();
    await closed;
    inflate.destroy();
  });
});

describe('a second server: privileged intents and heartbeats', () => {
  it('closes with 4014 when the client asks for an intent the application lacks', async () => {
    const server = await startDiscordServer({ token: TOKEN, guilds: [{ name: 'Quiet' }] });
    const greedy = new Client({ intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMembers], rest: { api: server.apiUrl } });
    try {
      await expect(greedy.login(TOKEN)).rejects.toThrow(/disallowed intents/i);
    } finally {
      await greedy.destroy();
      await server.close();
    }
  });

  it('sends every member with GuildMembers, acknowledges heartbeats, and permissions agree for all members', async () => {
    const owner = snowflake();
    const modRole = snowflake();
    const locked = snowflake();
    const server = await startDiscordServer({
      token: TOKEN,
      heartbeatIntervalMs: 50,
      privilegedIntents: ['GuildMembers'],
      guilds: [
        {
          id: guildId,
          name: 'Members',
          ownerId: owner,
          roles: [{ id: modRole, name: 'Mods', permissions: ['ManageMessages'] }],
          members: [
            { user: { id: owner, username: 'owner' } },
            { user: { id: adminId, username: 'alice' }, roles: [modRole] },
            { user: { id: memberId, username: 'bob' } },
          ],
          channels: [
            { name: 'open' },
            { id: locked, name: 'locked', permission_overwrites: [{ id: guildId, type: 0, deny: ['ViewChannel'] }, { id: memberId, type: 1, allow: ['ViewChannel'], deny: ['SendMessages'] }] },
          ],
        },
      ],
    });
    const full = new Client({ intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMembers], rest: { api: server.apiUrl } });
    try {
      const heartbeat = server.waitForEvent('heartbeat', (h) => h.sessionId !== null);
      await full.login(TOKEN);
      await heartbeat;
      const guild = full.guilds.cache.get(guildId);
      expect(guild?.members.cache.size).toBe(4);
      const state = server.guild(guildId);
      const rolePermissions = new Map([...state.roles.values()].map((r) => [r.id, r.permissions]));
      for (const member of state.members.values()) {
        for (const channel of state.channels.values()) {
          const ours = computeChannelPermissions({ id: guildId, ownerId: owner, rolePermissions }, { userId: member.user.id, roleIds: member.roles }, channel.overwrites);
          const theirs = guild?.channels.cache.get(channel.id)?.permissionsFor(member.user.id)?.bitfield ?? -1n;
          expect(withImplicitDenials(theirs), `${member.user.username} in #${channel.name}`).toBe(ours);
        }
      }
      expect(guild?.channels.cache.get(locked)?.permissionsFor(memberId)?.has(PermissionFlagsBits.ViewChannel)).toBe(true);
      expect(guild?.channels.cache.get(locked)?.permissionsFor(memberId)?.has(PermissionFlagsBits.SendMessages)).toBe(false);
    } finally {
      await full.destroy();
      await server.close();
    }
  });
});
