// Interactions a test "user" starts: the INTERACTION_CREATE payload Discord would dispatch for a slash
// command or an autocomplete keystroke (options typed from the registered definition, resolved
// channels/roles/users, the member's and the app's permissions), and the record of how the bot answered.

import { EventEmitter } from 'node:events';
import { randomBytes } from 'node:crypto';
import {
  channelJson,
  memberChannelPermissions,
  memberJson,
  roleJson,
  toUserState,
  userJson,
  type ChannelState,
  type GuildState,
  type MemberState,
  type UserSpec,
} from './discord-model.ts';
import { toPermissionBits, type PermissionInput } from './discord-permissions.ts';
import { snowflake } from './discord-snowflake.ts';
import { OptionType } from './discord-validation.ts';
import { messageJson, type StoredMessage } from './discord-messages.ts';
import type { CommandOptionSchema, DiscordWorld, RegisteredCommand } from './discord-world.ts';

export const InteractionType = { Ping: 1, ApplicationCommand: 2, MessageComponent: 3, Autocomplete: 4, ModalSubmit: 5 } as const;

export const CallbackType = {
  ChannelMessageWithSource: 4,
  DeferredChannelMessageWithSource: 5,
  DeferredUpdateMessage: 6,
  UpdateMessage: 7,
  AutocompleteResult: 8,
  Modal: 9,
} as const;

/** An option exactly as Discord sends it, for tests that want full control. */
export interface RawCommandOption {
  name: string;
  type: number;
  value?: string | number | boolean;
  focused?: boolean;
  options?: RawCommandOption[];
}

export type OptionValue = string | number | boolean;

/**
 * A file a member attaches to an attachment option. Discord uploads it to its CDN and sends the bot the
 * attachment's id as the option's value, with its details (and the URL to download it from) in
 * `data.resolved.attachments`; here the URL is wherever the test serves the bytes.
 */
export interface AttachmentSpec {
  filename: string;
  url: string;
  size: number;
  contentType?: string;
}

export interface InteractionSpec {
  guildId: string;
  channelId: string;
  /** A member of the guild by id, or a new user who joins as a member (with `roles`). */
  user: string | UserSpec;
  /** Roles for a user given as a spec (ignored for an existing member). */
  roles?: readonly string[];
  /** Overrides `member.permissions` (otherwise computed from roles and channel overwrites, as Discord does). */
  memberPermissions?: PermissionInput;
  /** `'alerts'`, or with its subcommand: `'alerts channel'`, `'feeds list'`, `'alerts digest set'`. */
  commandName: string;
  subcommandGroup?: string;
  subcommand?: string;
  /** Option values by name, typed from the registered definition; or raw Discord options. */
  options?: Readonly<Record<string, OptionValue>> | readonly RawCommandOption[];
  /** Files for attachment options, by option name (they count as given options). */
  attachments?: Readonly<Record<string, AttachmentSpec>>;
  /** `command` (default, type 2) or `autocomplete` (type 4). */
  type?: 'command' | 'autocomplete' | 2 | 4;
  /** For autocomplete: the option being typed into (its value is the partial text). */
  focused?: string;
  locale?: string;
  /** How long the bot has to acknowledge (Discord: 3000 ms); defaults to the server's setting. */
  acknowledgeWithinMs?: number;
}

export interface AutocompleteChoice {
  name: string;
  value: string | number;
  name_localizations?: Record<string, string> | null;
}

export interface InteractionCallbackRecord {
  type: number;
  data: Record<string, unknown> | null;
  at: number;
}

/** The reply a user sees: the callback message, or the deferred reply once edited (or first followed up). */
export interface InteractionReply {
  content: string;
  embeds: StoredMessage['embeds'];
  components: unknown[];
  ephemeral: boolean;
  deferred: boolean;
  message: StoredMessage;
  /** Milliseconds from dispatch to this visible reply. */
  latencyMs: number;
}

