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

describe('tokenize on plain ASCII text', () => {
  // The pattern the ASCII scanner replaces, with its per-word normalization: the scanner must cut,
  // fold and classify exactly as it did, or stored follows would stop matching the same articles.
  const PATTERN = /((?:[A-Za-z]\.){2,}(?![A-Za-z0-9]))|([A-Za-z0-9]+(?:'[A-Za-z0-9]+)*)/g;
  function byPattern(text: string): { norm: string; start: number; wordCase: string }[] {
    const lineHasLower = /[a-z]/.test(text);
    const out: { norm: string; start: number; wordCase: string }[] = [];
    for (const m of text.matchAll(PATTERN)) {
      const raw = m[1] !== undefined ? m[1].slice(0, -1) : (m[2] as string);
      const shown = m[1] ?? raw;
      let wordCase = 'unknown';
      if (lineHasLower) {
        const first = shown.charAt(0);
        if (first === first.toLowerCase()) wordCase = 'lower';
        else {
          const rest = shown.slice(1).replace(/[^A-Za-z]/g, '');
          wordCase = /[a-z]/.test(rest) ? 'title' : rest.length > 0 ? 'upper' : 'title';
        }
      }
      const norm = raw.toLowerCase().replace(/'s$/, '').replace(/'/g, '');
      out.push({ norm, start: m.index, wordCase });
    }
    return out;
  }

  it('cuts acronyms, apostrophes and digits as the pattern does', () => {
    expect(tokenize("The U.S. and U.K. talks, U.S.A ex-CEO's 2nd N.Y. O'Neil's rock'n'roll e.g. A.B.C. x.").words.map((w) => w.norm)).toEqual(
      ['the', 'u.s', 'and', 'u.k', 'talks', 'u', 's', 'a', 'ex', 'ceo', '2nd', 'n.y', 'oneil', 'rocknroll', 'e.g', 'a.b.c', 'x'],
    );
  });

  it('gives the same tokens as the pattern on 3,000 random texts', () => {
    let seed = 11;
    const random = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const alphabet = "aBcDxyZ09.'. -\n,S's";
    for (let n = 0; n < 3000; n++) {
      let text = '';
      const length = Math.floor(random() * 40);
      for (let i = 0; i < length; i++) text += alphabet.charAt(Math.floor(random() * alphabet.length));
      expect(tokenize(text, 5).words.map((w) => ({ ...w, start: w.start - 5 })), JSON.stringify(text)).toEqual(byPattern(text));
    }
  });
});
