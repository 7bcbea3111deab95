import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { extractArticle, type ExtractedPage, type ExtractResult } from '../../../src/news/extract/extract.ts';
import { decodeHtml } from '../../../src/news/extract/page-charset.ts';

const fixture = (name: string): Buffer => readFileSync(fileURLToPath(new URL(`../../fixtures/pages/${name}`, import.meta.url)));
const page = (result: ExtractResult): ExtractedPage => {
  if (!result.ok) throw new Error(`expected an article, got ${result.reason}: ${result.message}`);
  return result.page;
};

describe('extractArticle on a news page full of boilerplate', () => {
  const result = extractArticle(decodeHtml(fixture('news-with-boilerplate.html')), { url: 'https://coastline.example/local/seawall' });

  it('keeps exactly the story paragraphs, in order', () => {
    expect(page(result).paragraphs).toEqual([
      'The Port Alder city council voted 7–2 on Thursday night to build a $48 million seawall along the old harbor, ending two years of argument over how to protect the waterfront from winter storms.',
      "The vote came after a season in which three storms flooded Harbor Street, closing shops for a combined 19 days and damaging the town's only ferry terminal.",
      '“We have run out of time to keep studying this,” Mayor Elena Vasquez said after the vote. “Every winter we wait, we pay for it twice: once in repairs and once in lost business.”',
      'The wall will rise 2.4 metres above the current high-water mark and run 1.6 kilometres from the ferry terminal to the fish market. Construction is expected to start in September and take about three years.',
      'Council member Daniel Osei, who voted against the plan, said the cost would fall too heavily on residents. “This is the right idea at the wrong price,” he said. “We are asking families on fixed incomes to pay for a wall that mostly protects commercial property.”',
      "The project will be paid for with a state resilience grant of $30 million and a local bond of $18 million, according to the city's finance director, Priya Raman. She said the bond would add about $6 a month to a typical household's water bill.",
      'Harbor Street business owners packed the council chamber for the vote. Lucia Moretti, who runs a bakery two doors from the ferry terminal, told the council her shop had flooded twice since December.',
      '“I mopped seawater out of my kitchen on Christmas Eve,” Moretti said. “I don\'t need another study. I need a wall.”',
      "Engineers hired by the city have warned that without protection, Harbor Street could flood several times a year by 2040. Tom Okafor, the project's lead engineer, said the design leaves room to raise the wall by another half metre if sea levels climb faster than expected.",
      'The council will hold a public meeting on the construction schedule on April 2.',
    ]);
  });

  it('leaves no menu, label, headline, byline, caption, call to action, related link, share prompt, bio, comment form or footer', () => {
    const text = page(result).text;
    for (const line of [
      'Newsletters', 'Coastline Daily', 'Port Alder approves', 'By Maria', 'March 14, 2025', 'Waves break', 'Photo:', 'inbox', 'Sign up',
      'Read also', 'Ferry service cut back', 'Related Articles', 'Harbor Street shops count', 'Share this article', 'Facebook',
      'is a reporter who covers', 'Leave a Reply', 'Your email address', 'Required fields', 'Back to top', '©', 'All rights reserved',
    ]) {
      expect(text, line).not.toContain(line);
    }
    expect(page(result).paragraphs[0]).not.toBe('Local');
  });

  it('joins the paragraphs with blank lines', () => {
    expect(page(result).text).toBe(page(result).paragraphs.join('\n\n'));
  });

  it('reads the metadata: og:title without the site suffix, byline, site, date, language, absolute image', () => {
    const p = page(result);
    expect(p.title).toBe('Port Alder approves $48 million seawall after storm season');
    expect(p.byline).toBe('Maria Lindqvist');
    expect(p.siteName).toBe('Coastline Daily');
    expect(p.published).toBe('2025-03-14T09:30:00.000Z');
    expect(p.lang).toBe('en');
    expect(p.image).toBe('https://coastline.example/images/seawall-lead.jpg');
  });

  it('still extracts the story when JSON-LD says "not free" but the full text is on the page', () => {
    const html = decodeHtml(fixture('news-with-boilerplate.html')).replace(
      '</head>',
      '<script type="application/ld+json">{"@type":"NewsArticle","isAccessibleForFree":"False","datePublished":"2025-03-14"}</script></head>',
    );
    expect(page(extractArticle(html)).paragraphs).toHaveLength(10);
  });
});

