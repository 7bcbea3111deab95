/**
 * The fixed words of alerts, digests and /summary embeds. Quotes are written the way the article's own
 * language writes them (see quoteStyle in discord/render.ts); these labels follow the reader's locale.
 */
export const en = {
  quoteName: (speaker: string | null) => (speaker ? `${speaker} said` : 'Quote'),
  /** The field name when the quote's speaker is written into the value instead (a quote in another language). */
  quoteLabel: 'Quote',
  alsoReportedBy: 'Also reported by',
  matched: (terms: string) => `matched: ${terms}`,
  fromFeed: 'summary from the feed’s preview',
  paywalled: 'paywalled: summary of the free opening',
  untitled: 'Untitled article',
  noSummary: 'No summary could be made from this page.',
  previewNote: (reason: string) => `${reason} This summary covers the free opening only.`,
  feedNote: (reason: string) => `The page could not be read (${reason}); this summary is from the feed’s preview.`,
  paywalledReason: 'Paywalled',
  unavailable: 'unavailable',
  moreOn: (topics: string, n: number) => `More on ${topics} (${n})`,
  busyCycle: (posted: number, listed: number) => `Busy news cycle: ${posted} stories posted on their own, these ${listed} listed together.`,
  digest: (period: 'hourly' | 'daily', n: number) => `${period === 'daily' ? 'Daily' : 'Hourly'} digest: ${n} ${n === 1 ? 'story' : 'stories'}`,
  moreCoverage: (title: string) => `More coverage: ${title}`,
  fromServer: (server: string) => `from ${server}`,
  whyButton: 'Why this?',
  unfollowButton: (topic: string) => `Unfollow ${topic}`,
}

export const ja: typeof en = {
  quoteName: () => '発言',
  quoteLabel: '発言',
  alsoReportedBy: 'ほかの報道',
  matched: (terms: string) => `一致：${terms}`,
  fromFeed: 'フィードの概要から要約',
  paywalled: '有料記事：無料部分の要約',
  untitled: '無題の記事',
  noSummary: 'このページから要約を作れませんでした。',
  previewNote: () => '有料記事のため、無料で読める冒頭部分の要約です。',
  feedNote: () => 'ページを読めなかったため、フィードの概要から要約しました。',
  paywalledReason: '有料記事',
  unavailable: '読めません',
  moreOn: (topics: string, n: number) => `${topics}のほかのニュース（${n}件）`,
  busyCycle: (posted: number, listed: number) => `ニュースが多いため、${posted}件を個別に投稿し、この${listed}件はまとめて載せています。`,
  digest: (period: 'hourly' | 'daily', n: number) => `${period === 'daily' ? '1日' : '1時間'}のまとめ：${n}件`,
  moreCoverage: (title: string) => `続報：${title}`,
  fromServer: (server: string) => `${server}から`,
  whyButton: 'なぜ届いた？',
  unfollowButton: (topic: string) => `${topic}のフォローをやめる`,
}
