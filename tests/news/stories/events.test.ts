import { describe, expect, it } from 'vitest';
import { EventIndex, type EventDoc } from '../../../src/news/stories/events.ts';
import { StoryWindow, storyQueryOf } from '../../../src/news/stories/story-window.ts';

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

// A window past its young phase (100 articles and more), where one-fact links and folds are allowed.
const PLACES = ['Harbour district', 'Northern province', 'Valley towns', 'Capital region', 'Island ferries', 'Border crossings', 'Lake resorts', 'Mountain villages'];
const EVENTS = ['gets new bus routes', 'reports record tourist numbers', 'opens a renovated library', 'faces water restrictions', 'hosts a food festival', 'plans bike lanes', 'reopens its ice rink', 'expands a hospital wing'];
const mature: EventDoc[] = [...background];
for (let i = 0; mature.length < 130; i++) {
  mature.push({ id: `m${i}`, title: `${PLACES[i % PLACES.length]} ${EVENTS[(i * 3 + Math.floor(i / 8)) % EVENTS.length]} ${i % 2 ? 'this spring' : 'next year'}`, outlet: `Local ${i % 7}`, at: T0 - HOUR * (2 + (i % 40)) });
}
mature.sort((a, b) => a.at - b.at);

const doc = (id: string, title: string, minutes: number): EventDoc => ({ id, title, outlet: `Outlet ${id}`, at: T0 + minutes * 60_000 });

describe('EventIndex: stories grow, and fold when they turn out to be one', () => {
  it('keeps another story about the same person apart once the window is mature and the first story has grown', () => {
    const index = new EventIndex();
    const story = feed(index, [
      ...mature,
      call,
      callRewrite,
      doc('c3', 'Emi Sato and Arne Lindqvist put the alliance first in their first call', 50),
      doc('c4', 'In first call, Sato tells Lindqvist the alliance is her top priority', 60),
      { ...otherSatoStory, at: T0 + 2 * HOUR },
      doc('s2', 'Emi Sato names a former central banker as finance minister', 150),
    ]);
    expect(story.get('c3')).toBe('harbor-1');
    expect(story.get('c4')).toBe('harbor-1');
    expect(story.get('harbor-2')).toBe('harbor-2');
    expect(story.get('s2')).toBe('s2');
  });

  it('in title-case headlines, a name the stream has shown counts once: another story about her stays apart, a rewrite joins', () => {
    const index = new EventIndex();
    const story = feed(index, [
      ...mature,
      call,
      callRewrite,
      doc('t1', 'Emi Sato Tells Lindqvist Alliance Is Top Priority In First Call', 50),
      doc('t2', 'Emi Sato Names Former Central Banker As Finance Minister', 60),
      doc('t3', 'Emi Sato, Lindqvist Agree Alliance Comes First', 70),
    ]);
    expect(story.get('t1')).toBe('harbor-1');
    expect(story.get('t2')).toBe('t2');
    expect(story.get('t3')).toBe('harbor-1');
  });

  it('folds a younger story into an older one when both grow around the same facts, and answers for both with the older', () => {
    const index = new EventIndex();
    feed(index, mature);
    // Two reports of one filing that started apart (as when they arrive while the window is young).
    index.add(doc('a1', 'Marlowe Pizza files for bankruptcy protection again', 0), 'A');
    index.add(doc('a2', 'Marlowe Pizza files for bankruptcy for the second time', 10), 'A');
    index.add(doc('b1', 'Pizza chain Marlowe back in bankruptcy court as malls empty', 20), 'B');
    expect(index.storyOf('B')).toBe('B');
    index.add(doc('b2', 'Marlowe pizza chain files for bankruptcy again as mall visits fall', 30), 'B');
    expect(index.storyOf('B')).toBe('A');
    expect(index.find(doc('x', 'Marlowe Pizza bankruptcy filing: chain blames empty malls', 40))?.storyId).toBe('A');
    // Later articles sent to the folded story's id land in the older one, which keeps both in its article count.
    index.add(doc('b3', 'Marlowe files for bankruptcy once more', 50), 'B');
    expect(index.prune(T0)).toBe(mature.length);
    expect(index.prune(T0 + 2 * HOUR)).toBe(5);
  });

  it('does not fold two stories that share only what happened to them (two companies file for bankruptcy)', () => {
    const index = new EventIndex();
    feed(index, mature);
    index.add(doc('a1', 'Marlowe Pizza files for bankruptcy protection again', 0), 'A');
    index.add(doc('a2', 'Marlowe Pizza files for bankruptcy for the second time', 10), 'A');
    index.add(doc('b1', 'Crypto exchange Zentrix files for bankruptcy protection', 20), 'B');
    index.add(doc('b2', 'Zentrix files for bankruptcy after losing customer coins', 30), 'B');
    index.add(doc('b3', 'Hackers say Zentrix files for bankruptcy to stall lawsuits', 40), 'B');
    expect(index.storyOf('B')).toBe('B');
    expect(index.find(doc('y', 'Zentrix bankruptcy filing angers customers', 50))?.storyId).toBe('B');
  });

  it('links one shared fact when it is all a grown story is about, and not when the story is about more', () => {
    const index = new EventIndex();
    feed(index, mature);
    // A story whose headlines share one name and little else: coverage of a thing, not of one moment.
    for (const [i, title] of ['Quillbrook arrives in stores tonight', 'Quillbrook review: worth the long wait', 'Quillbrook servers strain under launch crowds', 'Five things to know before playing Quillbrook'].entries()) {
      index.add(doc(`q${i}`, title, i * 10), 'Q');
    }
    expect(index.find(doc('q9', 'Quillbrook crashes on older consoles', 60))?.storyId).toBe('Q');
    // The phone-call story has the other leader, the alliance and the call in its identity: Sato alone is a small part.
    for (const [i, d] of [call, callRewrite, doc('c3', 'Emi Sato and Arne Lindqvist put the alliance first in their first call', 50)].entries()) index.add({ ...d, at: T0 + i * 60_000 }, 'CALL');
    expect(index.find(doc('s9', 'Emi Sato visits flood-hit towns in the north', 90))).toBeUndefined();
  });
});