export interface InteractionRecord {
  readonly id: string;
  readonly token: string;
  readonly type: number;
  readonly commandName: string;
  readonly guildId: string;
  readonly channelId: string;
  readonly userId: string;
  /** The INTERACTION_CREATE `d` that was dispatched. */
  readonly payload: Record<string, unknown>;
  readonly createdAt: number;
  readonly callback: InteractionCallbackRecord | null;
  /** The @original message: the reply, or the deferred placeholder and what it was edited into. */
  readonly original: StoredMessage | null;
  readonly followUps: readonly StoredMessage[];
  readonly choices: AutocompleteChoice[] | null;
  readonly deferred: boolean;
  readonly ephemeral: boolean | null;
  waitForCallback(timeoutMs?: number): Promise<InteractionCallbackRecord>;
  waitForResponse(timeoutMs?: number): Promise<InteractionReply>;
  waitForAutocomplete(timeoutMs?: number): Promise<AutocompleteChoice[]>;
  waitForFollowUps(count: number, timeoutMs?: number): Promise<StoredMessage[]>;
}

const DEFAULT_WAIT_MS = 5000;

export class InteractionState implements InteractionRecord {
  readonly id: string;
  readonly token: string;
  readonly type: number;
  readonly commandName: string;
  readonly guildId: string;
  readonly channelId: string;
  readonly userId: string;
  readonly payload: Record<string, unknown>;
  readonly createdAt = Date.now();
  callback: InteractionCallbackRecord | null = null;
  original: StoredMessage | null = null;
  readonly followUps: StoredMessage[] = [];
  choices: AutocompleteChoice[] | null = null;
  repliedAt: number | null = null;
  /** Acknowledging later than this many ms after dispatch gets 10062 Unknown interaction. */
  acknowledgeWithinMs: number | undefined;
  readonly #changes = new EventEmitter();
  readonly #closed: AbortSignal;

  constructor(init: { id: string; token: string; type: number; commandName: string; guildId: string; channelId: string; userId: string; payload: Record<string, unknown>; acknowledgeWithinMs?: number; closed: AbortSignal }) {
    this.id = init.id;
    this.token = init.token;
    this.type = init.type;
    this.commandName = init.commandName;
    this.guildId = init.guildId;
    this.channelId = init.channelId;
    this.userId = init.userId;
    this.payload = init.payload;
    this.acknowledgeWithinMs = init.acknowledgeWithinMs;
    this.#closed = init.closed;
    this.#changes.setMaxListeners(0);
  }

  get deferred(): boolean {
    return this.callback?.type === CallbackType.DeferredChannelMessageWithSource || this.callback?.type === CallbackType.DeferredUpdateMessage;
  }

  get ephemeral(): boolean | null {
    return this.original ? this.original.ephemeral : null;
  }

  /** Called by the REST side after every change, to wake waiters. */
  changed(): void {
    if (this.original && !this.original.loading && this.repliedAt === null) this.repliedAt = Date.now();
    this.#changes.emit('change');
  }

  waitForCallback(timeoutMs = DEFAULT_WAIT_MS): Promise<InteractionCallbackRecord> {
    return this.#waitUntil(() => this.callback ?? undefined, timeoutMs, 'a callback');
  }

