// The REST half of the fake Discord: routes under /api/v{N} that discord.js and @discordjs/rest call,
// with Discord's status codes, error bodies and rate-limit headers, and hooks for tests to inject
// failures (a channel answering 403, a 429 with retry_after, a 5xx).

import type { IncomingMessage, ServerResponse } from 'node:http';
import { createHash } from 'node:crypto';
import {
  channelJson,
  guildJson,
  memberJson,
  roleJson,
  userJson,
  type ChannelState,
  type GuildState,
} from './discord-model.ts';
import { Permission } from './discord-permissions.ts';
import { applyMessageBody, createStoredMessage, messageJson, MessageFlag, type StoredAttachment, type StoredMessage } from './discord-messages.ts';
import { validateAutocompleteChoices, validateCommand, validateCommandList, validateMessageBody, type DiscordErrorBody } from './discord-validation.ts';
import { CallbackType, InteractionType, type AutocompleteChoice, type InteractionState } from './discord-interactions.ts';
import { snowflake } from './discord-snowflake.ts';
import type { DiscordWorld, DmChannelState, RegisteredCommand, RequestRecord } from './discord-world.ts';
import type { FakeGateway } from './discord-gateway.ts';
import { DiscordErrors } from './discord-errors.ts';
import { defineForumRoutes, sendRefusal, threadEditRefusal } from './discord-forums.ts';

export interface RestReply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

interface RequestContext {
  method: string;
  path: string;
  route: string;
  params: Record<string, string>;
  query: URLSearchParams;
  body: unknown;
  attachments: StoredAttachment[];
}

type Handler = (ctx: RequestContext) => RestReply;

interface Route {
  method: string;
  template: string;
  pattern: RegExp;
  keys: string[];
  auth: boolean;
  handler: Handler;
}

/** One injected failure: matching requests get `status` instead of being handled, `remaining` times. */
export interface FaultRule {
  matches: (request: { method: string; path: string; route: string; params: Record<string, string> }) => boolean;
  status: number;
  remaining: number;
  retryAfterMs: number;
  global: boolean;
  /** Replaces the default Discord error body for the status. */
  body?: unknown;
}

export interface RestOptions {
  interactionCallbackTimeoutMs: number;
  gatewayUrl: () => string;
  shardCount: number;
}

const INTERACTION_TOKEN_LIFETIME_MS = 15 * 60 * 1000;

export { DiscordErrors };

