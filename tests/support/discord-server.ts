// A local Discord-compatible server for end-to-end tests: REST under /api/v{N} plus the gateway
// WebSocket, enough for the real discord.js client to log in, register commands, receive interactions
// and answer them, and post messages, while tests inspect everything and inject failures.
//
//   const discord = await startDiscordServer({ token, guilds: [...] });
//   const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: discord.apiUrl } });
//   await client.login(token);

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { EventEmitter } from 'node:events';
import { FakeGateway, GatewayCloseCode, Intent, shardOfGuild, type GatewayEvents, type GatewaySession, type PrivilegedIntent } from './discord-gateway.ts';
import { FakeRest, type FaultRule } from './discord-rest.ts';
import {
  channelJson,
  forumFieldsOf,
  guildCreateJson,
  guildJson,
  memberJson,
  roleJson,
  toOverwrites,
  toUserState,
  userJson,
  ChannelType,
  type ChannelSpec,
  type ChannelState,
  type GuildSpec,
  type GuildState,
  type MemberSpec,
  type OverwriteSpec,
  type UserSpec,
  type UserState,
} from './discord-model.ts';
import { toPermissionBits, type PermissionInput } from './discord-permissions.ts';
import { snowflake } from './discord-snowflake.ts';
import { buildComponentInteraction, buildInteraction, type ComponentSpec, type InteractionRecord, type InteractionSpec } from './discord-interactions.ts';
import type { StoredMessage } from './discord-messages.ts';
import { DiscordWorld, type CommandsRegisteredEvent, type InteractionResponseEvent, type RegisteredCommand, type RequestRecord } from './discord-world.ts';

export { snowflake, timestampOfSnowflake } from './discord-snowflake.ts';
export { Permission, ALL_PERMISSIONS, DEFAULT_BOT_PERMISSIONS, DEFAULT_EVERYONE_PERMISSIONS, permissionNames } from './discord-permissions.ts';
export { ChannelType, ChannelFlag } from './discord-model.ts';
export { ForumLimits } from './discord-forums.ts';
export { Limits } from './discord-validation.ts';
export { GatewayCloseCode } from './discord-gateway.ts';
export type { PermissionInput, PermissionName } from './discord-permissions.ts';
export type { ForumTagState } from './discord-model.ts';
export type { ChannelSpec, GuildSpec, MemberSpec, OverwriteSpec, RoleSpec, UserSpec, UserState, GuildState, ChannelState } from './discord-model.ts';
export type { StoredMessage, StoredEmbed, Pings, AllowedMentions } from './discord-messages.ts';
export type { ComponentSpec, InteractionRecord, InteractionReply, InteractionSpec, AutocompleteChoice, InteractionCallbackRecord, RawCommandOption } from './discord-interactions.ts';
export type { RegisteredCommand, RequestRecord, CommandsRegisteredEvent, InteractionResponseEvent } from './discord-world.ts';
export type { PrivilegedIntent } from './discord-gateway.ts';

export interface DiscordServerOptions {
  /** The bot token; REST wants `Authorization: Bot <token>` and IDENTIFY must carry it. */
  token: string;
  botUser?: UserSpec;
  guilds?: readonly GuildSpec[];
  /** HELLO's heartbeat_interval (Discord: 41250). Lower it to watch heartbeats in a test. */
  heartbeatIntervalMs?: number;
  /** How long the bot has to acknowledge an interaction (Discord: 3000 ms). */
  interactionCallbackTimeoutMs?: number;
  /** Privileged intents enabled for the application; asking for others closes the gateway with 4014. */
  privilegedIntents?: readonly PrivilegedIntent[];
  /** Recommended shard count in GET /gateway/bot. */
  shardCount?: number;
}

export interface DiscordServerEvents {
  /** A message posted with POST /channels/:id/messages. */
  message: StoredMessage;
  messageUpdate: StoredMessage;
  messageDelete: StoredMessage;
  interactionResponse: InteractionResponseEvent;
  commandsRegistered: CommandsRegisteredEvent;
  /** A thread started on one of the bot's messages. */
  threadCreate: { threadId: string; parentId: string; messageId: string; name: string };
  request: RequestRecord;
  identify: GatewayEvents['identify'];
  ready: GatewayEvents['ready'];
  resume: GatewayEvents['resume'];
  heartbeat: GatewayEvents['heartbeat'];
  connection: GatewayEvents['connection'];
  gatewayClose: GatewayEvents['gatewayClose'];
  dispatch: GatewayEvents['dispatch'];
}

