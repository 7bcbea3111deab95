// The gateway half of the fake Discord: a WebSocket endpoint speaking Discord's gateway protocol
// (HELLO, IDENTIFY, READY, GUILD_CREATE, heartbeats, RESUME with replay of missed events) closely
// enough that @discordjs/ws runs its real connect, heartbeat and resume logic against it.

import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { randomBytes } from 'node:crypto';
import zlib from 'node:zlib';
import { WebSocketServer, type WebSocket, type RawData } from 'ws';

export const GatewayOp = {
  Dispatch: 0,
  Heartbeat: 1,
  Identify: 2,
  PresenceUpdate: 3,
  VoiceStateUpdate: 4,
  Resume: 6,
  Reconnect: 7,
  RequestGuildMembers: 8,
  InvalidSession: 9,
  Hello: 10,
  HeartbeatAck: 11,
  RequestSoundboardSounds: 31,
} as const;

export const GatewayCloseCode = {
  UnknownError: 4000,
  UnknownOpcode: 4001,
  DecodeError: 4002,
  NotAuthenticated: 4003,
  AuthenticationFailed: 4004,
  AlreadyAuthenticated: 4005,
  InvalidSeq: 4007,
  RateLimited: 4008,
  SessionTimedOut: 4009,
  InvalidShard: 4010,
  InvalidAPIVersion: 4012,
  InvalidIntents: 4013,
  DisallowedIntents: 4014,
} as const;

export const Intent = {
  Guilds: 1 << 0,
  GuildMembers: 1 << 1,
  GuildPresences: 1 << 8,
  MessageContent: 1 << 15,
} as const;

const PRIVILEGED_INTENTS = { GuildMembers: Intent.GuildMembers, GuildPresences: Intent.GuildPresences, MessageContent: Intent.MessageContent };
export type PrivilegedIntent = keyof typeof PRIVILEGED_INTENTS;
const KNOWN_INTENT_BITS = (1 << 26) - 1;
const REPLAY_BACKLOG_LIMIT = 5000;

export interface GatewaySession {
  id: string;
  intents: number;
  shard: [number, number];
  /** Sequence number of the last dispatch sent on this session. */
  seq: number;
  backlog: { s: number; t: string; d: unknown }[];
  connection: GatewayConnection | null;
  invalidated: boolean;
}

interface GatewayConnection {
  ws: WebSocket;
  session: GatewaySession | null;
  send: (payload: unknown) => void;
  closedByServer: boolean;
}

export interface IdentifyEvent {
  sessionId: string;
  intents: number;
  shard: [number, number];
  properties: unknown;
  compress: boolean;
}

export interface GatewayEvents {
  connection: { path: string; query: Record<string, string> };
  identify: IdentifyEvent;
  ready: { sessionId: string };
  resume: { sessionId: string; fromSeq: number; replayed: number };
  heartbeat: { sessionId: string | null; seq: number | null };
  gatewayClose: { sessionId: string | null; code: number; by: 'client' | 'server' };
  dispatch: { sessionId: string; t: string; s: number };
}

export interface GatewayOptions {
  token: string;
  heartbeatIntervalMs: number;
  privilegedIntents: readonly PrivilegedIntent[];
  resumeUrl: () => string;
  /** READY's `d` without session fields, which the gateway adds. */
  readyData: (session: GatewaySession) => Record<string, unknown>;
  /** The GUILD_CREATE payloads for a new session's shard, sent right after READY. */
  guildCreates: (session: GatewaySession) => Record<string, unknown>[];
  emit: <K extends keyof GatewayEvents>(event: K, payload: GatewayEvents[K]) => void;
}

export function shardOfGuild(guildId: string, shardCount: number): number {
  return Number((BigInt(guildId) >> 22n) % BigInt(shardCount));
}

export class FakeGateway {
  readonly #wss = new WebSocketServer({ noServer: true, clientTracking: true });
  readonly #sessions = new Map<string, GatewaySession>();
  readonly #options: GatewayOptions;

