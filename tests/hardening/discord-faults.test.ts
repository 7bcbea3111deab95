import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserError } from '../../src/commands/command.ts';
import { validateTopic } from '../../src/commands/topic-input.ts';
import { deliverPending } from '../../src/jobs/deliver.ts';
import { nonceOf } from '../../src/jobs/queue-alerts.ts';
import { rssFeed, startHarness, type Harness } from '../support/bot-harness.ts';

let h: Harness;
let items: Parameters<typeof rssFeed>[1] = [];
let n = 0;
const story = (title: string) => ({
  id: `f${++n}`,
  title,
  link: h.web.url(`/faults/${n}`),
  text: `${title}. Officials in Tokyo said the Japanese government would respond to the report on ${n}.`,
  date: new Date(Date.now() + 60_000).toISOString(),
});

beforeAll(async () => {
  h = await startHarness();
  h.web.route('/feed.xml', (_q, r) => r.writeHead(200, { 'content-type': 'application/rss+xml' }).end(rssFeed('Tokyo Desk', items)));
  await h.run(h.ids.admin, 'alerts channel', { channel: h.ids.alerts });
  await h.run(h.ids.admin, 'feeds add', { url: h.web.url('/feed.xml') });
  await h.run(h.ids.member, 'follow', { topic: 'japan' });
  await h.poll();
});
afterAll(() => h?.close());

const alertsPosted = () => h.discord.messages(h.ids.alerts).length;

describe('Discord faults: alerts are delayed, never lost or duplicated', () => {
  it('a 429 with retry_after is waited out and the alert posts once', async () => {
    const before = alertsPosted();
    h.discord.rateLimitNext(`POST /channels/${h.ids.alerts}/messages`, 300);
    items = [story('Tokyo announces port upgrade')];
    const cycle = await h.poll();
    expect(cycle.delivery.sent).toBe(1);
    expect(alertsPosted()).toBe(before + 1);
  });

  it('a burst of 502s keeps the alert queued; it posts once when Discord recovers', async () => {
    const before = alertsPosted();
    h.discord.failChannel(h.ids.alerts, 502, 20);
    items = [story('Japan trade surplus widens')];
    const cycle = await h.poll();
    expect(cycle.delivery.sent).toBe(0);
    expect(cycle.delivery.retrying).toBe(1);
    expect(alertsPosted()).toBe(before);
    h.discord.clearFailures();
    expect((await deliverPending(h.bot.ctx)).sent).toBe(0); // still backing off
    h.advance(31_000);
    expect((await deliverPending(h.bot.ctx)).sent).toBe(1);
    await h.poll();
    expect(alertsPosted()).toBe(before + 1);
  });

  it('a crash after Discord accepted a message but before it was recorded does not post it twice', async () => {
    const before = alertsPosted();
    const id = `${h.ids.alerts}|crash-story`;
    const body = { embeds: [{ title: 'Sent just before the crash', url: 'https://faults.example/crash' }], allowed_mentions: { parse: [] } };
    // What the dead process did: queued the item and sent it, but never recorded the delivery.
    await h.store.outbox.put({ id, guildId: h.ids.guildId, channelId: h.ids.alerts, storyIds: ['crash-story'], kind: 'alert', body, nonce: nonceOf(id), createdAt: new Date().toISOString(), order: '0', attempts: 0 });
    await h.bot.ctx.discord.send(h.ids.alerts, { ...body, nonce: nonceOf(id), enforce_nonce: true });
    expect(alertsPosted()).toBe(before + 1);
    await h.restart();
    expect(alertsPosted()).toBe(before + 1);
    expect(await h.store.outbox.list()).toEqual([]);
    expect(await h.store.deliveries.get(h.ids.alerts, 'crash-story')).toBeDefined();
  });

  it('a channel waiting out its rate limit does not hold up another channel', async () => {
    await h.run(h.ids.admin, 'alerts channel', { channel: h.ids.markets, topic: 'crypto' });
    await h.run(h.ids.member, 'follow', { topic: 'crypto' });
    const postedAt = (channel: string, title: string) => h.discord.messages(channel).find((m) => m.embeds[0]?.title?.includes(title))?.createdAt ?? NaN;
    // Once with each channel limited, so the order the outbox happens to list them in cannot pass the test.
    const rounds = [
      { slow: h.ids.alerts, fast: h.ids.markets, japan: 'Tokyo harbour toll plan approved', crypto: 'Bitcoin miners move rigs north', cryptoText: 'Bitcoin miners are moving their rigs to colder regions as crypto mining power costs rise.' },
      { slow: h.ids.markets, fast: h.ids.alerts, japan: 'Osaka ferry timetable doubles', crypto: 'Stablecoin issuer publishes audit', cryptoText: 'A stablecoin issuer published its first full audit after crypto regulators asked about its reserves.' },
    ];
    for (const r of rounds) {
      h.discord.rateLimitNext(`POST /channels/${r.slow}/messages`, 1_500);
      items = [story(r.japan), { ...story(r.crypto), text: r.cryptoText }];
      const cycle = await h.poll();
      expect(cycle.delivery.sent).toBe(2);
      const [slowTitle, fastTitle] = r.slow === h.ids.alerts ? [r.japan, r.crypto] : [r.crypto, r.japan];
      expect(postedAt(r.fast, fastTitle)).toBeLessThan(postedAt(r.slow, slowTitle));
    }
  });

  it('after a gateway disconnect the bot resumes and answers commands', async () => {
    h.discord.disconnectGateway();
    const reply = await h.run(h.ids.member, 'following');
    expect(reply.content).toMatch(/Japan/);
  });

  it('an interaction whose token expired before the bot answered does not crash it', async () => {
    const refused = h.discord.waitForEvent('request', (r) => r.path.includes('/callback') && r.status === 404);
    await h.discord.sendInteraction({ guildId: h.ids.guildId, channelId: h.ids.general, user: h.ids.member, commandName: 'topics', acknowledgeWithinMs: 0 });
    expect((await refused).status).toBe(404);
    const reply = await h.run(h.ids.member, 'topics');
    expect(reply.embeds[0]!.title).toMatch(/Topics/);
  });
});

