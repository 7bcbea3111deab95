import { describe, expect, it } from 'vitest';
import { normalizeText, tokenize, wordsOf, wordVariants } from '../../src/topics/text.ts';

describe('tokenize', () => {
  it('lower-cases, drops possessives, folds accents and full-width letters', () => {
    expect(wordsOf("Japan's Société ＴＯＫＹＯ")).toEqual(['japan', 'societe', 'tokyo']);
  });

  it('keeps dotted acronyms as one token and splits hyphenated words', () => {
    expect(wordsOf('U.S.-Japan talks')).toEqual(['u.s', 'japan', 'talks']);
  });

  it('keeps runs of Japanese text whole and separate from Latin words', () => {
    const { words, cjk } = tokenize(normalizeText('日銀の植田総裁はBOJ会合で'));
    expect(cjk.map((r) => r.text)).toEqual(['日銀の植田総裁は', '会合で']);
    expect(words.map((w) => w.norm)).toEqual(['boj']);
  });

  it('records capitalisation, but not inside all-caps lines', () => {
    const mixed = tokenize('The Diet passed the BTC bill').words;
    expect(mixed.map((w) => w.wordCase)).toEqual(['title', 'title', 'lower', 'lower', 'upper', 'lower']);
    expect(tokenize('JAPAN DIET PASSES BUDGET').words.every((w) => w.wordCase === 'unknown')).toBe(true);
  });
});

describe('wordVariants', () => {
  it('covers plurals and regular verb forms', () => {
    expect(wordVariants('tariff')).toEqual(expect.arrayContaining(['tariff', 'tariffs', 'tariffed']));
    expect(wordVariants('economy')).toContain('economies');
    expect(wordVariants('tax')).toEqual(expect.arrayContaining(['taxes', 'taxed']));
    expect(wordVariants('ban')).toEqual(expect.arrayContaining(['bans', 'banned', 'banning']));
    expect(wordVariants('rate')).toEqual(expect.arrayContaining(['rates', 'rated', 'rating']));
  });

  it('maps a plural back to its singular', () => {
    expect(wordVariants('tariffs')).toContain('tariff');
    expect(wordVariants('currencies')).toContain('currency');
  });

  it('does not invent verb forms for words that do not take them', () => {
    expect(wordVariants('defi')).not.toContain('defied');
    expect(wordVariants('news')).not.toContain('new');
    expect(wordVariants('rat')).not.toContain('rated');
  });
});