  constructor(options: GatewayOptions) {
    this.#options = options;
  }

  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(request.url ?? '/', 'http://localhost');
    this.#wss.handleUpgrade(request, socket, head, (ws) => this.#onConnection(ws, url));
  }

  sessions(): GatewaySession[] {
    return [...this.#sessions.values()].filter((s) => !s.invalidated);
  }

  /** Sends a dispatch to every live session (optionally only those a filter accepts); returns how many. */
  dispatch(t: string, d: unknown, accept: (session: GatewaySession) => boolean = () => true): number {
    let count = 0;
    for (const session of this.sessions()) {
      if (!accept(session)) continue;
      this.#dispatchTo(session, t, d);
      count += 1;
    }
    return count;
  }

  /** Sends a guild event to the session whose shard holds the guild, when its intents ask for it. */
  dispatchToGuild(guildId: string, t: string, d: unknown, requiredIntent = 0): number {
    return this.dispatch(
      t,
      d,
      (s) => shardOfGuild(guildId, s.shard[1]) === s.shard[0] && (requiredIntent === 0 || (s.intents & requiredIntent) !== 0),
    );
  }

  /** Closes every gateway connection from the server side. Sessions stay resumable unless invalidated. */
  disconnect(code: number, options: { invalidateSession?: boolean } = {}): number {
    let count = 0;
    for (const session of this.#sessions.values()) {
      if (options.invalidateSession) session.invalidated = true;
      const connection = session.connection;
      if (!connection) continue;
      connection.closedByServer = true;
      connection.ws.close(code, 'Closed by the test');
      session.connection = null;
      count += 1;
    }
    return count;
  }

  /** Asks clients to reconnect and resume (op 7), as Discord does before moving a session. */
  requestReconnect(): void {
    for (const session of this.sessions()) session.connection?.send({ op: GatewayOp.Reconnect, d: null, s: null, t: null });
  }

  async close(): Promise<void> {
    for (const ws of this.#wss.clients) ws.terminate();
    await new Promise<void>((resolve) => this.#wss.close(() => resolve()));
  }

  #dispatchTo(session: GatewaySession, t: string, d: unknown): void {
    session.seq += 1;
    const s = session.seq;
    session.backlog.push({ s, t, d });
    if (session.backlog.length > REPLAY_BACKLOG_LIMIT) session.backlog.shift();
    session.connection?.send({ op: GatewayOp.Dispatch, t, s, d });
    this.#options.emit('dispatch', { sessionId: session.id, t, s });
  }

  #onConnection(ws: WebSocket, url: URL): void {
    const query = Object.fromEntries(url.searchParams);
    this.#options.emit('connection', { path: url.pathname, query });
    const connection: GatewayConnection = { ws, session: null, send: createSender(ws, query.compress), closedByServer: false };
    const version = Number(query.v ?? '10');
    if (version !== 9 && version !== 10) {
      ws.close(GatewayCloseCode.InvalidAPIVersion, 'Invalid API version');
      return;
    }
    if ((query.encoding ?? 'json') !== 'json') {
      // Only JSON is implemented; Erlang term format would need erlpack on both ends.
      ws.close(GatewayCloseCode.DecodeError, 'Error while decoding payload.');
      return;
    }
    ws.on('message', (data, isBinary) => this.#onMessage(connection, data, isBinary));
    ws.on('close', (code) => {
      const session = connection.session;
      if (session && session.connection === connection) session.connection = null;
      // Discord invalidates a session when the client closes with 1000 or 1001.
      if (session && !connection.closedByServer && (code === 1000 || code === 1001)) session.invalidated = true;
      this.#options.emit('gatewayClose', { sessionId: session?.id ?? null, code, by: connection.closedByServer ? 'server' : 'client' });
    });
    ws.on('error', () => {
      // A client vanishing mid-frame is normal in tests; the close handler does the bookkeeping.
    });
    connection.send({ op: GatewayOp.Hello, d: { heartbeat_interval: this.#options.heartbeatIntervalMs, _trace: ['fake-gateway'] }, s: null, t: null });
  }

  #onMessage(connection: GatewayConnection, data: RawData, isBinary: boolean): void {
    let payload: { op?: unknown; d?: unknown };
    try {
      if (isBinary) throw new Error('binary frames are not supported');
      payload = JSON.parse(rawDataToString(data)) as { op?: unknown; d?: unknown };
    } catch {
      connection.ws.close(GatewayCloseCode.DecodeError, 'Error while decoding payload.');
      return;
    }
    switch (payload.op) {
      case GatewayOp.Heartbeat:
        connection.send({ op: GatewayOp.HeartbeatAck, d: null, s: null, t: null });
        this.#options.emit('heartbeat', { sessionId: connection.session?.id ?? null, seq: typeof payload.d === 'number' ? payload.d : null });
        return;
      case GatewayOp.Identify:
        this.#identify(connection, payload.d);
        return;
      case GatewayOp.Resume:
        this.#resume(connection, payload.d);
        return;
      case GatewayOp.PresenceUpdate:
      case GatewayOp.VoiceStateUpdate:
      case GatewayOp.RequestGuildMembers:
      case GatewayOp.RequestSoundboardSounds:
        if (!connection.session) connection.ws.close(GatewayCloseCode.NotAuthenticated, 'Not authenticated.');
        return;
      default:
        connection.ws.close(GatewayCloseCode.UnknownOpcode, 'Unknown opcode.');
    }
  }

  #identify(connection: GatewayConnection, d: unknown): void {
    if (connection.session) {
      connection.ws.close(GatewayCloseCode.AlreadyAuthenticated, 'Already authenticated.');
      return;
    }
    const data = (typeof d === 'object' && d !== null ? d : {}) as Record<string, unknown>;
    if (data.token !== this.#options.token) {
      connection.ws.close(GatewayCloseCode.AuthenticationFailed, 'Authentication failed.');
      return;
    }
    const intents = Number(data.intents);
    if (!Number.isInteger(intents) || intents < 0 || (intents & ~KNOWN_INTENT_BITS) !== 0) {
      connection.ws.close(GatewayCloseCode.InvalidIntents, 'Invalid intent(s).');
      return;
    }
    const allowed = this.#options.privilegedIntents.reduce((bits, name) => bits | PRIVILEGED_INTENTS[name], 0);
    const privilegedAsked = Object.values(PRIVILEGED_INTENTS).reduce((bits, bit) => bits | bit, 0) & intents;
    if ((privilegedAsked & ~allowed) !== 0) {
      connection.ws.close(GatewayCloseCode.DisallowedIntents, 'Disallowed intent(s).');
      return;
    }
    const shard = Array.isArray(data.shard) ? [Number(data.shard[0]), Number(data.shard[1])] : [0, 1];
    const [shardId = 0, shardCount = 1] = shard;
    if (!(shardCount >= 1 && shardId >= 0 && shardId < shardCount)) {
      connection.ws.close(GatewayCloseCode.InvalidShard, 'Invalid shard.');
      return;
    }
    const session: GatewaySession = {
      id: randomBytes(16).toString('hex'),
      intents,
      shard: [shardId, shardCount],
      seq: 0,
      backlog: [],
      connection,
      invalidated: false,
    };
    this.#sessions.set(session.id, session);
    connection.session = session;
    this.#options.emit('identify', {
      sessionId: session.id,
      intents,
      shard: session.shard,
      properties: data.properties,
      compress: data.compress === true,
    });
    this.#dispatchTo(session, 'READY', {
      v: 10,
      ...this.#options.readyData(session),
      session_id: session.id,
      session_type: 'normal',
      resume_gateway_url: this.#options.resumeUrl(),
      shard: session.shard,
      _trace: ['fake-gateway'],
    });
    for (const guild of this.#options.guildCreates(session)) this.#dispatchTo(session, 'GUILD_CREATE', guild);
    this.#options.emit('ready', { sessionId: session.id });
  }

  #resume(connection: GatewayConnection, d: unknown): void {
    const data = (typeof d === 'object' && d !== null ? d : {}) as Record<string, unknown>;
    if (data.token !== this.#options.token) {
      connection.ws.close(GatewayCloseCode.AuthenticationFailed, 'Authentication failed.');
      return;
    }
    const session = this.#sessions.get(String(data.session_id));
    const fromSeq = Number(data.seq);
    if (!session || session.invalidated || !Number.isInteger(fromSeq) || fromSeq > session.seq) {
      connection.send({ op: GatewayOp.InvalidSession, d: false, s: null, t: null });
      return;
    }
    const oldest = session.backlog[0]?.s ?? session.seq + 1;
    if (fromSeq + 1 < oldest) {
      connection.send({ op: GatewayOp.InvalidSession, d: false, s: null, t: null });
      return;
    }
    if (session.connection && session.connection !== connection) {
      session.connection.closedByServer = true;
      session.connection.ws.close(GatewayCloseCode.UnknownError, 'Session resumed elsewhere');
    }
    session.connection = connection;
    connection.session = session;
    const missed = session.backlog.filter((event) => event.s > fromSeq);
    for (const event of missed) connection.send({ op: GatewayOp.Dispatch, t: event.t, s: event.s, d: event.d });
    this.#dispatchTo(session, 'RESUMED', { _trace: ['fake-gateway'] });
    this.#options.emit('resume', { sessionId: session.id, fromSeq, replayed: missed.length });
  }
}

function rawDataToString(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8');
  return data.toString('utf8');
}

/**
 * Plain JSON text frames by default (what discord.js sends for without zlib-sync); with
 * `compress=zlib-stream` one shared deflate context whose every payload ends in a sync flush
 * (the 00 00 FF FF suffix clients look for), as Discord does.
 */
function createSender(ws: WebSocket, compress: string | undefined): (payload: unknown) => void {
  if (compress !== 'zlib-stream') {
    return (payload) => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(payload));
    };
  }
  const deflate = zlib.createDeflate();
  let pending: Buffer[] = [];
  deflate.on('data', (chunk: Buffer) => pending.push(chunk));
  ws.once('close', () => deflate.destroy());
  return (payload) => {
    deflate.write(JSON.stringify(payload));
    deflate.flush(zlib.constants.Z_SYNC_FLUSH, () => {
      const frame = Buffer.concat(pending);
      pending = [];
      if (frame.length > 0 && ws.readyState === ws.OPEN) ws.send(frame);
    });
  };
}