  waitForResponse(timeoutMs = DEFAULT_WAIT_MS): Promise<InteractionReply> {
    return this.#waitUntil(
      () => {
        if (this.callback?.type === CallbackType.AutocompleteResult) {
          throw new Error(`/${this.commandName} answered with autocomplete choices, not a message`);
        }
        const message = this.original;
        if (!message || message.loading) return undefined;
        return {
          content: message.content,
          embeds: message.embeds,
          components: message.components,
          ephemeral: message.ephemeral,
          deferred: this.deferred,
          message,
          latencyMs: (this.repliedAt ?? Date.now()) - this.createdAt,
        };
      },
      timeoutMs,
      'a visible reply',
    );
  }

  waitForAutocomplete(timeoutMs = DEFAULT_WAIT_MS): Promise<AutocompleteChoice[]> {
    return this.#waitUntil(() => this.choices ?? undefined, timeoutMs, 'autocomplete choices');
  }

  waitForFollowUps(count: number, timeoutMs = DEFAULT_WAIT_MS): Promise<StoredMessage[]> {
    return this.#waitUntil(() => (this.followUps.length >= count ? this.followUps.slice(0, count) : undefined), timeoutMs, `${count} follow-up(s)`);
  }

  #describe(): string {
    const callback = this.callback ? `callback type ${this.callback.type}` : 'no callback';
    const original = this.original ? (this.original.loading ? 'reply still loading' : 'reply present') : 'no reply';
    return `${callback}, ${original}, ${this.followUps.length} follow-up(s)`;
  }

  #waitUntil<T>(check: () => T | undefined, timeoutMs: number, what: string): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const attempt = (): boolean => {
        try {
          const value = check();
          if (value === undefined) return false;
          resolve(value);
        } catch (error) {
          reject(error instanceof Error ? error : new Error(String(error)));
        }
        return true;
      };
      if (attempt()) return;
      const onChange = (): void => {
        if (attempt()) cleanup();
      };
      const onClose = (): void => {
        cleanup();
        reject(new Error(`/${this.commandName}: the Discord server closed while waiting for ${what} (${this.#describe()})`));
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`/${this.commandName}: no ${what} within ${timeoutMs} ms (${this.#describe()})`));
      }, timeoutMs);
      timer.unref();
      const cleanup = (): void => {
        clearTimeout(timer);
        this.#changes.off('change', onChange);
        this.#closed.removeEventListener('abort', onClose);
      };
      this.#changes.on('change', onChange);
      this.#closed.addEventListener('abort', onClose);
    });
  }
}

// ---- building the dispatched payload ----

function resolveMember(guild: GuildState, spec: InteractionSpec): MemberState {
  if (typeof spec.user === 'string') {
    const member = guild.members.get(spec.user);
    if (!member) throw new Error(`user ${spec.user} is not a member of guild ${guild.id}; pass a user spec to add one`);
    return member;
  }
  const user = toUserState(spec.user);
  const existing = guild.members.get(user.id);
  if (existing) return existing;
  const member: MemberState = { user, roles: [...(spec.roles ?? [])], nick: null, joinedAt: new Date().toISOString() };
  guild.members.set(user.id, member);
  return member;
}

interface CommandPath {
  name: string;
  group?: string;
  subcommand?: string;
}

function parseCommandPath(spec: InteractionSpec): CommandPath {
  const [name = '', second, third] = spec.commandName.trim().split(/\s+/);
  if (third !== undefined) return { name, group: second, subcommand: third };
  if (second !== undefined) return { name, group: spec.subcommandGroup, subcommand: second };
  return { name, group: spec.subcommandGroup, subcommand: spec.subcommand };
}

function leafSchema(command: RegisteredCommand, path: CommandPath): CommandOptionSchema[] {
  let level = command.options ?? [];
  const hasSubcommands = level.some((o) => o.type === OptionType.Subcommand || o.type === OptionType.SubcommandGroup);
  if (path.group !== undefined) {
    const group = level.find((o) => o.type === OptionType.SubcommandGroup && o.name === path.group);
    if (!group) throw new Error(`/${command.name} has no subcommand group "${path.group}"`);
    level = group.options ?? [];
  }
  if (path.subcommand !== undefined) {
    const sub = level.find((o) => o.type === OptionType.Subcommand && o.name === path.subcommand);
    if (!sub) throw new Error(`/${command.name}${path.group ? ` ${path.group}` : ''} has no subcommand "${path.subcommand}"`);
    return sub.options ?? [];
  }
  if (hasSubcommands) throw new Error(`/${command.name} needs a subcommand (${level.map((o) => o.name).join(', ')})`);
  return level;
}

function typedValue(schema: CommandOptionSchema, value: OptionValue, focused: boolean): OptionValue {
  if (focused) return String(value);
  switch (schema.type) {
    case OptionType.String:
      return String(value);
    case OptionType.Integer:
      if (!Number.isInteger(Number(value))) throw new Error(`option ${schema.name} must be an integer`);
      return Number(value);
    case OptionType.Number:
      if (!Number.isFinite(Number(value))) throw new Error(`option ${schema.name} must be a number`);
      return Number(value);
    case OptionType.Boolean:
      return value === true || value === 'true';
    default:
      return String(value);
  }
}