describe('extractArticle on a Japanese page served in Shift_JIS', () => {
  const bytes = fixture('japanese-shift-jis.html');
  const html = decodeHtml(bytes);
  const result = extractArticle(html, { url: 'https://minato.example/local/tram' });

  it('decodes the bytes by the page\'s meta charset', () => {
    expect(bytes.includes(Buffer.from('路面電車', 'utf8'))).toBe(false);
    expect(html).toContain('路面電車');
  });

  it('keeps the six story paragraphs with their 「」 quotes intact', () => {
    const p = page(result);
    expect(p.paragraphs).toHaveLength(6);
    expect(p.paragraphs[0]).toBe('北浜市は8日、市中心部を走る路面電車を港地区まで約3.2キロ延伸する計画を正式に決定した。総事業費は約210億円で、2028年春の開業を目指す。');
    expect(p.paragraphs[2]).toBe('佐藤健一市長は記者会見で「港地区の人口はこの10年で倍近くに増えた。バスだけでは限界で、街の骨格となる交通をつくる必要がある」と述べた。');
    expect(p.paragraphs[5]).toBe('市は今月中に住民説明会を開き、停留所の位置や工事の日程について意見を聞く。');
  });

  it('drops the Japanese boilerplate: caption, date line, share prompt, related list, back-to-top, copyright', () => {
    const text = page(result).text;
    for (const line of ['写真：', '2025年4月8日', 'この記事をシェア', '関連記事', '北浜駅前の再開発', 'ページの先頭へ', 'Copyright', 'トップ']) {
      expect(text, line).not.toContain(line);
    }
  });

  it('reads title, site, date and language', () => {
    const p = page(result);
    expect(p.title).toBe('北浜市、路面電車の延伸を決定 2028年開業目指す');
    expect(p.siteName).toBe('みなと新報');
    expect(p.published).toBe('2025-04-08T09:30:00.000Z');
    expect(p.lang).toBe('ja');
  });

  it('recognises Japanese text when the page declares no language', () => {
    expect(page(extractArticle(html.replace('<html lang="ja">', '<html>'))).lang).toBe('ja');
  });

  it('reads an undeclared legacy page as windows-1252 rather than showing replacement characters', () => {
    const legacy = Buffer.concat([Buffer.from('<html><body><p>The caf'), Buffer.from([0xe9]), Buffer.from(' reopened.</p></body></html>')]);
    expect(decodeHtml(legacy)).toContain('The café reopened.');
  });

  it('lets a Content-Type header charset win over a wrong meta tag', () => {
    const mislabelled = Buffer.concat([Buffer.from('<meta charset="utf-8">'), bytes]);
    expect(decodeHtml(mislabelled, 'text/html; charset=Shift_JIS')).toContain('路面電車');
  });
});

describe('extractArticle on pages that are not a readable article', () => {
  it('says a subscriber-only page is paywalled and hands back its teaser without the prompt', () => {
    const result = extractArticle(decodeHtml(fixture('paywalled.html')));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.reason).toBe('paywalled');
    expect(result.message).toMatch(/paywall/i);
    expect(result.partial?.paragraphs).toEqual([
      'Three towns on the northern coast are competing for a semiconductor plant that could bring 4,000 jobs, and each has offered land, water rights and tax breaks worth hundreds of millions.',
      'The contest has split regional officials, some of whom say the incentives have gone too far.',
    ]);
    expect(result.partial?.published).toBe('2025-02-02T21:00:00.000Z');
    expect(result.partial?.byline).toBe('Kenji Ward');
  });

  it('says a section front made of links is not an article', () => {
    const result = extractArticle(decodeHtml(fixture('link-index.html')));
    expect(result).toMatchObject({ ok: false, reason: 'not-an-article' });
  });

  it.each([
    ['JSON', '{"status":"ok","items":[1,2,3]}'],
    ['a PDF', '%PDF-1.7\n%âãÏÓ\n1 0 obj'],
    ['plain text', 'Just some words with no markup at all.'],
  ])('says %s is not an article', (_kind, body) => {
    expect(extractArticle(body)).toMatchObject({ ok: false, reason: 'not-an-article' });
  });

  it('says a page with almost no text is empty', () => {
    expect(extractArticle('')).toMatchObject({ ok: false, reason: 'empty' });
    const tiny = '<html><head><title>Notice</title></head><body><article><p>The office is closed today.</p></article></body></html>';
    const result = extractArticle(tiny);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(['empty', 'not-an-article']).toContain(result.reason);
  });
});

