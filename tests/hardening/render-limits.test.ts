import { describe, expect, it } from 'vitest';
import { embedLength, LIMITS, mentionBody, renderAlert, renderList, renderSummary, safeText, type Embed } from '../../src/discord/render.ts';

function checkLimits(e: Embed): void {
  expect(e.title?.length ?? 0).toBeLessThanOrEqual(LIMITS.title);
  expect(e.description?.length ?? 0).toBeLessThanOrEqual(LIMITS.description);
  expect(e.fields?.length ?? 0).toBeLessThanOrEqual(LIMITS.fields);
  for (const f of e.fields ?? []) {
    expect(f.name.length).toBeLessThanOrEqual(LIMITS.fieldName);
    expect(f.value.length).toBeLessThanOrEqual(LIMITS.fieldValue);
    expect(f.name.length).toBeGreaterThan(0);
    expect(f.value.length).toBeGreaterThan(0);
  }
  expect(e.footer?.text.length ?? 0).toBeLessThanOrEqual(LIMITS.footer);
  expect(e.author?.name.length ?? 0).toBeLessThanOrEqual(LIMITS.author);
  expect(embedLength(e)).toBeLessThanOrEqual(LIMITS.total);
}

/** Deterministic generator of nasty strings: long, mention-laden, markdown, zero-width, emoji, RTL. */
function* nasty(seed: number): Generator<string> {
  const parts = ['@everyone', '@here', '<@123456789012345678>', '<@&123456789012345678>', '<#123456789012345678>', '[https://bank.example](https://evil.example)', '\u200b', '\u202e', '😀', '**', '`', '> ', '# ', 'word ', '\\', '||', '日本語', 'x'.repeat(300)];
  let s = seed;
  for (let i = 0; i < 40; i++) {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    const n = 1 + (s % 900);
    let out = '';
    for (let j = 0; j < n; j++) out += parts[(s + j * 7) % parts.length];
    yield out;
  }
}

describe('every embed stays within Discord limits whatever the input', () => {
  it('alerts, summaries and lists built from hostile text', () => {
    for (const text of nasty(42)) {
      const alert = renderAlert({
        article: { title: text, url: 'https://news.example/a', published: '2026-11-01T00:00:00Z', source: { name: text, feedUrl: 'x' }, image: 'javascript:alert(1)' },
        insight: { summary: [text, text, text], quotes: [{ text, speaker: text }, { text, speaker: null }, { text, speaker: 'A' }], image: undefined, basis: 'page' },
        topicLabel: text,
        terms: [text, text],
        alsoReportedBy: [text, text],
      }, 'en-US');
      checkLimits(alert);
      expect(alert.thumbnail).toBeUndefined();
      checkLimits(renderSummary({ title: text, url: 'https://x.example', summary: [text], quotes: [{ text, speaker: text }], text: '', paragraphs: [], basis: 'page', siteName: text, byline: text }, 'ja'));
      checkLimits(renderList(text, Array.from({ length: 200 }, () => ({ title: text, url: 'https://x.example/a', source: text })), text, 'en-US'));
    }
  });
});

describe('untrusted text cannot ping, spoof a link, or hide characters', () => {
  it('defuses mentions and masked links, strips zero-width and direction characters, tames emoji floods', () => {
    const out = safeText('Hi @everyone and @here <@123456789012345678> <@&123456789012345678> [https://bank.example](https://evil.example) a\u200bb\u202ec ' + '😀'.repeat(50));
    expect(out).not.toMatch(/@everyone|@here/);
    expect(out).not.toMatch(/<@&?\d+>/);
    expect(out).not.toMatch(/\[https:\/\/bank\.example\]\(https:\/\/evil\.example\)/);
    expect(out).toContain('\\[https://bank.example\\]\\(https://evil.example\\)');
    expect(out).not.toMatch(/[\u200b\u202e]b/);
    expect([...out.matchAll(/😀/gu)].length).toBeLessThanOrEqual(5);
  });

  it('allowed_mentions lists exactly the members and roles asked for, never @everyone', () => {
    const body = mentionBody(['111111111111111111', 'not-an-id', '111111111111111111'], ['222222222222222222']);
    expect(body.allowed_mentions).toEqual({ parse: [], users: ['111111111111111111'], roles: ['222222222222222222'] });
    expect(body.content).toBe('<@&222222222222222222> <@111111111111111111>');
    expect(mentionBody([], []).content).toBeUndefined();
  });
});

