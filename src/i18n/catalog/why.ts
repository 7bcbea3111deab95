/** /why's answers, and what an alert's buttons answer privately (Why this?, Unfollow, Summary). */
export const en = {
  notSeen: 'The bot has not seen this article in any feed it reads. If its site has a feed, an admin can add it with /feeds add.',
  how: { alert: 'as its own alert', digest: 'in a digest', list: 'in a “more on …” list' },
  partOfStory: (title: string, source: string, channel: string, how: string, when: string) =>
    `It is part of the story “${title}” (first reported by ${source}), posted in ${channel} ${how} at ${when}: one alert per story, however many outlets write it up.`,
  posted: (channel: string, how: string, when: string) => `It was posted in ${channel} ${how} at ${when}.`,
  forgotten: 'The bot saw this article more than a month ago and no longer remembers its details.',
  backlog: 'It was already in its feed when the bot started reading that feed, and older stories are not posted (no flood on a new feed).',
  reset: 'Its feed replaced all its items at once; the bot treated them as already seen rather than repost old news.',
  nobodyFollows: 'Nobody in this server follows a topic yet. Try /follow.',
  byDm: (topic: string) => `It matches ${topic}, which its followers here get by direct message, not in a channel.`,
  waiting: (topic: string, channel: string, digest: boolean) => `It matches ${topic} and is waiting in ${channel} ${digest ? 'for the next digest' : 'for the next delivery'}.`,
  feedNotRead: (source: string, feedUrl: string) => `It came from ${source} (${feedUrl}), a feed this server does not read. An admin can add it with /feeds add.`,
  skip: {
    feedNotRead: (topic: string, source: string, feedUrl: string) =>
      `It matches ${topic}, but it came from ${source} (${feedUrl}), a feed this server does not read. An admin can add it with /feeds add.`,
    tooOld: (topic: string, date: string | undefined) =>
      `It matches ${topic}, but it is dated ${date ?? 'long before'} and first appeared in its feed much later: that is history, not news, so it was not posted.`,
    beforeFollow: (topic: string) => `It matches ${topic}, but it was already in its feed before the follow began, and a new follow posts only stories that appear after it.`,
    noChannel: (topic: string) => `It matches ${topic}, but this server has no alert channel. An admin can set one with /alerts channel.`,
    paused: (topic: string, channel: string, why: string) => `It matches ${topic}, but alerts in ${channel} are paused (${why}).`,
    pausedWhy: { admin: 'by an admin', deleted: 'the channel was deleted', permissions: 'the bot lost permission to post there' },
    yourDms: 'your DMs',
    language: (topic: string, where: string, allowed: string) =>
      `It matches ${topic}, but ${where} or ${topic} takes only articles in ${allowed} (set with /alerts language), and this one is in another language.`,
    alreadyPosted: (topic: string, channel: string) => `It matches ${topic} and was already posted in ${channel}.`,
  },
  inPassing: (terms: string, topics: string) =>
    `It mentions ${terms}, but not strongly enough to count as a story about ${topics} (only in passing). /alerts sensitivity broad lowers the bar.`,
  noMatch: (topics: string) => `It matched none of this server’s follows (${topics}).`,
  button: {
    tooOld: 'This alert is too old: the bot no longer keeps its story, so it cannot say more about it.',
    unfollowed: (label: string, topic: string) => `You no longer follow ${label}. /follow topic:${topic} brings it back.`,
    notFollowing: (label: string, channelFollows: boolean) =>
      `You do not follow ${label}${channelFollows ? ': this channel follows it on its own (an admin can stop that with /alerts unfollow)' : ''}, so there is nothing to unfollow.`,
    yourFollow: (label: string, terms: string, bar: string) => `• Your follow of ${label}: matched ${terms} (sensitivity ${bar})`,
    channelFollow: (label: string, terms: string, bar: string) => `• This channel follows ${label}: matched ${terms} (sensitivity ${bar})`,
    sensitivity: { strict: 'strict', normal: 'normal', broad: 'broad' } as Record<string, string>,
    noneOfYours: (title: string, others: number) =>
      `None of your follows matched “${title}”; ${others ? `${others} other ${others === 1 ? 'follow' : 'follows'} in this server did` : 'it reached this channel through the server’s follows'}. /follow adds a topic for you.`,
    reachedYou: (title: string) => `“${title}” reached you because:`,
    others: (n: number) => `(and ${n} other ${n === 1 ? 'follow' : 'follows'} in this server)`,
  },
};