describe('extractArticle keeps quotations as written', () => {
  it('keeps a quotation that runs over two paragraphs, open quote marks and all', () => {
    const p = page(extractArticle(decodeHtml(fixture('quote-across-paragraphs.html'))));
    expect(p.title).toBe('Library director explains the end of late fees');
    expect(p.byline).toBe('Sam Whitfield');
    expect(p.siteName).toBe('Riverbend Courier');
    expect(p.paragraphs).toHaveLength(7);
    expect(p.paragraphs[2]).toBe(
      '“When we looked at who owed fines, it was mostly children and older people on small pensions. Many of them had simply stopped coming. Some told our staff they were embarrassed to walk in.',
    );
    expect(p.paragraphs[3]).toMatch(/^“At the trial branches, .* collecting them,” Holloway said\.$/);
  });

  it('keeps scare quotes and a book title untouched', () => {
    const p = page(extractArticle(decodeHtml(fixture('scare-quotes-only.html'))));
    expect(p.title).toBe('Ministers unveil "reset" of regional rail timetable');
    expect(p.paragraphs).toHaveLength(5);
    expect(p.paragraphs[1]).toBe(
      "The so-called 'reset' follows a winter in which one in five regional trains ran more than ten minutes late, according to figures released by the national rail regulator last month.",
    );
    expect(p.text).toContain('the "ghost trains" that appear');
  });
});

describe('extractArticle titles', () => {
  const body = '<article>' + '<p>The regional water board approved new rates for the coming year after a long public hearing on Tuesday evening in the city hall.</p>'.repeat(4) + '</article>';

  it('drops the " | Site" suffix of a <title> when there is no og:title', () => {
    const html = `<html><head><title>Water board approves new rates | Valley Herald</title></head><body>${body}</body></html>`;
    expect(page(extractArticle(html)).title).toBe('Water board approves new rates');
  });

  it('prefers the page\'s single h1 over the <title>', () => {
    const html = `<html><head><title>Valley Herald - News</title></head><body><h1>Water board approves new rates</h1>${body}</body></html>`;
    expect(page(extractArticle(html)).title).toBe('Water board approves new rates');
  });

  it('takes the date from a <time datetime> when the head has none', () => {
    const html = `<html><head><title>Rates</title></head><body><time datetime="2024-11-05T08:00:00Z">Nov 5</time>${body}</body></html>`;
    expect(page(extractArticle(html)).published).toBe('2024-11-05T08:00:00.000Z');
  });
});

describe('extractArticle keeps link-heavy lists that are part of the story', () => {
  const para = 'The volunteer crew spent the autumn fixing the tram depot’s heating, repainting two carriages and cataloguing the spare parts that had piled up since the line closed.';
  const html = `<html><head><title>Depot notes for November</title></head><body><article>
    <h1>Depot notes for November</h1>
    <p>${para}</p>
    <h2>Highlights</h2>
    <ul>
      <li><a href="/notes/year">Here is our look back at the whole year!</a></li>
      <li>We finished the brake overhaul on carriage 14, which had been waiting for parts since the spring, and it passed its inspection on the first try.</li>
      <li>Still in progress:
        <ul>
          <li><a href="/tasks/101">Task 101 – Replace the worn pantograph on carriage 9</a></li>
          <li><a href="/tasks/102">Task 102 – Rewire the depot's south lighting</a></li>
        </ul>
      </li>
    </ul>
    <p>${para}</p>
  </article>
  <section class="related"><ul><li><a href="/a">Museum opens a new wing</a></li><li><a href="/b">Volunteers wanted for the summer</a></li></ul></section>
  </body></html>`;

  it('keeps the all-link point of a prose list and the links listed under a point', () => {
    const text = page(extractArticle(html)).text;
    expect(text).toContain('Here is our look back at the whole year!');
    expect(text).toContain('Task 101 – Replace the worn pantograph on carriage 9');
    expect(text).toContain('Task 102');
    expect(text).toContain('Highlights');
    expect(text).not.toContain('Museum opens a new wing');
  });
});

describe('extractArticle ignores markup that is never text', () => {
  it('drops inline vector icons, noscript fallbacks and comments without splitting the paragraph around them', () => {
    const sentence = 'The harbour ferry will run every twenty minutes from Monday, the operator said, after a month of complaints about crowded boats at the morning peak.';
    const html = `<html><head><title>Ferry timetable changes</title></head><body><article>
      <p>By <!-- -->Ana Ruiz</p>
      ${`<p>${sentence.replace('operator said', 'operator <!-- react-text: 12 -->said')} <svg viewBox="0 0 10 10"><text>Share icon</text></svg></p>`.repeat(3)}
      <noscript><p>Please enable JavaScript to see the map.</p></noscript>
    </article></body></html>`;
    const p = page(extractArticle(html));
    expect(p.paragraphs).toEqual([sentence, sentence, sentence]);
  });
});
