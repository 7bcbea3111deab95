import { describe, expect, it } from 'vitest';
import { findQuotes } from '../../../src/news/understand/quotes.ts';

describe('a speaker named after a sentence adverb or a question’s auxiliary', () => {
  it('is the name alone, without the word that opened the sentence', () => {
    const paragraphs = [
      'The ferry board met for four hours on Tuesday to decide the winter timetable.',
      '“We cannot run the late boat at a loss for another season, however much the island wants it,” Accordingly Marten Lindqvist said.',
      'Was Ingrid Sole right to call the vote “a betrayal of everyone who lives past the bridge and works in town”?',
    ];
    const quotes = findQuotes({ paragraphs, lang: 'en' }, { max: 4 });
    const late = quotes.find((q) => q.text.startsWith('We cannot run'));
    expect(late?.speaker).toBe('Marten Lindqvist');
    expect(quotes.map((q) => q.speaker)).not.toContain('Was Ingrid Sole');
  });
});

describe('first names that are also English words', () => {
  it('stay part of the name ("Will", "Can")', () => {
    const paragraphs = [
      '“The late boat is the only way my students get home after evening classes,” said Will Ashdown, who teaches on the island.',
      '“Nobody asked the people who actually ride it at night,” said Can Aydin, a nurse on the hospital shift.',
    ];
    const speakers = findQuotes({ paragraphs, lang: 'en' }, { max: 4 }).map((q) => q.speaker);
    expect(speakers).toContain('Will Ashdown');
    expect(speakers).toContain('Can Aydin');
  });
});

describe('a word that only stands where a name should', () => {
  it('is no speaker: the quote is credited to no one, in every consumer of findQuotes', () => {
    const paragraphs = ['“We will rebuild the pier before the summer season begins,” Don’t said, laughing.'];
    expect(findQuotes({ paragraphs, lang: 'en' }, { max: 3 }).map((q) => q.speaker)).toEqual([null]);
  });
});
