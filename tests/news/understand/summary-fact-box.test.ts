import { describe, expect, it } from 'vitest';
import { summarize } from '../../../src/news/understand/summarize.ts';

const review = [
  'Reviewed by: Tomas Reyes Price: £35 Where to buy: www.harbour-press.example/books',
  'This is the walking guide to carry if you only carry one: it fits a coat pocket and survives the rain.',
  'Each of its forty routes comes with a hand-drawn map, a note on where to eat and how long the walk really takes.',
  'The only let-down is the index, which lists places but not the routes that pass them.',
];

describe('summaries and fact boxes', () => {
  it('leave out a review’s spec line (labels, a price, a web address) run together into one line', () => {
    const summary = summarize({ title: 'Coastal walks guide review', paragraphs: review });
    expect(summary.join(' ')).not.toMatch(/Reviewed by|www\./);
    expect(summary[0]).toMatch(/^This is the walking guide/);
  });

  it('keep a sentence that quotes someone after a colon', () => {
    const story = ['The harbour master told reporters: "The channel reopens on Friday: the dredging is finished."', 'Ferries will return to their usual timetable the same day.'];
    expect(summarize({ title: 'Harbour channel to reopen', paragraphs: story })[0]).toMatch(/^The harbour master told reporters/);
  });
});
