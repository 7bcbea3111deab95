import { describe, expect, it } from 'vitest';
import { embedLength, LIMITS, renderAlert, type Embed } from '../../src/discord/render.ts';
import { withCoverage } from '../../src/discord/render-coverage.ts';

const sentence = 'The harbour board met the dock workers again on Thursday and agreed to publish the night-shift rota a month ahead. ';
const query = (n: number) => `${'dock workers OR harbour pilots OR night ferries OR port authority talks OR '.repeat(4)}rota ${n}`.slice(0, 300);

/** An alert as full as the bot ever makes one: long headline, summary and quotes, a footer naming two long custom queries. */
function fullAlert(): Record<string, unknown> {
  const quote = { text: sentence.repeat(12), speaker: 'Ilse Vandermeer-Okonkwo, chair of the harbour board' };
  return renderAlert(
    {
      article: { title: `${sentence}${sentence}${sentence}`, url: 'https://quay.example/a', published: '2026-03-01T00:00:00Z', source: { name: 'Quay Courier and Coastal Shipping Gazette', feedUrl: 'x' } },
      insight: { summary: [sentence.repeat(6), sentence.repeat(6)], quotes: [quote, quote, quote], basis: 'page', lang: 'en' },
      topicLabel: `“${query(1)}” · “${query(2)}”`,
      terms: ['dock workers', 'harbour pilots', 'night ferries', 'port authority', 'rota', 'harbour board', 'night shift', 'ferries'],
      server: 'The Harbour Watchers Community Server',
    },
    'en-US',
  ) as unknown as Record<string, unknown>;
}

const outlets = Array.from({ length: 40 }, (_, i) => ({ source: `Coastal Shipping Gazette and Harbour Review edition ${i}`, url: `https://gazette${i}.example/${'harbour-news/'.repeat(8)}${i}` }));

describe('"Also reported by" never pushes an alert past what Discord accepts', () => {
  it('a full alert with many outlets stays within 6000 characters and still names who else reported it', () => {
    const before = fullAlert() as Embed;
    expect(embedLength(before)).toBeLessThanOrEqual(LIMITS.total);
    const after = withCoverage(fullAlert(), outlets, 'Quay Courier and Coastal Shipping Gazette', 'en-US') as Embed;
    expect(embedLength(after)).toBeLessThanOrEqual(LIMITS.total);
    const coverage = after.fields!.find((f) => f.name === 'Also reported by')!;
    expect(coverage.value).toMatch(/^\[Coastal Shipping Gazette and Harbour Review edition 0\]\(/);
    expect(coverage.value).toMatch(/ \+\d+ more$/);
    // The summary and quotes are what the alert is for: room is made in the outlet list, not taken from them.
    expect(after.description).toBe(before.description);
    expect(after.fields!.slice(0, 3)).toEqual(before.fields!.slice(0, 3));
  });
});