describe('alert labels are in the reader\'s language, quotes in the article\'s', () => {
  const article = { title: '日銀、金利を据え置き', url: 'https://news.example.jp/boj', published: '2026-11-03T08:00:00.000Z', source: { name: '経済ニュース', feedUrl: 'https://news.example.jp/feed' } };
  const insight = {
    summary: ['日本銀行は3日、政策金利を据え置くと決めた。'],
    quotes: [
      { text: '物価の先行きを慎重に見極める', speaker: '植田和男' },
      { text: '市場は落ち着いている', speaker: null },
    ],
    basis: 'feed' as const,
    lang: 'ja',
  };

  it('a Japanese server reading a Japanese article: 「…」— speaker, and every fixed word Japanese or neutral', () => {
    const e = renderAlert({ article, insight, topicLabel: '日本', terms: ['日銀'], alsoReportedBy: ['共同'] }, 'ja');
    expect(e.fields![0]).toEqual({ name: '発言', value: '「物価の先行きを慎重に見極める」— 植田和男' });
    expect(e.fields![1]!.value).toBe('「市場は落ち着いている」');
    const fixed = [e.footer!.text, ...e.fields!.map((f) => f.name)].join(' ');
    expect(fixed).not.toMatch(/said|Quote|matched|summary|Also reported/);
    checkLimits(e);
  });

  it('an English server reading a Japanese article: English labels, never "植田和男 said", the quote as Japanese writes it', () => {
    const e = renderAlert({ article, insight, topicLabel: 'Japan', terms: ['日銀'], alsoReportedBy: ['共同'] }, 'en-GB');
    expect(e.fields![0]).toEqual({ name: 'Quote', value: '「物価の先行きを慎重に見極める」— 植田和男' });
    expect(e.fields!.map((f) => f.name).join(' ')).not.toMatch(/said/);
    expect(e.footer!.text).toContain('matched: 日銀');
    expect(e.fields!.at(-1)!.name).toBe('Also reported by');
  });

  it('knows the article is Japanese from its kana when the page did not say; a Japanese member reads the notes in Japanese', () => {
    const e = renderSummary({ ...insight, lang: undefined, title: article.title, url: article.url, text: '', paragraphs: [], basis: 'preview' }, 'ja');
    expect(e.fields![0]).toEqual({ name: '発言', value: '「物価の先行きを慎重に見極める」— 植田和男' });
    expect(e.description).toContain('無料で読める冒頭部分');
    expect(e.description).not.toMatch(/free opening|Paywalled/);
  });

  it('an English article for an English reader says "X said"; for a Japanese reader the label is Japanese and the quote keeps its English marks', () => {
    const english = { article: { ...article, title: 'Bank holds rates' }, insight: { ...insight, summary: ['The bank held rates.'], quotes: [{ text: 'We will watch prices', speaker: 'Ana Ortiz' }], lang: 'en' }, topicLabel: 'Economy', terms: ['rates'] };
    expect(renderAlert(english, 'en-US').fields![0]).toEqual({ name: 'Ana Ortiz said', value: '“We will watch prices”' });
    const forJapanese = renderAlert(english, 'ja');
    expect(forJapanese.fields![0]).toEqual({ name: '発言', value: '“We will watch prices” — Ana Ortiz' });
    expect(forJapanese.footer!.text).toBe('Economy · 一致：rates · フィードの概要から要約');
  });
});
