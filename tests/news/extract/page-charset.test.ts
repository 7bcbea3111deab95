import { describe, expect, it } from 'vitest';
import { decodeHtml } from '../../../src/news/extract/page-charset.ts';

describe('decoding a page without a declared charset', () => {
  it('keeps valid UTF-8 as UTF-8 even when it holds a literal replacement character', () => {
    const html = '<html><body><p>The Senate’s vote was 61–38 � said the clerk.</p></body></html>';
    const text = decodeHtml(Buffer.from(html, 'utf8'));
    expect(text).toContain('Senate’s vote was 61–38');
    expect(text).not.toContain('â€');
  });

  it('still reads bytes that are not UTF-8 as windows-1252', () => {
    const bytes = Buffer.concat([Buffer.from('<html><body><p>Caf'), Buffer.from([0xe9]), Buffer.from(' au lait</p></body></html>')]);
    expect(decodeHtml(bytes)).toContain('Café au lait');
  });
});
