/** Replies of /alerts (Manage Server), the permission checks before it, and the delivery notices admins get. */
export const en = {
  whileAway: '**While you were away:**',
  nameChannel: 'Name a channel.',
  perm: { viewChannel: 'View Channel', sendMessages: 'Send Messages', embedLinks: 'Embed Links', createThreads: 'Create Public Threads', sendInThreads: 'Send Messages in Threads' },
  cannotPost: (channel: string, missing: string) =>
    `I cannot post in ${channel}: I am missing ${missing} there. Give me those permissions in the channel settings, then try again.`,
  nowAlertChannel: (channel: string) => `${channel} is now this server’s alert channel.`,
  topicGoesTo: (topic: string, channel: string) => `Alerts about **${topic}** now go to ${channel}.`,
  nobodyFollows: (topic: string, channel: string, topicId: string, channelName: string) =>
    `Nobody here follows ${topic} yet, so nothing will be posted until someone does. To have ${channel} get every ${topic} story on its own, use /alerts follow topic:${topicId} channel:#${channelName}.`,
  coverageOff: (channel: string) => `Alerts in ${channel} stay as posted when their story gains outlets.`,
  coverageEdit: (channel: string) => `When a story gains outlets, its alert in ${channel} is edited to name them under “Also reported by”.`,
  coverageThread: (channel: string) =>
    `When a story gains outlets, its alert in ${channel} is edited to name them, and the new articles go into a “More coverage” thread on it.`,
  coverageCaveat: (missing: string) => ` I am missing ${missing} there, so until that changes only the edit happens.`,
  unknownLanguage: (codes: string) => `I do not know the language code ${codes}. Use two-letter codes such as en, ja, fr or de, or “any”.`,
  anyLanguage: (where: string) => `${where} takes alerts in any language again.`,
  onlyLanguages: (where: string, languages: string) => `${where} now gets only alerts in ${languages}. An article whose language cannot be told still comes through.`,
  channelFollows: (channel: string, topic: string) => `${channel} now follows **${topic}** on its own: each new story from now on is posted there once, whoever else follows it.`,
  channelAlreadyFollows: (channel: string, topic: string) => `${channel} already follows **${topic}**.`,
  channelNotFollowing: (channel: string, topic: string) => `${channel} does not follow ${topic} on its own. /following lists what this server follows.`,
  channelUnfollowed: (channel: string, topic: string) =>
    `${channel} no longer follows **${topic}** on its own (members who follow it still get it where it is routed).`,
  realtime: (channel: string) => `${channel} gets each alert as it comes.`,
  digestMode: (channel: string, period: 'hourly' | 'daily') => `${channel} now gets one ${period} digest listing the period’s stories.`,
  paused: (channel: string) => `Alerts in ${channel} are paused. /alerts resume turns them back on.`,
  resumed: (channel: string) => `Alerts in ${channel} are on again. Stories that appeared while it was paused are not posted.`,
  roleMentioned: (role: string, topic: string) => `${role} will be mentioned in **${topic}** alerts.`,
  noRole: (topic: string) => `No role is mentioned in **${topic}** alerts any more.`,
  sensitivity: (topic: string, level: 'strict' | 'normal' | 'broad') =>
    `**${topic}** alerts now need ${{ strict: 'only stories where it is central', normal: 'stories clearly about it', broad: 'any story that really mentions it' }[level]}.`,
  healthChannel: (channel: string) => `Failing feeds, paused channels and permission problems will be reported in ${channel}, once each, and again when fixed.`,
  // Notices to the server's admins, in the server's locale.
  channelDeleted: (channel: string) => `The alert channel ${channel} no longer exists, so alerts for it are paused. Choose another with /alerts channel.`,
  channelRefused: (channel: string, needs: string) =>
    `The bot can no longer post in ${channel} (it needs ${needs} there), so alerts for it are paused. Fix the channel's permissions, then run /alerts resume.`,
  channelBack: (channel: string) => `Alerts reach ${channel} again.`,
};