function buildOptions(command: RegisteredCommand, spec: InteractionSpec, path: CommandPath, autocomplete: boolean, attachmentIds: Map<string, AttachmentSpec>): RawCommandOption[] {
  const values = (spec.options ?? {}) as Readonly<Record<string, OptionValue>>;
  const schema = leafSchema(command, path);
  const leaf: RawCommandOption[] = [];
  for (const [name, file] of Object.entries(spec.attachments ?? {})) {
    const option = schema.find((o) => o.name === name);
    if (!option) throw new Error(`/${command.name} has no option "${name}" (has: ${schema.map((o) => o.name).join(', ') || 'none'})`);
    if (option.type !== OptionType.Attachment) throw new Error(`option ${name} of /${command.name} is not an attachment option`);
    const id = snowflake();
    attachmentIds.set(id, file);
    leaf.push({ name, type: option.type, value: id });
  }
  for (const [name, value] of Object.entries(values)) {
    const option = schema.find((o) => o.name === name);
    if (!option) throw new Error(`/${command.name} has no option "${name}" (has: ${schema.map((o) => o.name).join(', ') || 'none'})`);
    const focused = autocomplete && spec.focused === name;
    if (!focused && option.choices && option.choices.length > 0 && !option.choices.some((c) => c.value === typedValue(option, value, false))) {
      throw new Error(`option ${name} must be one of its choices (${option.choices.map((c) => String(c.value)).join(', ')})`);
    }
    leaf.push({ name, type: option.type, value: typedValue(option, value, focused), ...(focused ? { focused: true } : {}) });
  }
  if (autocomplete) {
    if (spec.focused === undefined) throw new Error('an autocomplete interaction needs `focused`: the option being typed into');
    const focusedSchema = schema.find((o) => o.name === spec.focused);
    if (!focusedSchema) throw new Error(`/${command.name} has no option "${spec.focused}"`);
    if (!focusedSchema.autocomplete) throw new Error(`option ${spec.focused} of /${command.name} is not registered with autocomplete`);
    if (!(spec.focused in values)) leaf.push({ name: spec.focused, type: focusedSchema.type, value: '', focused: true });
  } else {
    const missing = schema.filter((o) => o.required && !(o.name in values) && !(o.name in (spec.attachments ?? {}))).map((o) => o.name);
    if (missing.length > 0) throw new Error(`/${command.name} is missing required option(s): ${missing.join(', ')}`);
  }
  if (path.subcommand === undefined) return leaf;
  const sub: RawCommandOption = { name: path.subcommand, type: OptionType.Subcommand, options: leaf };
  return path.group === undefined ? [sub] : [{ name: path.group, type: OptionType.SubcommandGroup, options: [sub] }];
}

