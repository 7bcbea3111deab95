import { describe, expect, it } from 'vitest';
import { splitIntoZones, type Zone } from '../../src/topics/article-zones.ts';

function zoneOf(zones: ReturnType<typeof splitIntoZones>, fragment: string): Zone | undefined {
  return zones.find((z) => z.text.includes(fragment))?.zone;
}

describe('splitIntoZones', () => {
  it('separates a Reuters-style dateline from the lead', () => {
    const zones = splitIntoZones({ title: 'YEN FIRMS', text: 'TOKYO, March 3 - The yen firmed against the dollar. Dealers said so. More text follows here.' });
    expect(zones.find((z) => z.zone === 'dateline')?.text).toBe('TOKYO, March 3 -');
    expect(zoneOf(zones, 'The yen firmed')).toBe('lead');
    expect(zoneOf(zones, 'More text')).toBe('body');
  });

  it('marks calls to action, related lists, comment forms and a repeated headline', () => {
    const text = [
      'World',
      'Ministers agree new rules',
      'Ministers agreed on new rules on Monday. The rules start next year.',
      'Officials said more talks would follow.',
      'Sign up for our daily newsletter to get stories like this.',
      'Related Articles',
      'Another story about crypto markets',
      'Leave a Reply',
    ].join('\n');
    const zones = splitIntoZones({ title: 'Ministers agree new rules', text });
    expect(zoneOf(zones, 'World')).toBe('label');
    expect(zones.filter((z) => z.zone === 'repeat')).toHaveLength(1);
    expect(zoneOf(zones, 'Ministers agreed')).toBe('lead');
    expect(zoneOf(zones, 'Officials said')).toBe('body');
    expect(zoneOf(zones, 'newsletter')).toBe('boilerplate');
    expect(zoneOf(zones, 'crypto markets')).toBe('boilerplate');
    expect(zoneOf(zones, 'Leave a Reply')).toBe('boilerplate');
  });

  it('ends a related-stories list when real prose returns', () => {
    const prose = 'The committee will publish its full report in the spring, and members said they expected the findings to shape the budget debate for the rest of the year.';
    const zones = splitIntoZones({ title: 't', text: `Lead sentence here. Second one.\nRelated\nSome other headline\n${prose}` });
    expect(zoneOf(zones, 'Some other headline')).toBe('boilerplate');
    expect(zoneOf(zones, 'The committee')).toBe('body');
  });

  it('keeps the lead to two sentences', () => {
    const zones = splitIntoZones({ title: 't', text: 'One. Two is here. Three is body.' });
    expect(zones.filter((z) => z.zone === 'lead').map((z) => z.text.trim())).toEqual(['One. Two is here.']);
    expect(zoneOf(zones, 'Three')).toBe('body');
  });

  it('does not end a sentence at U.S. or Mr.', () => {
    const zones = splitIntoZones({ title: 't', text: 'The U.S. and Mr. Abe agreed. They met in Tokyo. Later text.' });
    expect(zones.filter((z) => z.zone === 'lead').map((z) => z.text.trim())).toEqual(['The U.S. and Mr. Abe agreed. They met in Tokyo.']);
  });

  it('treats categories as their own zone', () => {
    expect(splitIntoZones({ title: 't', text: 'x', categories: ['Crypto'] }).find((z) => z.zone === 'category')?.text).toBe('Crypto');
  });
});
