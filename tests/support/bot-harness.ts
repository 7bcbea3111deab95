import { storeOptionsOf } from '../../src/app.ts';
import { loadConfig, type Config } from '../../src/config.ts';
import type { BotHandle } from '../../src/discord/bot.ts';
import { openStore, type Store } from '../../src/store/index.ts';
import { snowflake, startDiscordServer, type InteractionRecord, type InteractionReply } from './discord-server.ts';
import { LocalWebServer } from './feed-server.ts';
import { tempStore } from './temp-store.ts';
import { startTestBot } from './start-bot.ts';

export const TOKEN = 'MTk4NjIyNDgzNDcxOTI1MjQ4.Gabc12.local-test-token-not-a-secret';

/** One server with an admin, a member, and a few channels; the ids tests refer to. */
export function makeGuild() {
  return {
    guildId: snowflake(),
    adminRole: snowflake(),
    admin: snowflake(),
    member: snowflake(),
    general: snowflake(),
    alerts: snowflake(),
    markets: snowflake(),
    health: snowflake(),
    locked: snowflake(),
  };
}
export type GuildIds = ReturnType<typeof makeGuild>;

/**
 * Everything a bot test needs, real: a Discord-compatible server the real discord.js client connects to,
 * a web server for feeds and pages on 127.0.0.1, and a SQLite file through Keyv.
 */
export async function startHarness(extraEnv: Record<string, string> = {}) {
  const ids = makeGuild();
  const discord = await startDiscordServer({
    token: TOKEN,
    guilds: [
      {
        id: ids.guildId,
        name: 'Newsroom',
        ownerId: ids.admin,
        systemChannelId: ids.general,
        roles: [{ id: ids.adminRole, name: 'Admins', permissions: ['ManageGuild', 'ViewChannel', 'SendMessages'] }],
        members: [
          { user: { id: ids.admin, username: 'ada' }, roles: [ids.adminRole] },
          { user: { id: ids.member, username: 'milo' } },
        ],
        channels: [
          { id: ids.general, name: 'general' },
          { id: ids.alerts, name: 'alerts' },
          { id: ids.markets, name: 'markets' },
          { id: ids.health, name: 'bot-health' },
          { id: ids.locked, name: 'locked', permission_overwrites: [{ id: ids.guildId, type: 0, deny: ['ViewChannel'] }] },
        ],
      },
    ],
  });
  const web = await LocalWebServer.start();
  const settings = {
    DISCORD_TOKEN: TOKEN,
    DISCORD_API_URL: discord.apiUrl,
    ALLOW_PRIVATE_URLS: 'true',
    STARTER_FEEDS: 'false',
    FETCH_TIMEOUT_MS: '3000',
    LOG_LEVEL: 'silent',
    ...extraEnv,
  };
  // The store is opened as the bot's own configuration would open it (its same-story window, for one).
  const env = await tempStore(storeOptionsOf(loadConfig(settings)));
  const config: Config = loadConfig({ ...settings, STORE_URL: env.url });
  const stores: Store[] = [env.store];
  // The bot's clock runs with real time plus whatever a test skips ahead (back-off waits, digest periods).
  let skew = 0;
  const now = () => new Date(Date.now() + skew);
  let bot = await startTestBot(config, env.store, now);

  const harness = {
    ids,
    discord,
    web,
    config,
    get bot(): BotHandle {
      return bot;
    },
    get store(): Store {
      return stores.at(-1)!;
    },
    /** Runs a slash command as a member (whose Discord is in `locale`, en-US unless given) and returns the visible reply. */
    async run(user: string, commandName: string, options: Record<string, string | number | boolean> = {}, channelId = ids.general, locale?: string): Promise<InteractionReply & { record: InteractionRecord }> {
      const record = await discord.sendInteraction({ guildId: ids.guildId, channelId, user, commandName, options, ...(locale ? { locale } : {}) });
      const reply = await record.waitForResponse(10_000);
      return { ...reply, record };
    },
    poll: () => bot.pollJob.runOnce(),
    /** Moves the bot's clock forward, as if that much time had passed. */
    advance(ms: number): void {
      skew += ms;
    },
    /** Stops the bot and starts a new one on the same SQLite file, as a process restart would. */
    async restart(): Promise<void> {
      await bot.stop();
      await stores.at(-1)!.close();
      const store = await openStore(env.url, storeOptionsOf(config));
      stores.push(store);
      bot = await startTestBot(config, store, now);
    },
    async close(): Promise<void> {
      await bot.stop().catch(() => undefined);
      await discord.close();
      await web.close();
      await env.cleanup();
    },
  };
  return harness;
}
export type Harness = Awaited<ReturnType<typeof startHarness>>;

export function rssFeed(title: string, items: { id: string; title: string; link: string; text: string; date: string }[]): string {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  return `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>${esc(title)}</title><link>https://example.org/</link>${items
    .map(
      (i) =>
        `<item><title>${esc(i.title)}</title><link>${esc(i.link)}</link><guid isPermaLink="false">${esc(i.id)}</guid><pubDate>${new Date(i.date).toUTCString()}</pubDate><description>${esc(i.text)}</description></item>`,
    )
    .join('')}</channel></rss>`;
}
