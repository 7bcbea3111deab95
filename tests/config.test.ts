import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.ts';

describe('loadConfig', () => {
  it('has defaults a newcomer can run with', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ storeUrl: 'sqlite://data/newsbot.sqlite', pollCron: '*/5 * * * *', allowPrivateUrls: false, starterFeeds: true, fetchTimeoutMs: 15_000, fetchMaxBytes: 5 * 1024 * 1024, storeBusyTimeoutMs: 10_000 });
  });
  it('takes the SQLite busy timeout from STORE_BUSY_TIMEOUT_MS', () => {
    expect(loadConfig({ STORE_BUSY_TIMEOUT_MS: '250' }).storeBusyTimeoutMs).toBe(250);
  });
  it('accepts a cron with a seconds field and boolean spellings', () => {
    expect(loadConfig({ POLL_CRON: '*/30 * * * * *', ALLOW_PRIVATE_URLS: 'yes', STARTER_FEEDS: 'false' })).toMatchObject({ pollCron: '*/30 * * * * *', allowPrivateUrls: true, starterFeeds: false });
  });
  it.each([
    [{ POLL_CRON: 'every five minutes' }, /POLL_CRON must be a cron expression/],
    [{ ALLOW_PRIVATE_URLS: 'maybe' }, /ALLOW_PRIVATE_URLS must be true or false, got "maybe"/],
    [{ FETCH_TIMEOUT_MS: '-3' }, /FETCH_TIMEOUT_MS must be a whole number/],
    [{ STORE_URL: 'mysql://x' }, /STORE_URL must start with sqlite:\/\//],
    [{ STORE_BUSY_TIMEOUT_MS: '10s' }, /STORE_BUSY_TIMEOUT_MS must be a whole number from 100 to 600000, got "10s"/],
    [{ DISCORD_GUILD_ID: 'my server' }, /DISCORD_GUILD_ID must be a server id/],
    [{ LOG_LEVEL: 'loud' }, /LOG_LEVEL must be one of/],
  ])('stops on %o with a message naming the variable', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });
});
