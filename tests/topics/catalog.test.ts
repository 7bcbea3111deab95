import { describe, expect, it } from 'vitest';
import { findTopic, loadCatalog, termText } from '../../src/topics/catalog.ts';

describe('catalog', () => {
  it('has every topic the /topics command promises, each described and with terms', () => {
    const ids = loadCatalog().map((t) => t.id);
    for (const id of ['japan', 'crypto', 'ai', 'climate', 'economy', 'us-politics', 'china', 'europe', 'energy', 'space', 'health', 'technology']) {
      expect(ids).toContain(id);
    }
    for (const t of loadCatalog()) {
      expect(t.description.length).toBeGreaterThan(40);
      expect(t.groups.flatMap((g) => g.terms).length).toBeGreaterThan(10);
    }
  });

  it('includes the names people expect in japan and crypto', () => {
    const terms = (id: string): string[] => findTopic(id)!.groups.flatMap((g) => g.terms.map(termText));
    expect(terms('japan')).toEqual(expect.arrayContaining(['Japan', 'Tokyo', 'Bank of Japan', 'Nikkei', 'yen', 'Takaichi', 'Diet', '日本', '日銀']));
    expect(terms('crypto')).toEqual(expect.arrayContaining(['bitcoin', 'ethereum', 'stablecoin', 'Binance', 'Coinbase', 'token']));
  });

  it('finds topics by id, name or alias, ignoring case', () => {
    expect(findTopic('JAPAN')?.id).toBe('japan');
    expect(findTopic('Economy and markets')?.id).toBe('economy');
    expect(findTopic('markets')?.id).toBe('economy');
    expect(findTopic('bitcoin')?.id).toBe('crypto');
    expect(findTopic('"bank of japan" rate')).toBeUndefined();
  });
});
