import { describe, expect, it } from 'vitest';
import { starterFeedsFor } from '../../src/jobs/feed-set.ts';
import { articleLanguage, primaryLanguage } from '../../src/news/language.ts';

describe('the language of an article', () => {
  it('is what its feed declares, else a guess from its headline and opening', () => {
    expect(articleLanguage({ title: 'Anything', text: '', lang: 'ja-JP' })).toBe('ja');
    expect(articleLanguage({ title: '日本銀行が金利を据え置き', text: '東京の外国為替市場では円相場が小幅な動きにとどまった。' })).toBe('ja');
    expect(articleLanguage({ title: 'Harbour workers end their strike', text: 'Dock workers went back to work on Monday after the union accepted the offer.' })).toBe('en');
    expect(articleLanguage({ title: 'La grève des dockers prend fin', text: 'Les dockers ont repris le travail lundi après un accord avec la direction du port.' })).toBe('fr');
  });

  it('is not guessed from too little text', () => {
    expect(articleLanguage({ title: 'Update', text: '' })).toBeUndefined();
  });

  it('compares primary subtags', () => {
    expect(primaryLanguage('en-US')).toBe('en');
    expect(primaryLanguage('JA')).toBe('ja');
  });
});

describe('starter feeds by the server\'s locale', () => {
  it('give English feeds to every server and a Japanese-language one only to a Japanese server', () => {
    const english = starterFeedsFor('japan', 'en-US');
    const japanese = starterFeedsFor('japan', 'ja');
    expect(english.every((f) => f.lang === 'en')).toBe(true);
    expect(japanese.some((f) => f.lang === 'ja')).toBe(true);
    expect(japanese.length).toBe(english.length + 1);
    expect(starterFeedsFor('"my own query"', 'ja')).toEqual([]);
  });
});