function reply(status: number, body?: unknown): RestReply {
  return { status, body };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function compileRoute(method: string, template: string, auth: boolean, handler: Handler): Route {
  const keys: string[] = [];
  const source = template.replace(/:([A-Za-z]+)/g, (_match, key: string) => {
    keys.push(key);
    return '([^/]+)';
  });
  return { method, template, pattern: new RegExp(`^${source}$`), keys, auth, handler };
}

export function faultResponse(rule: FaultRule): RestReply {
  if (rule.body !== undefined && rule.status !== 429) return reply(rule.status, rule.body);
  if (rule.status === 429) {
    const seconds = (rule.retryAfterMs / 1000).toFixed(3);
    return {
      status: 429,
      body: { message: 'You are being rate limited.', retry_after: rule.retryAfterMs / 1000, global: rule.global },
      headers: {
        'Retry-After': seconds,
        'X-RateLimit-Limit': '5',
        'X-RateLimit-Remaining': '0',
        'X-RateLimit-Reset': ((Date.now() + rule.retryAfterMs) / 1000).toFixed(3),
        'X-RateLimit-Reset-After': seconds,
        'X-RateLimit-Scope': rule.global ? 'global' : 'user',
        ...(rule.global ? { 'X-RateLimit-Global': 'true' } : {}),
      },
    };
  }
  switch (rule.status) {
    case 401:
      return reply(401, DiscordErrors.unauthorized);
    case 403:
      return reply(403, DiscordErrors.missingAccess);
    case 404:
      return reply(404, DiscordErrors.unknownChannel);
    case 502:
      return { status: 502, body: '<html><body><h1>502 Bad Gateway</h1></body></html>', headers: { 'Content-Type': 'text/html' } };
    default:
      return reply(rule.status, rule.status >= 500 ? DiscordErrors.internal : { message: `${rule.status}`, code: 0 });
  }
}

export class FakeRest {
  readonly faults: FaultRule[] = [];
  readonly #routes: Route[] = [];
  readonly #world: DiscordWorld;
  readonly #gateway: FakeGateway;
  readonly #options: RestOptions;

  constructor(world: DiscordWorld, gateway: FakeGateway, options: RestOptions) {
    this.#world = world;
    this.#gateway = gateway;
    this.#options = options;
    this.#defineRoutes();
  }

  async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const method = (request.method ?? 'GET').toUpperCase();
    const raw = await readBody(request);
    const match = /^\/api(?:\/v(\d+))?(\/.*)$/.exec(url.pathname);
    if (!match) {
      send(response, reply(404, DiscordErrors.notFound));
      return;
    }
    const rawPath = match[2] ?? '/';
    // Routes match the raw path (ids never contain '/'); records and fault rules see it decoded (`@original`).
    const path = safeDecode(rawPath);
    let result: RestReply;
    let routeTemplate = path;
    let body: unknown = undefined;
    try {
      const parsed = await parseBody(raw, request.headers['content-type']);
      body = parsed.body;
      const found = this.#match(method, rawPath);
      if (!found) {
        result = reply(404, DiscordErrors.notFound);
      } else {
        routeTemplate = found.route.template;
        const ctx: RequestContext = { method, path, route: found.route.template, params: found.params, query: url.searchParams, body, attachments: parsed.attachments };
        result = this.#run(found.route, ctx, request.headers.authorization);
      }
    } catch (error) {
      result = error instanceof SyntaxError ? reply(400, { message: 'The request body contains invalid JSON.', code: 50109 }) : reply(500, DiscordErrors.internal);
      if (!(error instanceof SyntaxError)) console.error('[fake discord] handler crashed:', error);
    }
    const record: RequestRecord = { method, path, route: `${method} ${routeTemplate}`, status: result.status, at: Date.now(), body };
    this.#world.requests.push(record);
    this.#world.events.emit('request', record);
    send(response, result, rateLimitHeaders(method, routeTemplate, result.status));
  }

  #match(method: string, path: string): { route: Route; params: Record<string, string> } | null {
    for (const route of this.#routes) {
      if (route.method !== method) continue;
      const m = route.pattern.exec(path);
      if (!m) continue;
      const params: Record<string, string> = {};
      route.keys.forEach((key, index) => {
        params[key] = decodeURIComponent(m[index + 1] ?? '');
      });
      return { route, params };
    }
    return null;
  }

  #run(route: Route, ctx: RequestContext, authorization: string | undefined): RestReply {
    if (route.auth && authorization !== `Bot ${this.#world.token}`) return reply(401, DiscordErrors.unauthorized);
    const fault = this.faults.find((rule) => rule.remaining > 0 && rule.matches({ method: ctx.method, path: ctx.path, route: `${ctx.method} ${route.template}`, params: ctx.params }));
    if (fault) {
      fault.remaining -= 1;
      return faultResponse(fault);
    }
    return route.handler(ctx);
  }

  #add(method: string, template: string, handler: Handler, auth = true): void {
    this.#routes.push(compileRoute(method, template, auth, handler));
  }

  #defineRoutes(): void {
    const world = this.#world;
    this.#add('GET', '/gateway', () => reply(200, { url: this.#options.gatewayUrl() }), false);
    this.#add('GET', '/gateway/bot', () =>
      reply(200, {
        url: this.#options.gatewayUrl(),
        shards: this.#options.shardCount,
        session_start_limit: { total: 1000, remaining: 999, reset_after: 86_400_000, max_concurrency: 1 },
      }),
    );
    this.#add('GET', '/users/@me', () => reply(200, { ...userJson(world.bot), verified: true, mfa_enabled: false, locale: 'en-US', email: null }));
    this.#add('GET', '/users/@me/guilds', () =>
      reply(200, [...world.guilds.values()].filter((g) => world.botIsIn(g)).map((g) => ({ id: g.id, name: g.name, icon: null, owner: false, permissions: world.botPermissionsIn(g, firstChannelOrEveryone(g)).toString(), features: [] }))),
    );
    // Create DM: opens (or returns the already open) DM channel with a user the bot shares a server with.
    // Opening succeeds even when the user has closed DMs; Discord refuses only the message (50007).
    this.#add('POST', '/users/@me/channels', ({ body }) => {
      const recipientId = isRecord(body) && typeof body.recipient_id === 'string' ? body.recipient_id : '';
      const recipient = world.findUser(recipientId);
      if (!recipient) return reply(400, DiscordErrors.invalidRecipients);
      return reply(200, dmChannelJson(world.openDmChannel(recipient, snowflake)));
    });
    this.#add('GET', '/users/:userId', ({ params }) => {
      for (const guild of world.guilds.values()) {
        const member = guild.members.get(params.userId ?? '');
        if (member) return reply(200, userJson(member.user));
      }
      return reply(404, DiscordErrors.unknownUser);
    });
    this.#add('GET', '/applications/@me', () =>
      reply(200, {
        id: world.applicationId,
        name: world.bot.username,
        icon: null,
        description: '',
        bot_public: true,
        bot_require_code_grant: false,
        flags: 0,
        bot: userJson(world.bot),
        owner: { id: snowflake(), username: 'owner', discriminator: '0', global_name: null, avatar: null },
        team: null,
        verify_key: '0'.repeat(64),
        approximate_guild_count: world.guilds.size,
        tags: [],
      }),
    );

    // application commands: global and per guild
    for (const scope of ['global', 'guild'] as const) {
      const base = scope === 'global' ? '/applications/:appId/commands' : '/applications/:appId/guilds/:guildId/commands';
      this.#add('GET', base, (ctx) => this.#withCommandScope(ctx, (guildId) => reply(200, world.commandsFor(guildId))));
      this.#add('PUT', base, (ctx) => this.#withCommandScope(ctx, (guildId) => this.#overwriteCommands(guildId, ctx.body)));
      this.#add('POST', base, (ctx) => this.#withCommandScope(ctx, (guildId) => this.#createCommand(guildId, ctx.body)));
      this.#add('GET', `${base}/:commandId`, (ctx) =>
        this.#withCommandScope(ctx, (guildId) => {
          const command = world.commandsFor(guildId).find((c) => c.id === ctx.params.commandId);
          return command ? reply(200, command) : reply(404, DiscordErrors.unknownCommand);
        }),
      );
      this.#add('PATCH', `${base}/:commandId`, (ctx) => this.#withCommandScope(ctx, (guildId) => this.#editCommand(guildId, ctx.params.commandId ?? '', ctx.body)));
      this.#add('DELETE', `${base}/:commandId`, (ctx) =>
        this.#withCommandScope(ctx, (guildId) => {
          const commands = world.commandsFor(guildId);
          if (!commands.some((c) => c.id === ctx.params.commandId)) return reply(404, DiscordErrors.unknownCommand);
          world.setCommands(guildId, commands.filter((c) => c.id !== ctx.params.commandId));
          return reply(204);
        }),
      );
    }

    // channels and messages
    this.#add('GET', '/channels/:channelId', (ctx) => {
      const dm = world.dmChannels.get(ctx.params.channelId ?? '');
      return dm ? reply(200, dmChannelJson(dm)) : this.#withChannel(ctx, ({ channel }) => reply(200, channelJson(channel)));
    });
    this.#add('POST', '/channels/:channelId/messages', (ctx) => {
      const dm = world.dmChannels.get(ctx.params.channelId ?? '');
      return dm ? this.#createDmMessage(dm, ctx) : this.#withChannel(ctx, (found) => this.#createChannelMessage(found, ctx));
    });
    this.#add('GET', '/channels/:channelId/messages', (ctx) =>
      this.#withChannel(ctx, ({ guild, channel }) => {
        if ((world.botPermissionsIn(guild, channel) & Permission.ReadMessageHistory) === 0n) return reply(200, []);
        const limit = Math.min(100, Number(ctx.query.get('limit') ?? 50));
        const list = world.messages.filter((m) => m.channelId === channel.id && !m.deleted && !m.ephemeral).slice(-limit).reverse();
        return reply(200, list.map((m) => messageJson(m, world.applicationId)));
      }),
    );
    this.#add('GET', '/channels/:channelId/messages/:messageId', (ctx) =>
      this.#withChannel(ctx, () => {
        const message = this.#channelMessage(ctx);
        return message ? reply(200, messageJson(message, world.applicationId)) : reply(404, DiscordErrors.unknownMessage);
      }),
    );
    this.#add('PATCH', '/channels/:channelId/messages/:messageId', (ctx) =>
      world.dmChannels.has(ctx.params.channelId ?? '') ? this.#editDmMessage(ctx) : this.#withChannel(ctx, ({ guild, channel }) => {
        const message = this.#channelMessage(ctx);
        if (!message) return reply(404, DiscordErrors.unknownMessage);
        if (message.author.id !== world.bot.id) return reply(403, { message: 'Cannot edit a message authored by another user', code: 50005 });
        const archived = threadEditRefusal(channel);
        if (archived) return archived;
        const invalid = validateMessageBody(ctx.body, { isEdit: true });
        if (invalid) return reply(400, invalid);
        const canEmbed = (world.botPermissionsIn(guild, channel) & Permission.EmbedLinks) !== 0n;
        applyMessageBody(message, ctx.body as Record<string, unknown>, world.pingContextFor(guild, channel, false), { dropEmbeds: !canEmbed, isEdit: true });
        message.editedAt = Date.now();
        world.events.emit('messageUpdate', message);
        return reply(200, messageJson(message, world.applicationId));
      }),
    );
    this.#add('DELETE', '/channels/:channelId/messages/:messageId', (ctx) =>
      this.#withChannel(ctx, () => {
        const message = this.#channelMessage(ctx);
        if (!message) return reply(404, DiscordErrors.unknownMessage);
        message.deleted = true;
        world.events.emit('messageDelete', message);
        return reply(204);
      }),
    );
    // Start Thread from Message: a public thread whose id is the message's; one thread per message.
    this.#add('POST', '/channels/:channelId/messages/:messageId/threads', (ctx) =>
      this.#withChannel(ctx, ({ guild, channel }) => {
        const message = this.#channelMessage(ctx);
        if (!message) return reply(404, DiscordErrors.unknownMessage);
        if ((world.botPermissionsIn(guild, channel) & Permission.CreatePublicThreads) === 0n) return reply(403, DiscordErrors.missingPermissions);
        if (guild.channels.has(message.id)) return reply(400, { message: 'A thread has already been created for this message', code: 160004 });
        const name = (ctx.body as { name?: unknown } | undefined)?.name;
        if (typeof name !== 'string' || name.length < 1 || name.length > 100) return reply(400, { message: 'Invalid Form Body', code: 50035, errors: { name: { _errors: [{ code: 'BASE_TYPE_BAD_LENGTH', message: 'Must be between 1 and 100 in length.' }] } } });
        const thread: ChannelState = { id: message.id, guildId: guild.id, name, type: 11, parentId: channel.id, position: 0, topic: null, nsfw: false, overwrites: channel.overwrites, thread: { ownerId: world.bot.id, archived: false, locked: false, autoArchiveDuration: 1440 } };
        guild.channels.set(thread.id, thread);
        world.events.emit('threadCreate', { threadId: thread.id, parentId: channel.id, messageId: message.id, name });
        return reply(201, channelJson(thread));
      }),
    );
    this.#add('POST', '/channels/:channelId/typing', (ctx) => this.#withChannel(ctx, () => reply(204)));
    defineForumRoutes({ world, gateway: this.#gateway, add: (method, template, handler) => this.#add(method, template, handler), withChannel: (ctx, run) => this.#withChannel(ctx as RequestContext, run), withGuild: (ctx, run) => this.#withGuild(ctx as RequestContext, run) });

    // guilds
    this.#add('GET', '/guilds/:guildId', (ctx) => this.#withGuild(ctx, (guild) => reply(200, { ...guildJson(guild), approximate_member_count: guild.members.size, approximate_presence_count: 0 })));
    this.#add('GET', '/guilds/:guildId/channels', (ctx) => this.#withGuild(ctx, (guild) => reply(200, [...guild.channels.values()].map(channelJson))));
    this.#add('GET', '/guilds/:guildId/roles', (ctx) => this.#withGuild(ctx, (guild) => reply(200, [...guild.roles.values()].map(roleJson))));
    this.#add('GET', '/guilds/:guildId/members/:userId', (ctx) =>
      this.#withGuild(ctx, (guild) => {
        const userId = ctx.params.userId === '@me' ? world.bot.id : (ctx.params.userId ?? '');
        const member = guild.members.get(userId);
        return member ? reply(200, memberJson(member)) : reply(404, DiscordErrors.unknownMember);
      }),
    );

    // interactions: callbacks and the interaction webhook (no bot token: the interaction token is the auth)
    this.#add('POST', '/interactions/:interactionId/:token/callback', (ctx) => this.#interactionCallback(ctx), false);
    this.#add('POST', '/webhooks/:appId/:token', (ctx) => this.#withInteractionWebhook(ctx, (interaction) => this.#followUp(interaction, ctx)), false);
    this.#add('GET', '/webhooks/:appId/:token/messages/:messageId', (ctx) =>
      this.#withInteractionWebhook(ctx, (interaction) => {
        const message = webhookMessage(interaction, ctx.params.messageId ?? '');
        return message ? reply(200, messageJson(message, world.applicationId)) : reply(404, DiscordErrors.unknownMessage);
      }), false);
    this.#add('PATCH', '/webhooks/:appId/:token/messages/:messageId', (ctx) => this.#withInteractionWebhook(ctx, (interaction) => this.#editWebhookMessage(interaction, ctx)), false);
    this.#add('DELETE', '/webhooks/:appId/:token/messages/:messageId', (ctx) =>
      this.#withInteractionWebhook(ctx, (interaction) => {
        const message = webhookMessage(interaction, ctx.params.messageId ?? '');
        if (!message) return reply(404, DiscordErrors.unknownMessage);
        message.deleted = true;
        this.#interactionChanged(interaction, 'delete', message);
        return reply(204);
      }), false);
  }

  // ---- helpers shared by routes ----

  #withChannel(ctx: RequestContext, run: (found: { guild: GuildState; channel: ChannelState }) => RestReply): RestReply {
    const channelId = ctx.params.channelId ?? '';
    const found = this.#world.deletedChannels.has(channelId) ? null : this.#world.findChannel(channelId);
    if (!found) return reply(404, DiscordErrors.unknownChannel);
    // A server that removed the bot: Discord answers 403 Missing Access for its channels.
    if (!this.#world.botIsIn(found.guild)) return reply(403, DiscordErrors.missingAccess);
    if ((this.#world.botPermissionsIn(found.guild, found.channel) & Permission.ViewChannel) === 0n) return reply(403, DiscordErrors.missingAccess);
    return run(found);
  }

  #withGuild(ctx: RequestContext, run: (guild: GuildState) => RestReply): RestReply {
    const guild = this.#world.guilds.get(ctx.params.guildId ?? '');
    if (guild && !this.#world.botIsIn(guild)) return reply(403, DiscordErrors.missingAccess);
    return guild ? run(guild) : reply(404, DiscordErrors.unknownGuild);
  }

  #channelMessage(ctx: RequestContext): StoredMessage | undefined {
    return this.#world.messages.find((m) => m.id === ctx.params.messageId && m.channelId === ctx.params.channelId && !m.deleted && !m.ephemeral);
  }

  #createChannelMessage({ guild, channel }: { guild: GuildState; channel: ChannelState }, ctx: RequestContext): RestReply {
    const world = this.#world;
    if (!world.channelIsTextBased(channel)) return reply(400, DiscordErrors.nonTextChannel);
    const permissions = world.botPermissionsIn(guild, channel);
    const refused = sendRefusal(this.#gateway, guild, channel, permissions);
    if (refused) return refused;
    const invalid = validateMessageBody(ctx.body);
    if (invalid) return reply(400, invalid);
    const body = ctx.body as Record<string, unknown>;
    // enforce_nonce: Discord answers a repeated nonce (same author, same channel, within minutes) with the
    // message it already created instead of posting a duplicate.
    if (body.enforce_nonce === true && (typeof body.nonce === 'string' || typeof body.nonce === 'number')) {
      const nonce = String(body.nonce);
      const earlier = world.messages.find(
        (m) => m.channelId === channel.id && !m.deleted && String(m.body.nonce ?? '') === nonce && Date.now() - m.createdAt < NONCE_WINDOW_MS,
      );
      if (earlier) return reply(200, messageJson(earlier, world.applicationId));
    }
    const canEmbed = (permissions & Permission.EmbedLinks) !== 0n;
    const hasEmbeds = Array.isArray(body.embeds) && body.embeds.length > 0;
    const hasOtherContent = (typeof body.content === 'string' && body.content.trim() !== '') || ctx.attachments.length > 0 || (Array.isArray(body.components) && body.components.length > 0);
    // Without Embed Links Discord refuses an embed-only message and silently drops embeds otherwise.
    if (hasEmbeds && !canEmbed && !hasOtherContent) return reply(403, DiscordErrors.missingPermissions);
    if (ctx.attachments.length > 0 && (permissions & Permission.AttachFiles) === 0n) return reply(403, DiscordErrors.missingPermissions);
    const message = createStoredMessage({
      channelId: channel.id,
      guildId: guild.id,
      source: 'channel',
      interactionId: null,
      author: world.bot,
      body,
      attachments: ctx.attachments,
      pingContext: world.pingContextFor(guild, channel, false),
      dropEmbeds: !canEmbed,
    });
    world.storeMessage(message);
    world.events.emit('message', message);
    this.#gateway.dispatchToGuild(guild.id, 'MESSAGE_CREATE', messageJson(message, world.applicationId), 1 << 9);
    return reply(200, messageJson(message, world.applicationId));
  }

  /** The bot edits its own DM (an alert gaining "Also reported by"), as in a channel but without permissions. */
  #editDmMessage(ctx: RequestContext): RestReply {
    const world = this.#world;
    const message = this.#channelMessage(ctx);
    if (!message) return reply(404, DiscordErrors.unknownMessage);
    const invalid = validateMessageBody(ctx.body, { isEdit: true });
    if (invalid) return reply(400, invalid);
    applyMessageBody(message, ctx.body as Record<string, unknown>, world.pingContextFor(null, null, false), { isEdit: true });
    message.editedAt = Date.now();
    world.events.emit('messageUpdate', message);
    return reply(200, messageJson(message, world.applicationId));
  }

  #createDmMessage(dm: DmChannelState, ctx: RequestContext): RestReply {
    const world = this.#world;
    // A member who closed DMs from server members (or blocked the bot): Discord answers 403 with 50007.
    if (world.closedDirectMessages.has(dm.recipient.id)) return reply(403, DiscordErrors.cannotMessageUser);
    const invalid = validateMessageBody(ctx.body);
    if (invalid) return reply(400, invalid);
    const body = ctx.body as Record<string, unknown>;
    if (body.enforce_nonce === true && (typeof body.nonce === 'string' || typeof body.nonce === 'number')) {
      const nonce = String(body.nonce);
      const earlier = world.messages.find((m) => m.channelId === dm.id && !m.deleted && String(m.body.nonce ?? '') === nonce && Date.now() - m.createdAt < NONCE_WINDOW_MS);
      if (earlier) return reply(200, messageJson(earlier, world.applicationId));
    }
    const message = createStoredMessage({
      channelId: dm.id,
      guildId: null,
      source: 'channel',
      interactionId: null,
      author: world.bot,
      body,
      attachments: ctx.attachments,
      pingContext: world.pingContextFor(null, null, false),
    });
    world.storeMessage(message);
    world.events.emit('message', message);
    return reply(200, messageJson(message, world.applicationId));
  }

  #withCommandScope(ctx: RequestContext, run: (guildId: string | null) => RestReply): RestReply {
    if (ctx.params.appId !== this.#world.applicationId) return reply(403, DiscordErrors.missingAccess);
    const guildId = ctx.params.guildId ?? null;
    if (guildId !== null && !this.#world.guilds.has(guildId)) return reply(403, DiscordErrors.missingAccess);
    return run(guildId);
  }

  #toRegistered(guildId: string | null, body: Record<string, unknown>, existing: RegisteredCommand | undefined): RegisteredCommand {
    const type = Number(body.type ?? 1);
    const command: RegisteredCommand = {
      ...body,
      id: existing?.id ?? snowflake(),
      application_id: this.#world.applicationId,
      name: String(body.name),
      description: type === 1 ? String(body.description ?? '') : '',
      type,
      default_member_permissions: (body.default_member_permissions as string | null | undefined) ?? null,
      nsfw: body.nsfw === true,
      version: snowflake(),
      contexts: (body.contexts as number[] | null | undefined) ?? null,
      integration_types: (body.integration_types as number[] | undefined) ?? [0],
      ...(guildId === null ? { dm_permission: body.dm_permission !== false } : { guild_id: guildId }),
    };
    if (Array.isArray(body.options)) command.options = body.options as RegisteredCommand['options'];
    else delete command.options;
    return command;
  }

  #overwriteCommands(guildId: string | null, body: unknown): RestReply {
    const invalid = validateCommandList(body);
    if (invalid) return reply(400, invalid);
    const previous = this.#world.commandsFor(guildId);
    const commands = (body as Record<string, unknown>[]).map((c) =>
      this.#toRegistered(guildId, c, previous.find((p) => p.name === c.name && p.type === Number(c.type ?? 1))),
    );
    this.#world.setCommands(guildId, commands);
    return reply(200, commands);
  }

  #createCommand(guildId: string | null, body: unknown): RestReply {
    const invalid = validateCommand(body);
    if (invalid) return reply(400, invalid);
    const input = body as Record<string, unknown>;
    const previous = this.#world.commandsFor(guildId);
    const existing = previous.find((p) => p.name === input.name && p.type === Number(input.type ?? 1));
    const command = this.#toRegistered(guildId, input, existing);
    this.#world.setCommands(guildId, [...previous.filter((p) => p !== existing), command]);
    return reply(existing ? 200 : 201, command);
  }

  #editCommand(guildId: string | null, commandId: string, body: unknown): RestReply {
    const previous = this.#world.commandsFor(guildId);
    const existing = previous.find((c) => c.id === commandId);
    if (!existing) return reply(404, DiscordErrors.unknownCommand);
    const merged = { ...existing, ...(isRecord(body) ? body : {}) };
    const invalid = validateCommand(merged);
    if (invalid) return reply(400, invalid);
    const command = this.#toRegistered(guildId, merged, existing);
    this.#world.setCommands(guildId, previous.map((c) => (c === existing ? command : c)));
    return reply(200, command);
  }

  // ---- interactions ----

  #interactionChanged(interaction: InteractionState, kind: 'callback' | 'edit' | 'followUp' | 'delete', message?: StoredMessage, callbackType?: number): void {
    interaction.changed();
    this.#world.events.emit('interactionResponse', {
      interactionId: interaction.id,
      commandName: interaction.commandName,
      kind,
      ...(callbackType === undefined ? {} : { callbackType }),
      ...(message ? { message } : {}),
    });
  }

  #newInteractionMessage(interaction: InteractionState, body: Record<string, unknown>, source: 'interaction' | 'followUp', options: { loading?: boolean; attachments?: StoredAttachment[] } = {}): StoredMessage {
    const found = this.#world.findChannel(interaction.channelId);
    return createStoredMessage({
      channelId: interaction.channelId,
      guildId: interaction.guildId,
      source,
      interactionId: interaction.id,
      author: this.#world.bot,
      body,
      attachments: options.attachments ?? [],
      pingContext: this.#world.pingContextFor(found?.guild ?? null, found?.channel ?? null, true),
      loading: options.loading ?? false,
    });
  }

  #interactionCallback(ctx: RequestContext): RestReply {
    const interaction = this.#world.interactions.get(ctx.params.interactionId ?? '');
    if (!interaction || interaction.token !== ctx.params.token) return reply(404, DiscordErrors.unknownInteraction);
    if (interaction.callback) return reply(400, DiscordErrors.alreadyAcknowledged);
    if (Date.now() - interaction.createdAt >= (interaction.acknowledgeWithinMs ?? this.#options.interactionCallbackTimeoutMs)) return reply(404, DiscordErrors.unknownInteraction);
    const body = isRecord(ctx.body) ? ctx.body : {};
    const type = Number(body.type);
    const data = isRecord(body.data) ? body.data : null;
    const allowed: number[] =
      interaction.type === InteractionType.Autocomplete
        ? [CallbackType.AutocompleteResult]
        : interaction.type === InteractionType.MessageComponent
          ? [CallbackType.ChannelMessageWithSource, CallbackType.DeferredChannelMessageWithSource, CallbackType.DeferredUpdateMessage, CallbackType.UpdateMessage, CallbackType.Modal]
          : [CallbackType.ChannelMessageWithSource, CallbackType.DeferredChannelMessageWithSource, CallbackType.Modal];
    if (!allowed.includes(type)) {
      return reply(400, { code: 50035, message: 'Invalid Form Body', errors: { type: { _errors: [{ code: 'INTERACTION_RESPONSE_TYPE_INVALID', message: `Interaction response type ${type} is not valid for this interaction.` }] } } });
    }
    let message: StoredMessage | undefined;
    if (type === CallbackType.ChannelMessageWithSource || type === CallbackType.UpdateMessage) {
      const invalid: DiscordErrorBody | null = validateMessageBody(data ?? {}, { path: ['data'], isEdit: type === CallbackType.UpdateMessage });
      if (invalid) return reply(400, invalid);
      message = this.#newInteractionMessage(interaction, data ?? {}, 'interaction', { attachments: ctx.attachments });
    } else if (type === CallbackType.DeferredChannelMessageWithSource) {
      const flags = typeof data?.flags === 'number' ? data.flags & MessageFlag.Ephemeral : 0;
      message = this.#newInteractionMessage(interaction, { content: '', flags }, 'interaction', { loading: true });
    } else if (type === CallbackType.AutocompleteResult) {
      const invalid = validateAutocompleteChoices(data);
      if (invalid) return reply(400, invalid);
      interaction.choices = (data?.choices ?? []) as AutocompleteChoice[];
    }
    interaction.callback = { type, data, at: Date.now() };
    if (message) {
      interaction.original = message;
      this.#world.storeMessage(message);
    }
    this.#interactionChanged(interaction, 'callback', message, type);
    if (ctx.query.get('with_response') !== 'true') return reply(204);
    return reply(200, {
      interaction: {
        id: interaction.id,
        type: interaction.type,
        response_message_id: message?.id,
        response_message_loading: message?.loading ?? false,
        response_message_ephemeral: message?.ephemeral ?? false,
      },
      resource: { type, ...(message ? { message: messageJson(message, this.#world.applicationId) } : {}) },
    });
  }

  #withInteractionWebhook(ctx: RequestContext, run: (interaction: InteractionState) => RestReply): RestReply {
    if (ctx.params.appId !== this.#world.applicationId) return reply(404, DiscordErrors.unknownWebhook);
    const interaction = [...this.#world.interactions.values()].find((i) => i.token === ctx.params.token);
    if (!interaction) return reply(401, DiscordErrors.invalidWebhookToken);
    if (Date.now() - interaction.createdAt > INTERACTION_TOKEN_LIFETIME_MS) return reply(401, DiscordErrors.invalidWebhookToken);
    if (!interaction.callback) return reply(404, DiscordErrors.unknownWebhook);
    return run(interaction);
  }

  #editWebhookMessage(interaction: InteractionState, ctx: RequestContext): RestReply {
    const message = webhookMessage(interaction, ctx.params.messageId ?? '');
    if (!message) return reply(404, DiscordErrors.unknownMessage);
    const invalid = validateMessageBody(ctx.body, { isEdit: true });
    if (invalid) return reply(400, invalid);
    const found = this.#world.findChannel(interaction.channelId);
    applyMessageBody(message, ctx.body as Record<string, unknown>, this.#world.pingContextFor(found?.guild ?? null, found?.channel ?? null, true), { attachments: ctx.attachments, isEdit: true });
    message.loading = false;
    message.editedAt = Date.now();
    this.#interactionChanged(interaction, 'edit', message);
    return reply(200, messageJson(message, this.#world.applicationId));
  }

  #followUp(interaction: InteractionState, ctx: RequestContext): RestReply {
    const invalid = validateMessageBody(ctx.body);
    if (invalid) return reply(400, invalid);
    const body = ctx.body as Record<string, unknown>;
    const original = interaction.original;
    let message: StoredMessage;
    if (original && original.loading && !original.deleted) {
      // Discord turns the first follow-up after a deferred reply into that reply (keeping its ephemerality);
      // once that placeholder is deleted, a follow-up is a message of its own.
      const found = this.#world.findChannel(interaction.channelId);
      applyMessageBody(original, body, this.#world.pingContextFor(found?.guild ?? null, found?.channel ?? null, true), { attachments: ctx.attachments, isEdit: true });
      original.loading = false;
      original.editedAt = Date.now();
      message = original;
      this.#interactionChanged(interaction, 'edit', message);
    } else {
      message = this.#newInteractionMessage(interaction, body, 'followUp', { attachments: ctx.attachments });
      interaction.followUps.push(message);
      this.#world.storeMessage(message);
      this.#interactionChanged(interaction, 'followUp', message);
    }
    return ctx.query.get('wait') === 'false' ? reply(204) : reply(200, messageJson(message, this.#world.applicationId));
  }
}

/** How long Discord remembers an enforced nonce (documented as "a few minutes"). */
const NONCE_WINDOW_MS = 5 * 60_000;

function safeDecode(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

function webhookMessage(interaction: InteractionState, messageId: string): StoredMessage | undefined {
  const candidates = [interaction.original, ...interaction.followUps].filter((m): m is StoredMessage => m !== null && !m.deleted);
  return messageId === '@original' ? candidates.find((m) => m === interaction.original) : candidates.find((m) => m.id === messageId);
}

function firstChannelOrEveryone(guild: GuildState): ChannelState {
  return [...guild.channels.values()][0] ?? { id: guild.id, guildId: guild.id, name: '', type: 4, parentId: null, position: 0, topic: null, nsfw: false, overwrites: [] };
}

function dmChannelJson(dm: DmChannelState): Record<string, unknown> {
  return { id: dm.id, type: 1, last_message_id: null, flags: 0, recipients: [userJson(dm.recipient)] };
}

function rateLimitHeaders(method: string, route: string, status: number): Record<string, string> {
  if (status === 429) return {};
  const bucket = createHash('sha1').update(`${method} ${route}`).digest('hex').slice(0, 16);
  return {
    'X-RateLimit-Bucket': bucket,
    'X-RateLimit-Limit': '50',
    'X-RateLimit-Remaining': '49',
    'X-RateLimit-Reset': ((Date.now() + 1000) / 1000).toFixed(3),
    'X-RateLimit-Reset-After': '1.000',
  };
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function parseBody(raw: Buffer, contentType: string | undefined): Promise<{ body: unknown; attachments: StoredAttachment[] }> {
  if (raw.length === 0) return { body: undefined, attachments: [] };
  if (contentType?.startsWith('multipart/form-data')) {
    // @discordjs/rest sends files as multipart with the JSON in `payload_json`.
    const form = await new Response(new Uint8Array(raw), { headers: { 'content-type': contentType } }).formData();
    const attachments: StoredAttachment[] = [];
    let body: unknown = {};
    for (const [key, value] of form.entries()) {
      if (key === 'payload_json' && typeof value === 'string') body = JSON.parse(value);
      else if (typeof value !== 'string') attachments.push({ filename: value.name, size: value.size, contentType: value.type || null, data: Buffer.from(await value.arrayBuffer()) });
    }
    return { body, attachments };
  }
  return { body: JSON.parse(raw.toString('utf8')), attachments: [] };
}

function send(response: ServerResponse, result: RestReply, extraHeaders: Record<string, string> = {}): void {
  const headers: Record<string, string> = { ...extraHeaders, ...(result.headers ?? {}) };
  if (result.status === 204 || result.body === undefined) {
    response.writeHead(result.status, headers);
    response.end();
    return;
  }
  const isText = typeof result.body === 'string';
  headers['Content-Type'] ??= isText ? 'text/plain' : 'application/json';
  response.writeHead(result.status, headers);
  response.end(isText ? result.body : JSON.stringify(result.body));
}
