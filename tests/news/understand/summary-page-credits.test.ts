import { describe, expect, it } from 'vitest';
import { summarize } from '../../../src/news/understand/summarize.ts';

describe('credits and captions set in the article text never reach a summary', () => {
  it('leaves out a Korean copyright line, even one written as a sentence', () => {
    const story = {
      title: '한빛시, 폐교를 주민 도서관으로 바꾼다',
      paragraphs: [
        '한빛시는 지난해 문을 닫은 남산초등학교 건물을 주민 도서관과 공부방으로 고쳐 내년 봄에 연다고 3일 밝혔다.',
        '시는 교실 열두 칸 가운데 여덟 칸을 열람실로 바꾸고 나머지는 동아리 방으로 쓸 계획이다.',
        '공사비는 약 40억 원이며 절반은 교육청이 부담한다.',
        'ⓒ 한빛일보 (www.hanbit.example), 무단 전재 및 재배포 금지, 이 기사의 저작권은 한빛일보에 있습니다.',
      ],
    };
    const summary = summarize(story, { maxSentences: 6 });
    expect(summary.length).toBeGreaterThanOrEqual(3);
    expect(summary.some((s) => /무단|저작권|ⓒ/.test(s))).toBe(false);
  });

  it('leaves out every piece of a Chinese photo caption, however its punctuation splits it', () => {
    const story = {
      title: '河口湿地迎来今年首批候鸟',
      paragraphs: [
        '河口湿地管理处周二表示，今年首批约三百只白鹭已经飞抵湿地，比去年提前了十天。',
        '图注：一只白鹭在浅滩上觅食?这张照片由管理处工作人员在周一清晨拍摄，当时气温只有四度左右',
        '管理处说，湿地去年新修了两处浅滩，为候鸟提供了更多觅食的地方。',
        '图为湿地入口处新设的观鸟平台，游客可以在这里用望远镜观察鸟群。',
      ],
    };
    const summary = summarize(story, { maxSentences: 6 });
    expect(summary).toHaveLength(2);
    expect(summary.some((s) => /图注|图为|照片|觅食\?/.test(s))).toBe(false);
  });
});