describe('feed health notices', () => {
  it('a feed broken for longer than the threshold is reported once, and again once when it works', async () => {
    await h.run(h.ids.admin, 'alerts health', { channel: h.ids.health });
    let down = true;
    h.web.route('/flaky.xml', (_q, r) => (down ? r.writeHead(503).end() : r.writeHead(200, { 'content-type': 'application/rss+xml' }).end(rssFeed('Flaky', []))));
    await h.store.guilds.update(h.ids.guildId, (g) => {
      g.feeds.push({ url: h.web.url('/flaky.xml'), addedAt: new Date().toISOString(), addedBy: h.ids.admin });
    });
    await h.poll();
    h.advance(25 * 3_600_000);
    await h.poll(); // failing for 25 hours now: reported
    h.advance(3_600_000);
    await h.poll(); // still failing: not reported again
    const broken = h.discord.messages(h.ids.health).filter((m) => m.content.includes('/flaky.xml'));
    expect(broken).toHaveLength(1);
    expect(broken[0]!.content).toMatch(/has not worked since .*HTTP 503/);
    down = false;
    h.advance(7 * 3_600_000);
    await h.poll();
    await h.poll();
    const notices = h.discord.messages(h.ids.health).filter((m) => m.content.includes('/flaky.xml'));
    expect(notices).toHaveLength(2);
    expect(notices[1]!.content).toMatch(/works again/);
  });
});

describe('hostile command input', () => {
  it('a 10,000-character query and catastrophic-backtracking shapes are refused quickly with a readable message', () => {
    const shapes = ['a'.repeat(10_000), `${'('.repeat(5_000)}a${')'.repeat(5_000)}`, `${'a OR '.repeat(2_000)}a`, `"${'aa'.repeat(200)}!`, '(((((((((((a)))))))))))', 'a AND AND b'];
    for (const q of shapes) {
      const started = performance.now();
      expect(() => validateTopic(q)).toThrow(UserError);
      expect(performance.now() - started).toBeLessThan(200);
    }
  });

  it('a Japanese server hears of a broken feed in Japanese, naming the site and what it answered; /feeds list says the same', async () => {
    h.discord.guild(h.ids.guildId).preferredLocale = 'ja';
    await h.run(h.ids.admin, 'alerts health', { channel: h.ids.health }, h.ids.general, 'ja');
    h.web.route('/shaky.xml', (_q, r) => r.writeHead(503).end());
    await h.store.guilds.update(h.ids.guildId, (g) => {
      g.feeds.push({ url: h.web.url('/shaky.xml'), addedAt: new Date().toISOString(), addedBy: h.ids.admin });
    });
    await h.poll();
    h.advance(25 * 3_600_000);
    await h.poll();
    const host = new URL(h.web.url('/')).host;
    const notice = h.discord.messages(h.ids.health).filter((m) => m.content.includes('/shaky.xml'));
    expect(notice).toHaveLength(1);
    expect(notice[0]!.content).toMatch(new RegExp(`^⚠️ フィード \\S+/shaky\\.xml が .* UTC から読めません：${host.replace(/\./g, '\\.')} が HTTP 503 を返しました。$`));
    const list = await h.run(h.ids.admin, 'feeds list', {}, h.ids.general, 'ja');
    expect(list.content).toContain(`${host} が HTTP 503 を返しました。`);
    h.discord.guild(h.ids.guildId).preferredLocale = 'en-US';
    await h.run(h.ids.admin, 'status');
  });
});
