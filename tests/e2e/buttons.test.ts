import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalUrl } from '../../src/news/feeds/canonical-url.ts';
import { rssFeed, startHarness, type Harness } from '../support/bot-harness.ts';

/** The buttons under alerts and lists, pressed by the right member, the wrong one, and after a restart. */
let h: Harness;
let items: Parameters<typeof rssFeed>[1] = [];
let n = 0;
const story = (title: string) => ({ id: `b${++n}`, title, link: h.web.url(`/b/${n}`), text: `${title}. Officials in Tokyo said the Japanese government would respond this week, and the yen moved.`, date: new Date().toISOString() });
const buttonsOf = (m: { components: unknown[] }) => (m.components as { components: { label: string; custom_id: string }[] }[]).flatMap((r) => r.components);
const alerts = () => h.discord.messages(h.ids.alerts).filter((m) => m.embeds.length);
const press = async (user: string, messageId: string, customId: string) => (await (await h.discord.pressButton({ messageId, customId, user })).waitForResponse(10_000));

beforeAll(async () => {
  h = await startHarness({ MAX_ALERTS_PER_POLL: '1' });
  h.web.route('/desk.xml', (_q, r) => r.writeHead(200, { 'content-type': 'application/rss+xml' }).end(rssFeed('Tokyo Desk', items)));
  await h.run(h.ids.admin, 'alerts channel', { channel: h.ids.alerts });
  await h.run(h.ids.admin, 'feeds add', { url: h.web.url('/desk.xml') });
  await h.run(h.ids.member, 'follow', { topic: 'japan' });
  await h.poll();
  items = [story('Japan and Korea agree on a fishing quota'), story('Tokyo exchange extends trading hours in Japan'), story('Japanese carmakers raise wages again')];
  await h.poll();
});
afterAll(() => h?.close());

describe('buttons on alerts and lists', () => {
  it('an alert carries "Why this?" and "Unfollow Japan"; a busy poll\'s list carries a summary button per story', () => {
    const [alert, list] = alerts();
    expect(buttonsOf(alert!).map((b) => b.label)).toEqual(['Why this?', 'Unfollow Japan']);
    expect(list!.embeds[0]!.title).toMatch(/More on Japan \(2\)/);
    expect(buttonsOf(list!).map((b) => b.label)).toEqual(['1. Tokyo exchange extends trading hours in Japan', '2. Japanese carmakers raise wages again']);
  });

  it('"Why this?" tells the member which of their follows matched, with the terms; another member hears it was not theirs', async () => {
    const alert = alerts()[0]!;
    const why = buttonsOf(alert)[0]!.custom_id;
    const mine = await press(h.ids.member, alert.id, why);
    expect(mine.ephemeral).toBe(true);
    expect(mine.content).toMatch(/reached you because:\n• Your follow of Japan: matched .*(japan|tokyo|korea)/i);
    const other = await press(h.ids.admin, alert.id, why);
    expect(other.content).toMatch(/None of your follows matched/);
  });

  it('a list\'s button answers with that story privately', async () => {
    const list = alerts()[1]!;
    const reply = await press(h.ids.admin, list.id, buttonsOf(list)[1]!.custom_id);
    expect(reply.ephemeral).toBe(true);
    expect(JSON.stringify(reply)).toMatch(/Japanese carmakers raise wages again/);
  });

  it('buttons keep working after a restart; "Unfollow" unfollows only the member who follows', async () => {
    await h.restart();
    const alert = alerts()[0]!;
    const unfollow = buttonsOf(alert)[1]!.custom_id;
    const notMine = await press(h.ids.admin, alert.id, unfollow);
    expect(notMine.content).toMatch(/You do not follow Japan/);
    const mine = await press(h.ids.member, alert.id, unfollow);
    expect(mine.ephemeral).toBe(true);
    expect(mine.content).toMatch(/You no longer follow Japan/);
    expect((await h.store.subscriptions.listForGuild(h.ids.guildId)).filter((s) => s.userId === h.ids.member)).toEqual([]);
  });

  it('a button whose story the bot no longer keeps says the alert is too old', async () => {
    const alert = alerts()[0]!;
    // What expiry does after 30 days: the story record is gone.
    const mark = await h.store.seen.findByUrl(canonicalUrl(alert.embeds[0]!.url!));
    await (h.store.stories as unknown as { kv: { delete(k: string): Promise<boolean> } }).kv.delete(`story:${mark!.storyId}`);
    const reply = await press(h.ids.member, alert.id, buttonsOf(alert)[0]!.custom_id);
    expect(reply.content).toMatch(/too old/);
  });
});