function collectResolved(guild: GuildState, invoker: MemberState, options: readonly RawCommandOption[], schema: readonly CommandOptionSchema[], attachments: ReadonlyMap<string, AttachmentSpec>): Record<string, Record<string, unknown>> {
  const resolved: Record<string, Record<string, unknown>> = {};
  const put = (kind: string, id: string, value: unknown): void => {
    (resolved[kind] ??= {})[id] = value;
  };
  // Walks the options alongside their definitions, so an option and a subcommand may share a name.
  const visit = (list: readonly RawCommandOption[], level: readonly CommandOptionSchema[]): void => {
    for (const option of list) {
      const definition = level.find((o) => o.name === option.name && o.type === option.type);
      if (option.options) visit(option.options, definition?.options ?? []);
      if (option.value === undefined || option.focused) continue;
      const id = String(option.value);
      if (option.type === OptionType.Channel) {
        const channel = guild.channels.get(id);
        if (!channel) throw new Error(`option ${option.name}: channel ${id} is not in guild ${guild.id}`);
        const allowedTypes = definition?.channel_types;
        if (allowedTypes && allowedTypes.length > 0 && !allowedTypes.includes(channel.type)) {
          throw new Error(`option ${option.name}: channel type ${channel.type} is not offered (allowed: ${allowedTypes.join(', ')})`);
        }
        put('channels', id, resolvedChannelJson(guild, invoker, channel));
      } else if (option.type === OptionType.Role || option.type === OptionType.Mentionable) {
        const role = guild.roles.get(id);
        const member = guild.members.get(id);
        if (role) put('roles', id, roleJson(role));
        else if (member && option.type === OptionType.Mentionable) putMember(put, guild, member);
        else throw new Error(`option ${option.name}: ${id} is not a ${option.type === OptionType.Role ? 'role' : 'role or member'} of guild ${guild.id}`);
      } else if (option.type === OptionType.Attachment) {
        const file = attachments.get(id);
        if (!file) throw new Error(`option ${option.name}: attachment ${id} was not uploaded with this interaction`);
        put('attachments', id, { id, filename: file.filename, size: file.size, url: file.url, proxy_url: file.url, ...(file.contentType ? { content_type: file.contentType } : {}), ephemeral: true });
      } else if (option.type === OptionType.User) {
        const member = guild.members.get(id);
        if (!member) throw new Error(`option ${option.name}: user ${id} is not a member of guild ${guild.id}`);
        putMember(put, guild, member);
      }
    }
  };
  visit(options, schema);
  return resolved;
}

function putMember(put: (kind: string, id: string, value: unknown) => void, guild: GuildState, member: MemberState): void {
  put('users', member.user.id, userJson(member.user));
  const generalChannel = [...guild.channels.values()][0];
  const permissions = generalChannel ? memberChannelPermissions(guild, member, generalChannel) : 0n;
  put('members', member.user.id, { ...memberJson(member, false), permissions: permissions.toString() });
}

function resolvedChannelJson(guild: GuildState, invoker: MemberState, channel: ChannelState): Record<string, unknown> {
  const { permission_overwrites: _overwrites, ...rest } = channelJson(channel);
  return { ...rest, permissions: memberChannelPermissions(guild, invoker, channel).toString() };
}

/** Builds the interaction Discord would dispatch; throws when the test asks for something a Discord client could not send. */
export function buildInteraction(world: DiscordWorld, spec: InteractionSpec): InteractionState {
  const guild = world.guilds.get(spec.guildId);
  if (!guild) throw new Error(`unknown guild ${spec.guildId}`);
  const channel = guild.channels.get(spec.channelId);
  if (!channel) throw new Error(`channel ${spec.channelId} is not in guild ${guild.id}`);
  const path = parseCommandPath(spec);
  const command = world.findCommand(guild.id, path.name);
  if (!command) {
    const known = [...world.globalCommands, ...(world.guildCommands.get(guild.id) ?? [])].map((c) => c.name);
    throw new Error(`/${path.name} is not registered for guild ${guild.id} (registered: ${known.join(', ') || 'none'})`);
  }
  const member = resolveMember(guild, spec);
  const autocomplete = spec.type === 'autocomplete' || spec.type === InteractionType.Autocomplete;
  const attachmentIds = new Map<string, AttachmentSpec>();
  const options = Array.isArray(spec.options)
    ? (spec.options as RawCommandOption[])
    : buildOptions(command, spec, path, autocomplete, attachmentIds);
  const resolved = collectResolved(guild, member, options, command.options ?? [], attachmentIds);
  const computed = memberChannelPermissions(guild, member, channel);
  const memberPermissions = spec.memberPermissions === undefined ? computed : toPermissionBits(spec.memberPermissions);
  // A server that removed the bot can still send its commands (the application stays installed); the app then has no permissions there.
  const appPermissions = world.botIsIn(guild) ? world.botPermissionsIn(guild, channel) : 0n;
  const id = snowflake();
  const token = `aW50ZXJhY3Rpb24${randomBytes(24).toString('base64url')}`;
  const type = autocomplete ? InteractionType.Autocomplete : InteractionType.ApplicationCommand;
  const locale = spec.locale ?? 'en-US';
  const payload: Record<string, unknown> = {
    ...envelope({ world, guild, channel, member, memberPermissions, appPermissions, id, token, type, locale }),
    data: {
      id: command.id,
      name: command.name,
      type: command.type,
      ...(command.guild_id ? { guild_id: command.guild_id } : {}),
      ...(options.length > 0 ? { options } : {}),
      ...(Object.keys(resolved).length > 0 ? { resolved } : {}),
    },
  };
  return new InteractionState({
    id,
    token,
    type,
    commandName: spec.commandName.trim(),
    guildId: guild.id,
    channelId: channel.id,
    userId: member.user.id,
    payload,
    acknowledgeWithinMs: spec.acknowledgeWithinMs,
    closed: world.closed.signal,
  });
}

