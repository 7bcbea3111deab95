// Messages the bot creates, kept in the shape tests assert on, plus the JSON Discord returns for them
// and who a message would actually notify (Discord's mention rules, applied to content only).

import { snowflake } from './discord-snowflake.ts';
import { userJson, type UserState } from './discord-model.ts';

export const MessageFlag = {
  SuppressEmbeds: 1 << 2,
  Ephemeral: 1 << 6,
  Loading: 1 << 7,
  SuppressNotifications: 1 << 12,
} as const;

export interface EmbedField {
  name: string;
  value: string;
  inline?: boolean;
}

/** An embed as the bot sent it (Discord's JSON keys). */
export interface StoredEmbed {
  title?: string;
  description?: string;
  url?: string;
  color?: number;
  timestamp?: string;
  footer?: { text: string; icon_url?: string };
  author?: { name: string; url?: string; icon_url?: string };
  image?: { url: string };
  thumbnail?: { url: string };
  fields?: EmbedField[];
  [key: string]: unknown;
}

export interface AllowedMentions {
  parse?: string[];
  users?: string[];
  roles?: string[];
  replied_user?: boolean;
}

export interface Pings {
  everyone: boolean;
  users: string[];
  roles: string[];
}

export type MessageSource = 'channel' | 'interaction' | 'followUp';

export interface StoredAttachment {
  filename: string;
  size: number;
  contentType: string | null;
  /** The uploaded bytes, so a test can read a file the bot sent (an export, a report). */
  data?: Buffer;
}

export interface StoredMessage {
  id: string;
  channelId: string;
  guildId: string | null;
  /** `channel`: POST /channels/:id/messages; `interaction`: a reply (@original); `followUp`: a webhook follow-up. */
  source: MessageSource;
  interactionId: string | null;
  author: UserState;
  content: string;
  embeds: StoredEmbed[];
  components: unknown[];
  /** The allowed_mentions the bot sent, or null when it sent none. */
  allowedMentions: AllowedMentions | null;
  /** Who this message notifies under Discord's rules: what "article text never pings" is checked against. */
  pings: Pings;
  flags: number;
  ephemeral: boolean;
  /** A deferred reply still "thinking": no content yet. */
  loading: boolean;
  /** Embeds Discord dropped because the bot lacked Embed Links there. */
  embedsDropped: boolean;
  tts: boolean;
  attachments: StoredAttachment[];
  createdAt: number;
  editedAt: number | null;
  deleted: boolean;
  /** The last request body that created or edited this message. */
  body: Record<string, unknown>;
}

const USER_MENTION = /<@!?(\d{17,20})>/g;
const ROLE_MENTION = /<@&(\d{17,20})>/g;

export interface PingContext {
  /** The sender may use @everyone/@here and ping any role (Mention Everyone in that channel). */
  canMentionEveryone: boolean;
  mentionableRoleIds: ReadonlySet<string>;
}

export function computePings(content: string, allowed: AllowedMentions | null, context: PingContext): Pings {
  const mentionedUsers = [...new Set([...content.matchAll(USER_MENTION)].map((m) => m[1] ?? ''))];
  const mentionedRoles = [...new Set([...content.matchAll(ROLE_MENTION)].map((m) => m[1] ?? ''))];
  const mentionsEveryone = /@(everyone|here)\b/.test(content);
  const parse = allowed ? new Set(allowed.parse ?? []) : new Set(['users', 'roles', 'everyone']);
  const users = mentionedUsers.filter((id) => parse.has('users') || (allowed?.users ?? []).includes(id));
  const roles = mentionedRoles
    .filter((id) => parse.has('roles') || (allowed?.roles ?? []).includes(id))
    .filter((id) => context.canMentionEveryone || context.mentionableRoleIds.has(id));
  const everyone = mentionsEveryone && parse.has('everyone') && context.canMentionEveryone;
  return { everyone, users, roles };
}

export const NO_PINGS: Pings = { everyone: false, users: [], roles: [] };

export interface NewMessage {
  channelId: string;
  guildId: string | null;
  source: MessageSource;
  interactionId: string | null;
  author: UserState;
  body: Record<string, unknown>;
  attachments: StoredAttachment[];
  pingContext: PingContext;
  forceFlags?: number;
  loading?: boolean;
  dropEmbeds?: boolean;
}