/** A route to fail: `'POST /channels/123/messages'`, a template `'POST /channels/:id/messages'`, a path, or a RegExp on "METHOD /path". */
export type RouteMatcher = string | RegExp;

export interface DiscordServer {
  /** REST base for discord.js (`rest: { api }`): http://127.0.0.1:PORT/api */
  readonly apiUrl: string;
  readonly gatewayUrl: string;
  readonly port: number;
  readonly bot: UserState;
  readonly applicationId: string;
  readonly events: EventEmitter;
  close(): Promise<void>;

  /** Messages posted to channels (POST /channels/:id/messages), oldest first; deleted ones excluded. */
  messages(channelId?: string): StoredMessage[];
  /** Every message, interaction replies and follow-ups included. */
  allMessages(): StoredMessage[];
  /** The first channel message matching, already posted or still to come. */
  waitForMessage(predicate?: (message: StoredMessage) => boolean, timeoutMs?: number): Promise<StoredMessage>;
  /** Generic event wait (no polling): resolves with the first payload the predicate accepts. */
  waitForEvent<K extends keyof DiscordServerEvents>(event: K, predicate?: (payload: DiscordServerEvents[K]) => boolean, timeoutMs?: number): Promise<DiscordServerEvents[K]>;

  /** Global commands, or one guild's commands. */
  registeredCommands(guildId?: string | null): RegisteredCommand[];
  sendInteraction(spec: InteractionSpec): Promise<InteractionRecord>;
  /** A member presses a button on one of the bot's messages; its answer is read like a command's. */
  pressButton(spec: ComponentSpec): Promise<InteractionRecord>;
  interactions(): InteractionRecord[];
  requests(filter?: RouteMatcher): RequestRecord[];

  /** The next `times` requests touching this channel answer `status` (403 Missing Access, 404 Unknown Channel, 429, 5xx). */
  failChannel(channelId: string, status: number, times?: number, options?: { retryAfterMs?: number }): void;
  /** Like failChannel for any route; `body` replaces the default error body for that status. */
  failRoute(route: RouteMatcher, status: number, times?: number, options?: { retryAfterMs?: number; global?: boolean; body?: unknown }): void;
  /** The next request on the route gets a 429 with this retry_after. */
  rateLimitNext(route: RouteMatcher, retryAfterMs: number, options?: { global?: boolean; times?: number }): void;
  clearFailures(): void;

  /** Closes gateway connections from the server (4000 by default: the client resumes). Returns how many closed. */
  disconnectGateway(code?: number, options?: { invalidateSession?: boolean }): number;
  /** Sends op 7 Reconnect: the client closes and resumes. */
  requestReconnect(): void;
  gatewaySessions(): readonly GatewaySession[];

  guild(guildId: string): GuildState;
  /**
   * Changes a server's settings as an admin would in Discord's client (its name, its primary language) and tells
   * the gateway (GUILD_UPDATE). Changing `guild(id)` directly is a change the bot hears of only when it next
   * connects, as when it was offline.
   */
  updateGuild(guildId: string, change: (guild: GuildState) => void): GuildState;
  createChannel(guildId: string, spec: ChannelSpec): ChannelState;
  deleteChannel(channelId: string): void;
  /**
   * Changes a channel as an admin or moderator would in Discord's client (a forum's flags or tags, a post
   * archived or locked) and tells the gateway (CHANNEL_UPDATE, or THREAD_UPDATE for a thread).
   */
  updateChannel(channelId: string, change: (channel: ChannelState) => void): ChannelState;
  /** The posts (threads) of a forum or media channel, oldest first. */
  forumPosts(forumId: string): ChannelState[];
  setChannelOverwrites(channelId: string, overwrites: readonly OverwriteSpec[]): void;
  setBotPermissions(guildId: string, permissions: PermissionInput): void;
  setRolePermissions(guildId: string, roleId: string, permissions: PermissionInput): void;
  addMember(guildId: string, member: MemberSpec): UserState;
  /**
   * The bot is removed from a server (kicked, or the server deleted): GUILD_DELETE without `unavailable`, and
   * REST answers 403 Missing Access for the server and its channels. Its commands stay installed, so members
   * can still send interactions from it (as when only the applications.commands scope remains).
   */
  removeBot(guildId: string): void;
  /** The bot is invited back: GUILD_CREATE, and REST serves the server again. */
  addBot(guildId: string): void;
  setMemberRoles(guildId: string, userId: string, roleIds: readonly string[]): void;
  /** Messages in the bot's DM channel with this member, oldest first (guildId null). */
  directMessages(userId: string): StoredMessage[];
  /** The member turns off "Allow direct messages from server members": posting to their DMs answers 403 50007. */
  closeDirectMessages(userId: string): void;
  openDirectMessages(userId: string): void;
}

