import { describe, expect, it } from 'vitest';
import { normalizedLength, normalizeSpace, parseDocument, shortText } from '../../../src/news/extract/dom.ts';
import { prepareSource } from '../../../src/news/extract/source.ts';

const textOf = (html: string, selector = 'body'): string => parseDocument(prepareSource(html)).querySelector(selector)?.textContent ?? '';

describe('prepareSource: what cannot reach the text goes before parsing', () => {
  it('drops scripts, styles, comments, inline SVG, noscript and links but keeps JSON-LD and a link naming the author', () => {
    const out = prepareSource(
      '<head><link rel="stylesheet" href="a.css"><link rel="author" href="/jo"><style>p{}</style>' +
        '<script>var x = "<p>no</p>";</script><script type="application/ld+json">{"@type":"NewsArticle"}</script></head>' +
        '<body><!-- c --><svg><text>icon</text></svg><noscript>enable js</noscript><p>Story</p></body>',
    );
    expect(out).toContain('application/ld+json');
    expect(out).toContain('rel="author"');
    for (const gone of ['a.css', 'p{}', 'var x', '<!--', 'icon', 'enable js']) expect(out).not.toContain(gone);
  });

  it('drops attributes nothing reads, keeps those something does, and leaves images and embeds whole', () => {
    const out = prepareSource('<div class="a" id="b" data-x="1" onclick="go()" title="t > u" aria-label="x" aria-hidden="true" style="color:red"><img data-src="x.jpg" alt="a" width="3"></div>');
    expect(out).toBe('<div class="a" id="b" aria-hidden="true" style="color:red"><img data-src="x.jpg" alt="a" width="3"></div>');
  });

  it('leaves a tag it cannot read unambiguously as it is', () => {
    expect(prepareSource('<div class="a"data-x="1">x</div>')).toBe('<div class="a"data-x="1">x</div>');
  });
});

describe('prepareSource: layout spacing', () => {
  it('drops indentation around block tags but keeps the text of neighbouring blocks apart', () => {
    const html = '<table>\n  <tr>\n    <td>\n      <div>Patch Size</div>\n      <div>\n        <span>(% vs original)</span>\n      </div>\n    </td>\n  </tr>\n</table>';
    const out = prepareSource(html);
    expect(out.length).toBeLessThan(html.length);
    expect(normalizeSpace(textOf(html, 'td'))).toBe('Patch Size (% vs original)');
  });

  it('keeps the spacing between inline text and the start of a block, which may be removed later', () => {
    const html = '<div><b>bold</b>\n<div class="ad">Ad</div>more</div>';
    expect(prepareSource(html)).toContain('</b>\n<div');
  });

  it('keeps <pre> content exactly', () => {
    const html = '<pre>\n  <div>x</div>\n  <div>y</div>\n</pre>';
    expect(prepareSource(html)).toBe(html);
  });

  it('keeps the spacing inside a byline, whose raw length Readability measures', () => {
    const byline = '<div class="byline-section">\n      <span class="author">Jo Reporter</span>\n      <div class="date">Published today</div>\n    </div>';
    const out = prepareSource(`<div>\n  <p>One</p>\n  ${byline}\n</div>`);
    expect(out).toContain(byline);
  });
});

describe('text measures', () => {
  it('normalizedLength is the length normalizeSpace gives', () => {
    for (const s of ['', '  ', ' a ', 'a\u00a0\u00a0b', 'a\u200b b', '\ufeff x \u3000 y\n', 'a\u00ad\u2003\u2003b', '😀 \u2028 é']) {
      expect(normalizedLength(s), JSON.stringify(s)).toBe(normalizeSpace(s).length);
    }
  });

  it('shortText gives the normalised text up to the limit, and null beyond it', () => {
    const doc = parseDocument('<div id="d"><a> Home </a>\n<span>page</span></div>');
    const div = doc.querySelector('#d')!;
    expect(shortText(div, 160)).toBe('Home page');
    expect(shortText(div, 5)).toBeNull();
  });
});