export function createStoredMessage(input: NewMessage): StoredMessage {
  const message: StoredMessage = {
    id: snowflake(),
    channelId: input.channelId,
    guildId: input.guildId,
    source: input.source,
    interactionId: input.interactionId,
    author: input.author,
    content: '',
    embeds: [],
    components: [],
    allowedMentions: null,
    pings: NO_PINGS,
    flags: 0,
    ephemeral: false,
    loading: input.loading ?? false,
    embedsDropped: false,
    tts: false,
    attachments: [],
    createdAt: Date.now(),
    editedAt: null,
    deleted: false,
    body: input.body,
  };
  applyMessageBody(message, input.body, input.pingContext, { attachments: input.attachments, dropEmbeds: input.dropEmbeds ?? false });
  if (input.forceFlags !== undefined) message.flags |= input.forceFlags;
  message.ephemeral = (message.flags & MessageFlag.Ephemeral) !== 0;
  if (message.ephemeral) message.pings = NO_PINGS;
  return message;
}

/** Applies a create or edit body: fields present in the body replace the message's, as PATCH does. */
export function applyMessageBody(
  message: StoredMessage,
  body: Record<string, unknown>,
  pingContext: PingContext,
  options: { attachments?: StoredAttachment[]; dropEmbeds?: boolean; isEdit?: boolean } = {},
): void {
  message.body = body;
  if (typeof body.content === 'string' || body.content === null) message.content = body.content ?? '';
  if (Array.isArray(body.embeds) || body.embeds === null) {
    const embeds = (body.embeds ?? []) as StoredEmbed[];
    message.embedsDropped = options.dropEmbeds === true && embeds.length > 0;
    message.embeds = message.embedsDropped ? [] : embeds;
  }
  if (Array.isArray(body.components) || body.components === null) message.components = (body.components ?? []) as unknown[];
  if (body.allowed_mentions !== undefined) message.allowedMentions = (body.allowed_mentions as AllowedMentions | null) ?? null;
  if (typeof body.flags === 'number') {
    // Whether a message is ephemeral is decided when it is created; an edit cannot change it.
    const sticky = message.flags & MessageFlag.Ephemeral;
    message.flags = options.isEdit ? (body.flags & ~MessageFlag.Ephemeral) | sticky : body.flags;
  }
  if (typeof body.tts === 'boolean') message.tts = body.tts;
  if (options.attachments && options.attachments.length > 0) message.attachments = options.attachments;
  message.pings = message.ephemeral ? NO_PINGS : computePings(message.content, message.allowedMentions, pingContext);
}

export function messageJson(message: StoredMessage, applicationId: string): Record<string, unknown> {
  const viaInteraction = message.source !== 'channel';
  return {
    id: message.id,
    type: message.source === 'interaction' ? 20 : 0,
    channel_id: message.channelId,
    ...(message.guildId ? { guild_id: message.guildId } : {}),
    author: userJson(message.author),
    content: message.content,
    timestamp: new Date(message.createdAt).toISOString(),
    edited_timestamp: message.editedAt === null ? null : new Date(message.editedAt).toISOString(),
    tts: message.tts,
    mention_everyone: message.pings.everyone,
    mentions: message.pings.users.map((id) => ({ id, username: `user-${id}`, discriminator: '0', global_name: null, avatar: null })),
    mention_roles: message.pings.roles,
    attachments: message.attachments.map((a, index) => ({
      id: String(index),
      filename: a.filename,
      size: a.size,
      content_type: a.contentType ?? undefined,
      url: `https://cdn.invalid/attachments/${message.id}/${a.filename}`,
      proxy_url: `https://cdn.invalid/attachments/${message.id}/${a.filename}`,
    })),
    embeds: message.embeds.map((embed) => ({ type: 'rich', ...embed })),
    components: message.components,
    pinned: false,
    flags: message.flags | (message.loading ? MessageFlag.Loading : 0),
    ...(viaInteraction ? { webhook_id: applicationId, application_id: applicationId } : {}),
  };
}