export const ja: typeof en = {
  whileAway: '**不在の間のお知らせ：**',
  nameChannel: 'チャンネルを指定してください。',
  perm: { viewChannel: 'チャンネルを見る', sendMessages: 'メッセージを送信', embedLinks: '埋め込みリンク', createThreads: '公開スレッドの作成', sendInThreads: 'スレッドでメッセージを送信' },
  cannotPost: (channel: string, missing: string) => `${channel} に投稿できません。権限「${missing}」がありません。チャンネルの設定で権限を付与してから、もう一度お試しください。`,
  nowAlertChannel: (channel: string) => `${channel} をこのサーバーの通知チャンネルにしました。`,
  topicGoesTo: (topic: string, channel: string) => `**${topic}** の通知は ${channel} に届きます。`,
  nobodyFollows: (topic: string, channel: string, topicId: string, channelName: string) =>
    `このサーバーではまだ誰も${topic}をフォローしていないため、誰かがフォローするまで何も投稿されません。${channel} 自体に${topic}のニュースをすべて届けるには、/alerts follow topic:${topicId} channel:#${channelName} を使ってください。`,
  coverageOff: (channel: string) => `${channel} の通知は、ほかの報道が加わっても投稿したときのままにします。`,
  coverageEdit: (channel: string) => `ニュースにほかの報道が加わると、${channel} の通知を編集して「ほかの報道」に報道元を載せます。`,
  coverageThread: (channel: string) => `ニュースにほかの報道が加わると、${channel} の通知を編集して報道元を載せ、新しい記事は通知の「続報」スレッドに追加します。`,
  coverageCaveat: (missing: string) => `ただし権限「${missing}」がないため、それまでは編集だけを行います。`,
  unknownLanguage: (codes: string) => `言語コード ${codes} はわかりません。en、ja、fr、de のような2文字のコードか、「any」を指定してください。`,
  anyLanguage: (where: string) => `${where} はまた、どの言語の通知も受け取ります。`,
  onlyLanguages: (where: string, languages: string) => `${where} は ${languages} の通知だけを受け取ります。言語を判定できない記事は届きます。`,
  channelFollows: (channel: string, topic: string) => `${channel} 自体が **${topic}** をフォローしました。これからの新しいニュースは、ほかに誰がフォローしていても、そこに1回だけ投稿されます。`,
  channelAlreadyFollows: (channel: string, topic: string) => `${channel} はすでに **${topic}** をフォローしています。`,
  channelNotFollowing: (channel: string, topic: string) => `${channel} 自体は${topic}をフォローしていません。このサーバーのフォローは /following で確認できます。`,
  channelUnfollowed: (channel: string, topic: string) => `${channel} 自体の **${topic}** のフォローをやめました（フォローしているメンバーには、設定先に引き続き届きます）。`,
  realtime: (channel: string) => `${channel} には通知を1件ずつすぐに届けます。`,
  digestMode: (channel: string, period: 'hourly' | 'daily') => `${channel} には、その間のニュースをまとめた${period === 'daily' ? '1日' : '1時間'}ごとのまとめを届けます。`,
  paused: (channel: string) => `${channel} の通知を一時停止しました。/alerts resume で再開できます。`,
  resumed: (channel: string) => `${channel} の通知を再開しました。停止中に出たニュースは投稿しません。`,
  roleMentioned: (role: string, topic: string) => `**${topic}** の通知で ${role} にメンションします。`,
  noRole: (topic: string) => `**${topic}** の通知でロールにメンションするのをやめました。`,
  sensitivity: (topic: string, level: 'strict' | 'normal' | 'broad') =>
    `**${topic}** の通知は、${{ strict: 'それが中心のニュース', normal: 'はっきりそれについてのニュース', broad: '本当に触れているニュースすべて' }[level]}だけになります。`,
  healthChannel: (channel: string) => `読めないフィード、一時停止したチャンネル、権限の問題は ${channel} に一度ずつお知らせし、直ったときにもお知らせします。`,
  channelDeleted: (channel: string) => `通知チャンネル ${channel} がなくなったため、そのチャンネルへの通知を一時停止しました。/alerts channel で別のチャンネルを選んでください。`,
  channelRefused: (channel: string, needs: string) =>
    `${channel} に投稿できなくなったため（「${needs}」の権限が必要です）、そのチャンネルへの通知を一時停止しました。チャンネルの権限を直してから /alerts resume を実行してください。`,
  channelBack: (channel: string) => `${channel} にまた通知が届くようになりました。`,
};