describe('StoryWindow: the decision the bot makes, replayed from its entries', () => {
  it('a restart that replays the decided entries (each once, however often read) decides the next article the same way', () => {
    const window = new StoryWindow([], { windowMs: 48 * HOUR });
    const entries = [...mature, call, callRewrite, doc('c3', 'Emi Sato and Arne Lindqvist put the alliance first in their first call', 50)].map((d) => {
      const q = storyQueryOf({ canonicalUrl: `https://news.example/${d.id}`, title: d.title, text: d.lead ?? '', source: { name: d.outlet, feedUrl: '' } }, d.at);
      return window.decide(d.id, q);
    });
    expect(entries.at(-1)!.storyId).toBe('harbor-1');
    expect(entries.at(-2)!.storyId).toBe('harbor-1');
    const replayed = new StoryWindow([...entries, ...entries].map((e) => e.entry), { windowMs: 48 * HOUR });
    const next = storyQueryOf({ canonicalUrl: 'https://news.example/next', title: 'Sato, Lindqvist agree the alliance comes first in phone call', text: '', source: { name: 'Bay Radio', feedUrl: '' } }, T0 + 2 * HOUR);
    expect(replayed.find(next)?.storyId).toBe('harbor-1');
    expect(window.find(next)?.storyId).toBe('harbor-1');
  });
});

describe('StoryWindow: a syndicated copy found by its body', () => {
  const query = (d: EventDoc) => storyQueryOf({ canonicalUrl: `https://news.example/${d.id}`, title: d.title, text: d.lead ?? '', source: { name: d.outlet, feedUrl: '' } }, d.at);
  // Another outlet ran the call story word for word under a headline of its own, sharing none of its words.
  const copy: EventDoc = { id: 'inland-1', title: 'Nordic partner hears new leader’s pledge in late-evening phone talks', outlet: 'Inland Wire', at: T0 + HOUR };
  const copyRewrite: EventDoc = { id: 'bay-1', title: 'New leader’s pledge heard by Nordic partner in late-evening phone talks', outlet: 'Bay Radio', at: T0 + 3 * HOUR };

  function windowWithCopy(folded: boolean) {
    const window = new StoryWindow([], { windowMs: 48 * HOUR });
    const entries = [...mature, call, copy].map((d) => window.decide(d.id, query(d)).entry);
    expect(window.find(query(copy))?.storyId).toBe('inland-1');
    if (folded) {
      const fold = { storyId: 'inland-1', canonicalUrl: '', title: '', source: 'Inland Wire', at: copy.at, signature: [], foldInto: 'harbor-1' };
      window.add(fold);
      entries.push(fold);
    }
    return { window, entries };
  }

  it('once folded into the story it copies, a later rewrite of the copy’s headline joins that story, also after a replay', () => {
    const { window, entries } = windowWithCopy(true);
    expect(window.decide('bay-1', query(copyRewrite)).storyId).toBe('harbor-1');
    const replayed = new StoryWindow(entries, { windowMs: 48 * HOUR });
    expect(replayed.find(query(copyRewrite))?.storyId).toBe('harbor-1');
  });

  it('without the fold the rewrite joins the copy’s own story (what the fold changes)', () => {
    const { window } = windowWithCopy(false);
    expect(window.find(query(copyRewrite))?.storyId).toBe('inland-1');
  });
});
