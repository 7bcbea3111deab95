import { describe, expect, it } from 'vitest';
import { summarize } from '../../../src/news/understand/summarize.ts';

/** A live page in the wire's "The Latest" style: an intro, then updates under their times, newest first. */
const newestFirst = [
  'The Latest on the ferry that ran aground off Kessel Point (all times local):',
  '9:40 p.m.',
  'Divers say a broken rudder chain, not the weather, sent the ferry onto the rocks off Kessel Point.',
  'The harbour board will keep the vessel out of service until the chain is replaced and tested.',
  'Passengers were given vouchers for the next three crossings, the operator said.',
  '___',
  '2:15 p.m.',
  'A ferry carrying 140 passengers has run aground off Kessel Point, the coast guard says.',
  'Everyone on board was taken ashore by lifeboat and nobody was hurt.',
  'Officials did not immediately give a cause.',
];

describe('summaries of live pages', () => {
  it('come from the newest update, not from an older one that says the same thing less well', () => {
    const summary = summarize({ title: 'The Latest: Ferry runs aground off Kessel Point', paragraphs: newestFirst });
    expect(summary[0]).toMatch(/^Divers say a broken rudder chain/);
    expect(summary.join(' ')).not.toMatch(/has run aground|Officials did not immediately|The Latest on/);
  });

  it('take the last update when the times rise down the page', () => {
    const oldestFirst = ['08:05', ...newestFirst.slice(7, 10), '___', '13:50', ...newestFirst.slice(2, 5)];
    const summary = summarize({ title: 'Ferry aground off Kessel Point: live', paragraphs: oldestFirst });
    expect(summary[0]).toMatch(/^Divers say a broken rudder chain/);
    expect(summary.join(' ')).not.toMatch(/has run aground/);
  });

  it('leave an ordinary story with one time in it alone', () => {
    const story = ['A ferry carrying 140 passengers ran aground off Kessel Point on Tuesday.', '2:15 p.m.', 'Everyone on board was taken ashore by lifeboat and nobody was hurt.', 'Divers later blamed a broken rudder chain.'];
    expect(summarize({ title: 'Ferry runs aground off Kessel Point', paragraphs: story })[0]).toMatch(/^A ferry carrying 140 passengers/);
  });
});
