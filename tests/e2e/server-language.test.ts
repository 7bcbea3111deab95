import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { rssFeed, startHarness, type Harness } from '../support/bot-harness.ts';

/**
 * A server's primary language is set in Discord, not through the bot: the alerts it posts must follow a change
 * that no member's command carried, whether Discord announced it (GUILD_UPDATE) or the bot was offline when it
 * happened and only sees it when it connects again.
 */
let h: Harness;
let items: Parameters<typeof rssFeed>[1] = [];
const alerts = () => h.discord.messages(h.ids.alerts).filter((m) => m.embeds.length);
const firstButton = (m: { components: unknown[] }) => (m.components as { components: { label: string }[] }[])[0]!.components[0]!.label;

/** Waits until the bot has written the server's language to the store, where the poll reads it. */
async function storeSays(locale: string): Promise<void> {
  await vi.waitFor(async () => expect((await h.store.guilds.get(h.ids.guildId)).locale).toBe(locale), { timeout: 10_000, interval: 25 });
}

/** A new Japan story in the feed, polled; returns the alert it posted. */
async function alertFor(id: string, title: string, text: string) {
  items = [...items, { id, title, link: h.web.url(`/desk/${id}`), text, date: new Date().toISOString() }];
  await h.poll();
  const posted = alerts().filter((m) => m.embeds[0]!.title === title);
  expect(posted).toHaveLength(1);
  return posted[0]!;
}

beforeAll(async () => {
  h = await startHarness();
  h.web.route('/desk.xml', (_q, r) => r.writeHead(200, { 'content-type': 'application/rss+xml' }).end(rssFeed('Harbour Desk', items)));
  await h.run(h.ids.admin, 'alerts channel', { channel: h.ids.alerts });
  await h.run(h.ids.admin, 'feeds add', { url: h.web.url('/desk.xml') });
  await h.run(h.ids.member, 'follow', { topic: 'japan' });
  await h.poll(); // the feed's first read: nothing in it yet
});
afterAll(() => h?.close());

describe('the server\'s primary language, changed in Discord', () => {
  it('switched to Japanese by an admin, with no command in between: the next alert is Japanese, and English again when switched back', async () => {
    const english = await alertFor('ferry', 'Ferry service between Japan’s northern islands resumes after the storm', 'Japan’s ferry operators restarted crossings to Hokkaido on Monday after two days of high winds.');
    expect(english.embeds[0]!.footer!.text).toMatch(/^Japan · matched: /);
    const commands = h.discord.interactions().length;

    h.discord.updateGuild(h.ids.guildId, (g) => {
      g.preferredLocale = 'ja';
    });
    await storeSays('ja');
    const japanese = await alertFor('rice', 'Rice harvest in Japan’s Niigata prefecture is the largest in a decade', 'Farmers in Niigata, Japan, brought in their largest rice harvest in ten years, the prefecture said on Tuesday.');
    expect(japanese.embeds[0]!.footer!.text).toMatch(/^日本 · 一致：/);
    expect(firstButton(japanese)).toBe('なぜ届いた？');

    h.discord.updateGuild(h.ids.guildId, (g) => {
      g.preferredLocale = 'en-US';
    });
    await storeSays('en-US');
    const back = await alertFor('rail', 'Japan opens a new rail line to the airport in Fukuoka', 'A new rail line to Fukuoka’s airport opened on Wednesday, Japan’s transport ministry said.');
    expect(back.embeds[0]!.footer!.text).toMatch(/^Japan · matched: /);
    expect(firstButton(back)).toBe('Why this?');
    // Only Discord's events told the bot: no member ran a command meanwhile.
    expect(h.discord.interactions()).toHaveLength(commands);
  });

  it('switched while the bot was offline: the first alert after start-up is in the new language, with no command', async () => {
    expect((await h.store.guilds.get(h.ids.guildId)).locale).toBe('en-US');
    const commands = h.discord.interactions().length;
    // Changed without a gateway event: the bot hears of it only in the server's details when it connects again.
    h.discord.guild(h.ids.guildId).preferredLocale = 'ja';
    await h.restart();
    // Known by the time the bot is ready, not some moment later: the first poll may start at once.
    expect((await h.store.guilds.get(h.ids.guildId)).locale).toBe('ja');
    const first = await alertFor('port', 'Japan’s busiest port in Yokohama adds a night shift for container ships', 'Yokohama, Japan’s busiest container port, will work through the night from next month, its operator said.');
    expect(first.embeds[0]!.footer!.text).toMatch(/^日本 · 一致：/);
    expect(firstButton(first)).toBe('なぜ届いた？');
    expect(h.discord.interactions()).toHaveLength(commands);
  });
});
