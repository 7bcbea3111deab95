/**
 * Replies of the commands every member uses (/follow, /unfollow, /following, /topics, /summary), and of the
 * checks that run before any command.
 */
export const en = {
  notInGuild: 'This command works inside a server, not in direct messages.',
  notAMember:
    'I am not a member of this server any more, so I cannot post alerts or keep settings here. Someone with the Manage Server permission can invite me again; I start fresh then.',
  needManageServer: 'Only members with the Manage Server permission can change alert settings. Ask a server admin.',
  noSuchCommand: (name: string) => `I have no /${name} command.`,
  unreadableCommand: (name: string) => `/${name} arrived in a shape I cannot read.`,
  outdatedHint: 'Your Discord app may be showing an outdated version of my commands: reload Discord (Ctrl+R, or restart the app) and try again.',
  option: {
    kinds: {
      text: 'text',
      integer: 'a whole number',
      number: 'a number',
      boolean: 'true or false',
      user: 'a member of this server',
      channel: 'a channel of this server',
      role: 'a role of this server',
      mentionable: 'a member or a role of this server',
      attachment: 'a file',
      other: 'something else',
    },
    needsOneOf: (path: string, names: string) => `/${path} needs one of: ${names}.`,
    noBranch: (path: string, chosen: string, names: string) => `/${path} has no “${chosen}”; it has ${names}.`,
    noOption: (path: string, name: string) => `/${path} has no option “${name}”.`,
    wrongKind: (path: string, name: string, kind: string) => `The option “${name}” of /${path} should be ${kind}.`,
    notAChoice: (path: string, name: string, choices: string) => `The option “${name}” of /${path} should be one of: ${choices}.`,
    missing: (path: string, name: string) => `/${path} needs “${name}”.`,
  },
  topicInput: {
    empty: 'Name a topic (for example japan or crypto) or write a query such as "bank of japan" AND yen.',
    badQuery: (detail: string) => `That query does not work:\n\`\`\`\n${detail}\n\`\`\``,
    customQuery: (typed: string) => `Custom query: ${typed}`,
  },
  follow: {
    noAlertChannel:
      'This server has no alert channel yet, so there is nowhere to post your alerts. Ask someone with the Manage Server permission to run /alerts channel.',
    runInTextChannel: 'Run this in a text channel, or set one first with /alerts channel.',
    cannotPostHere: (missing: string) => `I cannot post alerts here: I am missing ${missing} in this channel.`,
    becameAlertChannel: 'This channel is now the server’s alert channel (change it with /alerts channel).',
    nowFollow: (label: string) => `You now follow **${label}**`,
    alreadyFollow: (label: string, ping: boolean) => `You already follow **${label}**${ping ? '; you will be mentioned' : ''}`,
    follows: (label: string) => `You follow **${label}**`,
    postedIn: (what: string, channel: string, ping: boolean) => `${what}. New stories from now on will be posted in ${channel}${ping ? ' and mention you' : ''}.`,
    sentToDms: (what: string) => `${what}. New stories from now on will be sent to your DMs.`,
    dmsResume: 'Direct messages resume: your DM alerts were paused because Discord refused them; keep DMs from this server’s members open.',
    customSource: 'Custom queries match articles from the feeds this server reads.',
  },
  unfollow: {
    notFollowing: (label: string) => `You do not follow ${label}. /following lists what you follow.`,
    done: (label: string) => `You no longer follow **${label}**.`,
  },
  following: {
    yours: '**Your follows**',
    server: '**This server**',
    noChannel: 'no alert channel set',
    paused: (channel: string) => `${channel} (paused)`,
    yourDms: 'your DMs',
    dmsPaused: ' (paused: Discord refused them; /follow … deliver:dm resumes)',
    mentionsYou: ' (mentions you)',
    noneYet: '• none yet: try /follow japan',
    members: (n: number) => `${n} ${n === 1 ? 'member' : 'members'}`,
    theirDms: 'their DMs',
    channelFollows: (label: string, where: string) => `• ${label} → ${where} (the channel follows it)`,
    nobody: '• nobody follows anything yet',
  },
  topics: {
    title: 'Topics you can follow',
    description: 'Use `/follow <topic>`, or write your own query: `"bank of japan" AND (rate OR yen) -anime`.',
    example: (samples: string) => `*e.g. ${samples}*`,
  },
  summary: {
    rateLimited: (perMinute: number) => `You can ask for ${perMinute} summaries a minute. Try again in a moment.`,
    failed: (reason: string) => `I could not summarise that link: ${reason}`,
    subscribersOnly: ' The article is for subscribers; the bot reads only what is free to read.',
    notReadYet: 'The page has not been read yet.',
  },
  dmPaused:
    'I could not send your alerts to your DMs: Discord refused them, because your direct messages are closed to this server’s members. ' +
    'Your DM alerts are paused, so nothing piles up or is retried. To re-open them: open this server’s menu → **Privacy Settings** → turn on ' +
    '**Direct Messages** (allow direct messages from server members). Then run `/follow topic:… deliver:dm` again to resume.',
};

