import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodeHtml } from '../../../src/news/extract/page-charset.ts';

const story = '港口管理局周二宣布，夜间渡轮将在整个冬季继续运营，乘客人数比去年同期增加了一倍。';
const page = (charset: string) => `<!doctype html><html><head><meta http-equiv="Content-Type" content="text/html; charset=${charset}"><title>渡轮</title></head><body><p>${story}</p></body></html>`;

describe('a page whose <meta> names an encoding its bytes are not in', () => {
  it('reads a page saved as UTF-8 that still declares gb2312 as UTF-8, not as mojibake', () => {
    expect(decodeHtml(Buffer.from(page('gb2312'), 'utf8'))).toContain(story);
  });

  it('reads a page saved as UTF-8 that still declares iso-8859-1 as UTF-8', () => {
    const french = '<html><head><meta charset="iso-8859-1"></head><body><p>Le conseil a décidé à l’unanimité de prolonger la traversée de nuit jusqu’à l’été, a précisé la présidente.</p></body></html>';
    expect(decodeHtml(Buffer.from(french, 'utf8'))).toContain('décidé à l’unanimité');
  });

  it('still reads a page really in gb2312 by its declaration', () => {
    expect(decodeHtml(iconv.encode(page('gb2312'), 'gb2312'))).toContain(story);
  });
});