export const ja: typeof en = {
  notSeen: 'この記事は、ボットが読んでいるどのフィードにも見当たりません。そのサイトにフィードがあれば、管理者が /feeds add で追加できます。',
  how: { alert: '単独の通知として', digest: 'まとめの中で', list: '「ほかのニュース」一覧の中で' },
  partOfStory: (title: string, source: string, channel: string, how: string, when: string) =>
    `「${title}」（最初の報道：${source}）と同じニュースの一部として、${when}に${channel}へ${how}投稿されました。同じニュースは、何社が報じても通知は1回です。`,
  posted: (channel: string, how: string, when: string) => `${when}に${channel}へ${how}投稿されました。`,
  forgotten: 'この記事を見たのは1か月以上前のため、詳細はもう保存していません。',
  backlog: 'ボットがそのフィードを読み始めた時点ですでに載っていた記事です。古いニュースは投稿しません（新しいフィードで通知があふれないように）。',
  reset: 'フィードの項目が一度にすべて入れ替わったため、古いニュースを再投稿しないよう既読として扱いました。',
  nobodyFollows: 'このサーバーではまだ誰もトピックをフォローしていません。/follow を試してください。',
  byDm: (topic: string) => `${topic}に一致しますが、このサーバーのフォロワーはDMで受け取る設定のため、チャンネルには投稿されません。`,
  waiting: (topic: string, channel: string, digest: boolean) => `${topic}に一致し、${channel}で${digest ? '次のまとめ' : '次の配信'}を待っています。`,
  feedNotRead: (source: string, feedUrl: string) => `${source}（${feedUrl}）の記事ですが、このサーバーはそのフィードを読んでいません。管理者が /feeds add で追加できます。`,
  skip: {
    feedNotRead: (topic: string, source: string, feedUrl: string) =>
      `${topic}に一致しますが、${source}（${feedUrl}）の記事で、このサーバーはそのフィードを読んでいません。管理者が /feeds add で追加できます。`,
    tooOld: (topic: string, date: string | undefined) =>
      `${topic}に一致しますが、日付は${date ?? 'ずっと前'}で、フィードに載ったのはかなり後でした。ニュースではなく過去の記事なので投稿していません。`,
    beforeFollow: (topic: string) => `${topic}に一致しますが、フォローする前からフィードに載っていた記事です。新しいフォローでは、フォロー後に載った記事だけを投稿します。`,
    noChannel: (topic: string) => `${topic}に一致しますが、このサーバーには通知チャンネルがありません。管理者が /alerts channel で設定できます。`,
    paused: (topic: string, channel: string, why: string) => `${topic}に一致しますが、${channel}の通知は一時停止中です（${why}）。`,
    pausedWhy: { admin: '管理者が停止', deleted: 'チャンネルが削除された', permissions: '投稿する権限がなくなった' },
    yourDms: 'あなたのDM',
    language: (topic: string, where: string, allowed: string) =>
      `${topic}に一致しますが、${where}または${topic}は${allowed}の記事だけを受け取る設定（/alerts language）で、この記事は別の言語です。`,
    alreadyPosted: (topic: string, channel: string) => `${topic}に一致し、すでに${channel}に投稿されています。`,
  },
  inPassing: (terms: string, topics: string) =>
    `${terms}に触れていますが、${topics}についてのニュースと言えるほどではありません（軽く触れているだけ）。/alerts sensitivity broad で基準を下げられます。`,
  noMatch: (topics: string) => `このサーバーのどのフォロー（${topics}）にも一致しませんでした。`,
  button: {
    tooOld: 'この通知は古すぎます。ニュースの記録がもう残っていないため、これ以上お伝えできません。',
    unfollowed: (label: string, topic: string) => `${label}のフォローをやめました。/follow topic:${topic} で元に戻せます。`,
    notFollowing: (label: string, channelFollows: boolean) =>
      `${label}はフォローしていないので、やめるものはありません${channelFollows ? '（このチャンネル自体がフォローしています。管理者が /alerts unfollow で止められます）' : ''}。`,
    yourFollow: (label: string, terms: string, bar: string) => `• あなたの${label}のフォロー：一致した語 ${terms}（感度 ${bar}）`,
    channelFollow: (label: string, terms: string, bar: string) => `• このチャンネルの${label}のフォロー：一致した語 ${terms}（感度 ${bar}）`,
    sensitivity: { strict: '厳しめ', normal: '標準', broad: '広め' },
    noneOfYours: (title: string, others: number) =>
      `「${title}」にはあなたのフォローは一致していません。${others ? `このサーバーのほかのフォロー${others}件が一致しました` : 'サーバーのフォローによってこのチャンネルに届きました'}。/follow で自分のトピックを追加できます。`,
    reachedYou: (title: string) => `「${title}」が届いた理由：`,
    others: (n: number) => `（このサーバーのほかのフォロー${n}件も一致）`,
  },
};