export const ja: typeof en = {
  notInGuild: 'このコマンドはサーバー内で使えます（DMでは使えません）。',
  notAMember:
    'このサーバーのメンバーではなくなったため、通知の投稿も設定の保存もできません。「サーバー管理」権限を持つ人がもう一度招待すれば、最初から使えます。',
  needManageServer: '通知の設定を変えられるのは「サーバー管理」権限を持つメンバーだけです。サーバーの管理者に頼んでください。',
  noSuchCommand: (name: string) => `/${name} というコマンドはありません。`,
  unreadableCommand: (name: string) => `/${name} を読み取れない形で受け取りました。`,
  outdatedHint: 'Discordアプリが古いコマンドを表示しているかもしれません。Discordを再読み込み（Ctrl+R、またはアプリを再起動）してから、もう一度お試しください。',
  option: {
    kinds: {
      text: '文字列',
      integer: '整数',
      number: '数値',
      boolean: 'true か false',
      user: 'このサーバーのメンバー',
      channel: 'このサーバーのチャンネル',
      role: 'このサーバーのロール',
      mentionable: 'このサーバーのメンバーかロール',
      attachment: 'ファイル',
      other: '別の種類の値',
    },
    needsOneOf: (path: string, names: string) => `/${path} には次のどれかが必要です：${names}。`,
    noBranch: (path: string, chosen: string, names: string) => `/${path} に「${chosen}」はありません。使えるのは ${names} です。`,
    noOption: (path: string, name: string) => `/${path} に「${name}」というオプションはありません。`,
    wrongKind: (path: string, name: string, kind: string) => `/${path} のオプション「${name}」には${kind}を指定してください。`,
    notAChoice: (path: string, name: string, choices: string) => `/${path} のオプション「${name}」は次のどれかにしてください：${choices}。`,
    missing: (path: string, name: string) => `/${path} には「${name}」が必要です。`,
  },
  topicInput: {
    empty: 'トピック（例：japan、crypto）か、"bank of japan" AND yen のような検索式を入力してください。',
    badQuery: (detail: string) => `その検索式は使えません：\n\`\`\`\n${detail}\n\`\`\``,
    customQuery: (typed: string) => `カスタム検索式：${typed}`,
  },
  follow: {
    noAlertChannel: 'このサーバーにはまだ通知チャンネルがないため、通知を投稿できません。「サーバー管理」権限を持つ人に /alerts channel を実行してもらってください。',
    runInTextChannel: 'テキストチャンネルで実行するか、先に /alerts channel でチャンネルを設定してください。',
    cannotPostHere: (missing: string) => `このチャンネルには通知を投稿できません。次の権限がありません：${missing}。`,
    becameAlertChannel: 'このチャンネルがサーバーの通知チャンネルになりました（/alerts channel で変更できます）。',
    nowFollow: (label: string) => `**${label}** をフォローしました`,
    alreadyFollow: (label: string, ping: boolean) => `**${label}** はすでにフォローしています${ping ? '（メンションされます）' : ''}`,
    follows: (label: string) => `**${label}** をフォローしています`,
    postedIn: (what: string, channel: string, ping: boolean) => `${what}。これからの新しいニュースは ${channel} に投稿されます${ping ? '（あなたにメンションします）' : ''}。`,
    sentToDms: (what: string) => `${what}。これからの新しいニュースはあなたのDMに届きます。`,
    dmsResume: 'DMでの通知を再開します。Discordに拒否されたため一時停止していました。このサーバーのメンバーからのDMを許可したままにしてください。',
    customSource: 'カスタム検索式は、このサーバーが読んでいるフィードの記事から探します。',
  },
  unfollow: {
    notFollowing: (label: string) => `${label} はフォローしていません。フォロー中のものは /following で確認できます。`,
    done: (label: string) => `**${label}** のフォローをやめました。`,
  },
  following: {
    yours: '**あなたのフォロー**',
    server: '**このサーバー**',
    noChannel: '通知チャンネル未設定',
    paused: (channel: string) => `${channel}（一時停止中）`,
    yourDms: 'あなたのDM',
    dmsPaused: '（一時停止中：Discordに拒否されました。/follow … deliver:dm で再開できます）',
    mentionsYou: '（メンションあり）',
    noneYet: '• まだありません：/follow japan を試してください',
    members: (n: number) => `${n}人`,
    theirDms: '各自のDM',
    channelFollows: (label: string, where: string) => `• ${label} → ${where}（チャンネルとしてフォロー）`,
    nobody: '• まだ誰も何もフォローしていません',
  },
  topics: {
    title: 'フォローできるトピック',
    description: '`/follow <トピック>` を使うか、自分の検索式を書いてください：`"bank of japan" AND (rate OR yen) -anime`',
    example: (samples: string) => `*例：${samples}*`,
  },
  summary: {
    rateLimited: (perMinute: number) => `要約は1分に${perMinute}回までです。少し待ってからお試しください。`,
    failed: (reason: string) => `そのリンクを要約できませんでした：${reason}`,
    subscribersOnly: '購読者向けの記事です。このボットは無料で読める部分だけを読みます。',
    notReadYet: 'ページはまだ読まれていません。',
  },
  dmPaused:
    'あなたのDMに通知を送れませんでした。このサーバーのメンバーからのDMが閉じられているため、Discordに拒否されました。' +
    'DMでの通知は一時停止しているので、たまったり何度も再送されたりはしません。再開するには、このサーバーのメニュー → **プライバシー設定** → ' +
    '**ダイレクトメッセージ**（サーバーメンバーからのDMを許可する）をオンにしてから、`/follow topic:… deliver:dm` をもう一度実行してください。',
};
