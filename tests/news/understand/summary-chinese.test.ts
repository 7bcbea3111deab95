import { describe, expect, it } from 'vitest';
import { splitSentences } from '../../../src/news/understand/sentences.ts';
import { summarize } from '../../../src/news/understand/summarize.ts';

/** An invented Chinese story: a river town opens a night reading room in its old ferry station. */
const story = {
  title: '江口镇旧渡口改建夜间阅览室 本月起开放',
  paragraphs: [
    '江口日报2031年4月2日08:15',
    '江口镇政府周一宣布，由旧渡口候船厅改建的夜间阅览室将于本月十五日起向公众免费开放。',
    '图为改建后的阅览室内景。',
    '阅览室每天开放到午夜，藏书约两万册，其中三分之一是关于本地河运历史的资料。',
    '镇图书馆馆长林秋原介绍了改建的经过。他说：“很多年轻人下班很晚，以前晚上根本找不到安静读书的地方。”',
    '例如，附近工厂的夜班工人可以在换班前后来这里借书。',
    '改建工程历时八个月，总投资约三百万元，其中一半来自省级文化专项资金。',
    '镇政府表示，如果试运行顺利，明年还将在另外两个旧码头建设类似的阅览空间。',
    '但是，也有居民担心夜间人流会影响周边住户休息。',
    '精彩推荐',
  ],
};

describe('Chinese summaries', () => {
  it('summarises a long story in several sentences that each stand on their own', () => {
    const summary = summarize(story, { maxSentences: 3 });
    expect(summary).toHaveLength(3);
    expect(summary[0]).toBe('江口镇政府周一宣布，由旧渡口候船厅改建的夜间阅览室将于本月十五日起向公众免费开放。');
    for (const s of summary) {
      // "He said: …", "For example …", "But …" need the sentence before them.
      expect(s).not.toMatch(/^(?:他说|例如|但是)/);
      // The date line, the photo caption and the "recommended" label are page furniture.
      expect(s).not.toMatch(/^(?:江口日报|图为|精彩推荐)/);
    }
  });

  it('gives more sentences when asked, still without the dependent ones', () => {
    const summary = summarize(story, { maxSentences: 5 });
    expect(summary.length).toBeGreaterThanOrEqual(4);
    expect(summary.some((s) => s.startsWith('改建工程历时八个月'))).toBe(true);
    expect(summary.some((s) => /^(?:他说|例如)/.test(s))).toBe(false);
  });

  it('keeps a question quoted inside a clause with the rest of its sentence', () => {
    const text = '系统可以回答“从东门出发坐两站，你会到哪里？”这样的问题。管理员说这只是开始。';
    expect(splitSentences(text)).toEqual(['系统可以回答“从东门出发坐两站，你会到哪里？”这样的问题。', '管理员说这只是开始。']);
  });

  it('starts a quotation that follows a full stop with its opening mark', () => {
    const text = '她还是学生时就来过这里。“那时候只有一盏灯。现在亮多了。”林秋原说，“我们会一直开下去。”';
    const parts = splitSentences(text);
    expect(parts[0]).toBe('她还是学生时就来过这里。');
    expect(parts[1]!.startsWith('“那时候')).toBe(true);
  });
});
