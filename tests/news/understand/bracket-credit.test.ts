import { describe, expect, it } from 'vitest';
import { summarize, withoutDateline } from '../../../src/news/understand/summarize.ts';

describe('a bracketed outlet=writer credit opening the story', () => {
  it('leaves the summary, as a wire dateline does', () => {
    const paragraphs = [
      '[하버포스트=김하늘 기자] 항구 관리청은 화요일 야간 여객선을 겨울 내내 운항하기로 결정했다. 승객 수가 지난해보다 두 배로 늘었기 때문이다.',
      '관리청은 12월부터 금요일과 토요일에 배 한 척을 더 투입할 예정이라고 밝혔다.',
    ];
    const summary = summarize({ title: '야간 여객선 겨울에도 운항', paragraphs, lang: 'ko' });
    expect(summary[0]).toBe('항구 관리청은 화요일 야간 여객선을 겨울 내내 운항하기로 결정했다.');
    expect(summary.join(' ')).not.toContain('하버포스트=');
  });

  it('reads the Yonhap and Kyodo styles, and leaves a bracket without "=" alone', () => {
    expect(withoutDateline('(부산=하버뉴스) 박바다 기자 = 부산항의 야간 여객선이 겨울에도 계속 운항된다.')).toBe('부산항의 야간 여객선이 겨울에도 계속 운항된다.');
    expect(withoutDateline('【港町=共同】港の夜間フェリーは冬の間も運航を続けることになった。')).toBe('港の夜間フェリーは冬の間も運航を続けることになった。');
    expect(withoutDateline('[Updated] The night ferry will keep running through the winter.')).toBe('[Updated] The night ferry will keep running through the winter.');
  });
});
