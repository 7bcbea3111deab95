import { describe, expect, it } from 'vitest';
import { threadLine } from '../../src/jobs/queue-coverage.ts';

const article = {
  id: 'x',
  url: 'https://wiki-news.example/wiki/Harbour_(port)_reopens',
  canonicalUrl: 'https://wiki-news.example/wiki/harbour_(port)_reopens',
  title: 'Harbour reopens after the storm',
  published: '2026-12-01T08:00:00Z',
  text: 'The harbour reopened on Monday after three days of storm damage repairs. Ferries resumed at noon.',
  categories: [],
  source: { name: 'Wiki News', feedUrl: 'https://wiki-news.example/feed' },
};

describe('a line in a story’s coverage thread', () => {
  it('links the whole address, even one with parentheses in it', () => {
    const line = threadLine(article);
    expect(line).toBe(
      '• **Wiki News**: [Harbour reopens after the storm](<https://wiki-news.example/wiki/Harbour_%28port%29_reopens>) — The harbour reopened on Monday after three days of storm damage repairs.',
    );
  });
});