/** A press of a button on a message the bot posted (Discord: MESSAGE_COMPONENT, type 3). */
export interface ComponentSpec {
  /** The message carrying the button (its guild and channel are the interaction's). */
  messageId: string;
  /** The button's custom_id, as the bot set it. */
  customId: string;
  /** A member of the message's guild, by id. */
  user: string;
  locale?: string;
}

export function buildComponentInteraction(world: DiscordWorld, spec: ComponentSpec): InteractionState {
  const message = world.messages.find((m) => m.id === spec.messageId && !m.deleted);
  if (!message) throw new Error(`no message ${spec.messageId}`);
  const found = world.findChannel(message.channelId);
  if (!found) throw new Error(`message ${spec.messageId} is not in a server channel`);
  const { guild, channel } = found;
  const buttons = (message.components as { components?: { custom_id?: string; disabled?: boolean }[] }[]).flatMap((row) => row.components ?? []);
  const button = buttons.find((b) => b.custom_id === spec.customId);
  // Discord only sends presses of buttons a message has, and never of a disabled one.
  if (!button) throw new Error(`message ${spec.messageId} has no button ${spec.customId} (it has: ${buttons.map((b) => b.custom_id).join(', ') || 'none'})`);
  if (button.disabled) throw new Error(`button ${spec.customId} is disabled`);
  const member = resolveMember(guild, { guildId: guild.id, channelId: channel.id, user: spec.user, commandName: '' });
  const memberPermissions = memberChannelPermissions(guild, member, channel);
  const id = snowflake();
  const token = `aW50ZXJhY3Rpb24${randomBytes(24).toString('base64url')}`;
  const payload: Record<string, unknown> = {
    ...envelope({ world, guild, channel, member, memberPermissions, appPermissions: world.botPermissionsIn(guild, channel), id, token, type: InteractionType.MessageComponent, locale: spec.locale ?? 'en-US' }),
    message: messageJson(message, world.applicationId),
    data: { custom_id: spec.customId, component_type: 2 },
  };
  return new InteractionState({ id, token, type: InteractionType.MessageComponent, commandName: `button ${spec.customId}`, guildId: guild.id, channelId: channel.id, userId: member.user.id, payload, closed: world.closed.signal });
}

/** The fields every guild interaction carries, whatever its kind (a command, a keystroke, a button press). */
function envelope(p: { world: DiscordWorld; guild: GuildState; channel: ChannelState; member: MemberState; memberPermissions: bigint; appPermissions: bigint; id: string; token: string; type: number; locale: string }): Record<string, unknown> {
  const { permission_overwrites: _overwrites, ...channelFields } = channelJson(p.channel);
  return {
    id: p.id,
    application_id: p.world.applicationId,
    type: p.type,
    token: p.token,
    version: 1,
    guild_id: p.guild.id,
    guild: { id: p.guild.id, locale: p.guild.preferredLocale, features: [] },
    channel_id: p.channel.id,
    channel: { ...channelFields, permissions: p.memberPermissions.toString() },
    member: { ...memberJson(p.member), permissions: p.memberPermissions.toString() },
    app_permissions: p.appPermissions.toString(),
    locale: p.locale,
    guild_locale: p.guild.preferredLocale,
    entitlements: [],
    authorizing_integration_owners: { '0': p.guild.id },
    context: 0,
    attachment_size_limit: 10 * 1024 * 1024,
  };
}