const DEFAULT_WAIT_MS = 5000;

function routeMatcher(route: RouteMatcher): (request: { method: string; path: string; route: string }) => boolean {
  if (route instanceof RegExp) return (r) => route.test(`${r.method} ${r.path}`);
  const [first = '', second] = route.trim().split(/\s+/);
  const method = second === undefined ? null : first.toUpperCase();
  const path = (second ?? first).replace(/^\/api(\/v\d+)?/, '');
  const pattern = new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/:[A-Za-z]+/g, '[^/]+')}$`);
  return (r) => (method === null || r.method === method) && pattern.test(r.path);
}

function waitForEmitterEvent<T>(emitter: EventEmitter, event: string, accept: (payload: T) => boolean, timeoutMs: number, what: string, closed: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    if (closed.aborted) {
      reject(new Error(`the Discord server is closed; no ${what} will come`));
      return;
    }
    const onEvent = (payload: T): void => {
      let accepted: boolean;
      try {
        accepted = accept(payload);
      } catch (error) {
        cleanup();
        reject(error instanceof Error ? error : new Error(String(error)));
        return;
      }
      if (!accepted) return;
      cleanup();
      resolve(payload);
    };
    const onClose = (): void => {
      cleanup();
      reject(new Error(`the Discord server closed while waiting for ${what}`));
    };
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`no ${what} within ${timeoutMs} ms`));
    }, timeoutMs);
    timer.unref();
    const cleanup = (): void => {
      clearTimeout(timer);
      emitter.off(event, onEvent);
      closed.removeEventListener('abort', onClose);
    };
    emitter.on(event, onEvent);
    closed.addEventListener('abort', onClose);
  });
}

export async function startDiscordServer(options: DiscordServerOptions): Promise<DiscordServer> {
  const bot = toUserState({ username: 'newsbot', ...options.botUser, bot: true });
  const world = new DiscordWorld(options.token, bot, options.guilds ?? []);
  const privilegedIntents = options.privilegedIntents ?? [];
  const shardCount = options.shardCount ?? 1;
  let port = 0;
  const gatewayUrl = (): string => `ws://127.0.0.1:${port}/gateway`;

  const guildsOfShard = (session: GatewaySession): GuildState[] =>
    [...world.guilds.values()].filter((g) => world.botIsIn(g) && shardOfGuild(g.id, session.shard[1]) === session.shard[0]);
  const applicationFlags =
    (privilegedIntents.includes('GuildPresences') ? 1 << 13 : 0) |
    (privilegedIntents.includes('GuildMembers') ? 1 << 15 : 0) |
    (privilegedIntents.includes('MessageContent') ? 1 << 19 : 0);

  const gateway = new FakeGateway({
    token: options.token,
    heartbeatIntervalMs: options.heartbeatIntervalMs ?? 41_250,
    privilegedIntents,
    resumeUrl: () => `ws://127.0.0.1:${port}/gateway/resume`,
    readyData: (session) => ({
      user: { ...userJson(bot), verified: true, mfa_enabled: false },
      guilds: guildsOfShard(session).map((g) => ({ id: g.id, unavailable: true })),
      application: { id: world.applicationId, flags: applicationFlags },
      private_channels: [],
      presences: [],
      relationships: [],
      guild_join_requests: [],
      user_settings: {},
      geo_ordered_rtc_regions: ['local'],
    }),
    guildCreates: (session) => guildsOfShard(session).map((g) => guildCreateJson(g, bot.id, (session.intents & Intent.GuildMembers) !== 0)),
    emit: (event, payload) => world.events.emit(event, payload),
  });
  const rest = new FakeRest(world, gateway, {
    interactionCallbackTimeoutMs: options.interactionCallbackTimeoutMs ?? 3000,
    gatewayUrl,
    shardCount,
  });

  const server: Server = createServer((request, response) => {
    // A client that hangs up mid-request is not a test failure; drop the socket quietly.
    rest.handle(request, response).catch(() => response.destroy());
  });
  server.on('upgrade', (request, socket, head) => gateway.handleUpgrade(request, socket, head));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;

  const requireGuild = (guildId: string): GuildState => {
    const guild = world.guilds.get(guildId);
    if (!guild) throw new Error(`unknown guild ${guildId}`);
    return guild;
  };
  const requireChannel = (channelId: string): { guild: GuildState; channel: ChannelState } => {
    const found = world.findChannel(channelId);
    if (!found) throw new Error(`unknown channel ${channelId}`);
    return found;
  };
  const addFault = (matches: FaultRule['matches'], status: number, times: number, retryAfterMs: number, global: boolean, body?: unknown): void => {
    rest.faults.push({ matches, status, remaining: times, retryAfterMs, global, ...(body === undefined ? {} : { body }) });
  };
  const channelMessages = (): StoredMessage[] => world.messages.filter((m) => m.source === 'channel' && !m.deleted);

  let closed = false;
  const api: DiscordServer = {
    apiUrl: `http://127.0.0.1:${port}/api`,
    gatewayUrl: gatewayUrl(),
    port,
    bot,
    applicationId: world.applicationId,
    events: world.events,

    async close() {
      if (closed) return;
      closed = true;
      world.closed.abort();
      await gateway.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      world.events.removeAllListeners();
    },

    messages(channelId) {
      return channelMessages().filter((m) => channelId === undefined || m.channelId === channelId);
    },
    allMessages() {
      return world.messages.filter((m) => !m.deleted);
    },
    waitForMessage(predicate = () => true, timeoutMs = DEFAULT_WAIT_MS) {
      const already = channelMessages().find(predicate);
      if (already) return Promise.resolve(already);
      return waitForEmitterEvent<StoredMessage>(world.events, 'message', predicate, timeoutMs, 'matching channel message', world.closed.signal);
    },
    waitForEvent(event, predicate = () => true, timeoutMs = DEFAULT_WAIT_MS) {
      return waitForEmitterEvent(world.events, event, predicate, timeoutMs, `"${event}" event`, world.closed.signal);
    },

    registeredCommands(guildId) {
      return [...world.commandsFor(guildId ?? null)];
    },
    async sendInteraction(spec) {
      const interaction = buildInteraction(world, spec);
      world.interactions.set(interaction.id, interaction);
      const delivered = gateway.dispatchToGuild(interaction.guildId, 'INTERACTION_CREATE', interaction.payload);
      if (delivered === 0) {
        world.interactions.delete(interaction.id);
        throw new Error('no gateway session to deliver the interaction to: has the bot logged in?');
      }
      return interaction;
    },
    async pressButton(spec) {
      const interaction = buildComponentInteraction(world, spec);
      world.interactions.set(interaction.id, interaction);
      if (gateway.dispatchToGuild(interaction.guildId, 'INTERACTION_CREATE', interaction.payload) === 0) {
        world.interactions.delete(interaction.id);
        throw new Error('no gateway session to deliver the interaction to: has the bot logged in?');
      }
      return interaction;
    },
    interactions() {
      return [...world.interactions.values()];
    },
    requests(filter) {
      if (filter === undefined) return [...world.requests];
      const matches = routeMatcher(filter);
      return world.requests.filter((r) => matches({ method: r.method, path: r.path, route: r.route }));
    },

    failChannel(channelId, status, times = Number.POSITIVE_INFINITY, failOptions = {}) {
      addFault((r) => r.params.channelId === channelId, status, times, failOptions.retryAfterMs ?? 100, false);
    },
    failRoute(route, status, times = 1, failOptions = {}) {
      addFault(routeMatcher(route), status, times, failOptions.retryAfterMs ?? 100, failOptions.global ?? false, failOptions.body);
    },
    rateLimitNext(route, retryAfterMs, rateOptions = {}) {
      addFault(routeMatcher(route), 429, rateOptions.times ?? 1, retryAfterMs, rateOptions.global ?? false);
    },
    clearFailures() {
      rest.faults.splice(0, rest.faults.length);
    },

    disconnectGateway(code = GatewayCloseCode.UnknownError, disconnectOptions = {}) {
      return gateway.disconnect(code, disconnectOptions);
    },
    requestReconnect() {
      gateway.requestReconnect();
    },
    gatewaySessions() {
      return gateway.sessions();
    },

    guild(guildId) {
      return requireGuild(guildId);
    },
    updateGuild(guildId, change) {
      const guild = requireGuild(guildId);
      change(guild);
      gateway.dispatchToGuild(guildId, 'GUILD_UPDATE', guildJson(guild), Intent.Guilds);
      return guild;
    },
    createChannel(guildId, spec) {
      const guild = requireGuild(guildId);
      const channel: ChannelState = {
        id: spec.id ?? snowflake(),
        guildId,
        name: spec.name,
        type: spec.type ?? ChannelType.GuildText,
        parentId: spec.parentId ?? null,
        position: spec.position ?? guild.channels.size,
        topic: spec.topic ?? null,
        nsfw: spec.nsfw ?? false,
        overwrites: toOverwrites(spec.permission_overwrites),
        ...forumFieldsOf(spec),
      };
      guild.channels.set(channel.id, channel);
      gateway.dispatchToGuild(guildId, 'CHANNEL_CREATE', channelJson(channel), Intent.Guilds);
      return channel;
    },
    deleteChannel(channelId) {
      const { guild, channel } = requireChannel(channelId);
      guild.channels.delete(channelId);
      world.deletedChannels.add(channelId);
      gateway.dispatchToGuild(guild.id, 'CHANNEL_DELETE', channelJson(channel), Intent.Guilds);
    },
    updateChannel(channelId, change) {
      const { guild, channel } = requireChannel(channelId);
      change(channel);
      gateway.dispatchToGuild(guild.id, channel.thread ? 'THREAD_UPDATE' : 'CHANNEL_UPDATE', channelJson(channel), Intent.Guilds);
      return channel;
    },
    forumPosts(forumId) {
      const { guild } = requireChannel(forumId);
      return [...guild.channels.values()].filter((c) => c.parentId === forumId && c.thread);
    },
    setChannelOverwrites(channelId, overwrites) {
      const { guild, channel } = requireChannel(channelId);
      channel.overwrites = toOverwrites(overwrites);
      gateway.dispatchToGuild(guild.id, 'CHANNEL_UPDATE', channelJson(channel), Intent.Guilds);
    },
    setBotPermissions(guildId, permissions) {
      const guild = requireGuild(guildId);
      api.setRolePermissions(guildId, guild.botRoleId, permissions);
    },
    setRolePermissions(guildId, roleId, permissions) {
      const guild = requireGuild(guildId);
      const role = guild.roles.get(roleId);
      if (!role) throw new Error(`unknown role ${roleId} in guild ${guildId}`);
      role.permissions = toPermissionBits(permissions);
      gateway.dispatchToGuild(guildId, 'GUILD_ROLE_UPDATE', { guild_id: guildId, role: roleJson(role) }, Intent.Guilds);
    },
    addMember(guildId, member) {
      const guild = requireGuild(guildId);
      const user = toUserState(member.user);
      const state = { user, roles: [...(member.roles ?? [])], nick: member.nick ?? null, joinedAt: new Date().toISOString() };
      guild.members.set(user.id, state);
      gateway.dispatchToGuild(guildId, 'GUILD_MEMBER_ADD', { ...memberJson(state), guild_id: guildId }, Intent.GuildMembers);
      return user;
    },
    removeBot(guildId) {
      const guild = requireGuild(guildId);
      if (!guild.members.delete(bot.id)) throw new Error(`the bot is not in guild ${guildId}`);
      gateway.dispatchToGuild(guildId, 'GUILD_DELETE', { id: guildId });
    },
    addBot(guildId) {
      const guild = requireGuild(guildId);
      if (world.botIsIn(guild)) throw new Error(`the bot is already in guild ${guildId}`);
      guild.members.set(bot.id, { user: bot, roles: [guild.botRoleId], nick: null, joinedAt: new Date().toISOString() });
      for (const session of gateway.sessions()) {
        if (shardOfGuild(guildId, session.shard[1]) !== session.shard[0]) continue;
        gateway.dispatch('GUILD_CREATE', guildCreateJson(guild, bot.id, (session.intents & Intent.GuildMembers) !== 0), (s) => s === session);
      }
    },
    directMessages(userId) {
      const ids = new Set([...world.dmChannels.values()].filter((dm) => dm.recipient.id === userId).map((dm) => dm.id));
      return channelMessages().filter((m) => ids.has(m.channelId));
    },
    closeDirectMessages(userId) {
      world.closedDirectMessages.add(userId);
    },
    openDirectMessages(userId) {
      world.closedDirectMessages.delete(userId);
    },
    setMemberRoles(guildId, userId, roleIds) {
      const guild = requireGuild(guildId);
      const member = guild.members.get(userId);
      if (!member) throw new Error(`user ${userId} is not a member of guild ${guildId}`);
      member.roles = [...roleIds];
      // Discord sends the bot its own member updates even without the GuildMembers intent.
      const payload = { ...memberJson(member), guild_id: guildId };
      gateway.dispatch('GUILD_MEMBER_UPDATE', payload, (s) =>
        shardOfGuild(guildId, s.shard[1]) === s.shard[0] && (userId === bot.id || (s.intents & Intent.GuildMembers) !== 0),
      );
    },
  };
  return api;
}
