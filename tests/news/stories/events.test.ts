import { describe, expect, it } from 'vitest';
import { EventIndex, type EventDoc } from '../../../src/news/stories/events.ts';

const HOUR = 3600_000;
const T0 = Date.UTC(2026, 10, 3, 9, 0);

/** Runs docs through the index the way the bot does: find, then add to the found story or a new one. */
function feed(index: EventIndex, docs: EventDoc[]): Map<string, string> {
  const storyOf = new Map<string, string>();
  for (const d of docs) {
    const story = index.find(d)?.storyId ?? d.id;
    index.add(d, story);
    storyOf.set(d.id, story);
  }
  return storyOf;
}

// Background traffic, so document frequencies look like a real window and not like three lonely items.
const background: EventDoc[] = [
  'Storm closes mountain passes as snow piles up in the north',
  'Central bank holds rates steady and signals patience on inflation',
  'Airline orders forty new jets in its biggest deal in a decade',
  'Football club appoints former captain as interim manager',
  'Wildfire near coastal town forces hundreds to leave their homes',
  'Chip maker posts record quarterly profit on data centre demand',
  'City council approves plan for new tram line across the river',
  'Museum returns looted bronze statues to their country of origin',
].map((title, i) => ({ id: `bg${i}`, title, outlet: `Outlet ${i}`, at: T0 - HOUR * (i + 1) }));

// A 48-hour window holds thousands of stories, and in it "officials", "Tuesday", "prime minister" or "call" are
// common words; these fillers give the small test window that shape, so its IDF is not that of eight lone items.
const ROLES = ['Prime Minister', 'President', 'The finance minister', 'The mayor', 'Party officials', 'The foreign minister'];
const ACTS = ['calls for calm after', 'says talks went well after', 'pledges support following', 'meets officials about', 'plans a visit after', 'defends the budget amid'];
const TOPICS = ['port strike', 'grain prices', 'border checks', 'power cuts', 'teacher shortage', 'rail delays', 'tax reform', 'heat wave'];
const DAYS = ['on Monday', 'on Tuesday', 'on Wednesday', 'this week'];
for (let i = 0; i < 48; i++) {
  const title = `${ROLES[i % ROLES.length]} ${ACTS[(i * 5) % ACTS.length]} ${TOPICS[(i * 3) % TOPICS.length]} ${DAYS[i % DAYS.length]}`;
  const lead = `${ROLES[(i + 1) % ROLES.length]} said on Tuesday that officials would report on the ${TOPICS[(i * 7) % TOPICS.length]} by the end of the month.`;
  background.push({ id: `fill${i}`, title, lead, outlet: `Wire ${i % 5}`, at: T0 - HOUR * (10 + (i % 30)) });
}

const call: EventDoc = {
  id: 'harbor-1',
  title: 'Prime Minister Emi Sato tells President Lindqvist the alliance is her top priority in first call',
  lead: 'Prime Minister Emi Sato spoke with President Arne Lindqvist by phone on Tuesday evening, saying the security alliance would come first in her foreign policy.',
  outlet: 'Harbor Times',
  at: T0,
};
const callRewrite: EventDoc = {
  id: 'coast-1',
  title: 'Sato and Lindqvist hold first phone call, agree alliance is top priority',
  lead: 'In their first conversation since she took office, Emi Sato and Arne Lindqvist agreed on Tuesday that the alliance remains the priority, officials said.',
  outlet: 'Coastline News',
  at: T0 + 40 * 60_000,
};
const otherSatoStory: EventDoc = {
  id: 'harbor-2',
  title: 'Prime Minister Emi Sato plans to dissolve parliament for a snap election next month',
  lead: 'Emi Sato intends to dissolve the lower house and call a general election in December, two senior party officials said on Tuesday.',
  outlet: 'Northern Courier',
  at: T0 + 2 * HOUR,
};

describe('EventIndex: one story per event across outlets', () => {
  it("folds another outlet's rewrite of the same event into the first story", () => {
    const index = new EventIndex();
    const story = feed(index, [...background, call, callRewrite]);
    expect(story.get('coast-1')).toBe('harbor-1');
    expect(story.get('harbor-1')).toBe('harbor-1');
  });

  it('keeps two different stories about the same person on the same day apart', () => {
    const index = new EventIndex();
    const story = feed(index, [...background, call, callRewrite, otherSatoStory]);
    expect(story.get('harbor-2')).toBe('harbor-2');
    expect(index.find({ ...otherSatoStory, id: 'again', at: otherSatoStory.at + HOUR })?.storyId).toBe('harbor-2');
  });

  it("folds a same-outlet corrected re-post into the original", () => {
    const index = new EventIndex();
    const first: EventDoc = { id: 'r1', title: 'Flood warnings issued for three river towns after overnight rain', outlet: 'Valley Post', at: T0 };
    const corrected: EventDoc = { id: 'r2', title: 'CORRECTED: Flood warnings issued for four river towns after overnight rain', outlet: 'Valley Post', at: T0 + 20 * 60_000 };
    const story = feed(index, [...background, first, corrected]);
    expect(story.get('r2')).toBe('r1');
  });

  it("keeps items apart that share only their feed's boilerplate lead", () => {
    const boiler = 'Read the full story and more on the Valley Post website. Subscribe today for unlimited access to local journalism from Valley Post.';
    const items: EventDoc[] = [
      { id: 'v1', title: 'School board picks new superintendent', lead: boiler, outlet: 'Valley Post', at: T0 },
      { id: 'v2', title: 'Bakery on Main Street closes after forty years', lead: boiler, outlet: 'Valley Post', at: T0 + 10 * 60_000 },
      { id: 'v3', title: 'Local runner wins regional marathon title', lead: boiler, outlet: 'Valley Post', at: T0 + 20 * 60_000 },
    ];
    const story = feed(new EventIndex(), [...background, ...items]);
    expect(new Set(items.map((i) => story.get(i.id))).size).toBe(3);
  });

  it('handles Japanese headlines: a rewrite joins, another story about the same leader does not', () => {
    const index = new EventIndex();
    const jp: EventDoc[] = [
      { id: 'jp1', title: '佐藤首相、リンドクイスト大統領と初の電話会談　同盟関係を最優先と伝える', outlet: '港新聞', at: T0 },
      { id: 'jp2', title: '佐藤首相がリンドクイスト大統領と電話会談、同盟が最優先と強調', outlet: '海岸通信', at: T0 + HOUR },
      { id: 'jp3', title: '佐藤首相、来月の衆議院解散を検討　与党幹部が明らかに', outlet: '北日報', at: T0 + 2 * HOUR },
      { id: 'jp4', title: '北部の山道で大雪、通行止め相次ぐ', outlet: '港新聞', at: T0 + 3 * HOUR },
    ];
    const story = feed(index, [...background, ...jp]);
    expect(story.get('jp2')).toBe('jp1');
    expect(story.get('jp3')).toBe('jp3');
    expect(story.get('jp4')).toBe('jp4');
  });

  it('keeps a story in the window while its newest article is, and decides the same before and after pruning', () => {
    const index = new EventIndex({ windowMs: 48 * HOUR });
    feed(index, [call, { ...callRewrite, at: T0 + 40 * HOUR }]);
    const later = { ...callRewrite, id: 'coast-2', outlet: 'Bay Radio', at: T0 + 60 * HOUR };
    expect(index.find(later)?.storyId).toBe('harbor-1');
    expect(index.prune(later.at - 48 * HOUR)).toBe(0);
    expect(index.find(later)?.storyId).toBe('harbor-1');
    expect(index.prune(T0 + 41 * HOUR)).toBe(2);
    expect(index.find(later)).toBeUndefined();
  });

  it('forgets stories whose articles are all older than the window', () => {
    const index = new EventIndex({ windowMs: 48 * HOUR });
    feed(index, [...background, call]);
    const late = { ...callRewrite, at: T0 + 50 * HOUR };
    // Outside the window the story is not offered even before pruning, and pruning drops it.
    expect(index.find(late)).toBeUndefined();
    expect(index.prune(late.at - 48 * HOUR)).toBe(background.length + 1);
    expect(index.size).toBe(0);
    expect(index.find(late)).toBeUndefined();
  });
});
