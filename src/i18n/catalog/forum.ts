/** Words of forum-channel alerts and of what /alerts says about forum channels. */
export const en = {
  // Permission names as Discord's client shows them in a forum's settings.
  permViewChannel: 'View Channel',
  permCreatePosts: 'Create Posts',
  permSendInThreads: 'Send Messages in Threads',
  permEmbedLinks: 'Embed Links',
  permManageChannels: 'Manage Channels',
  cannotPost: (forum: string, missing: string) =>
    `I cannot post in ${forum}: I am missing ${missing} there (a forum needs View Channel, Create Posts, Send Messages in Threads and Embed Links). Give me those permissions in the forum's settings, then try again.`,
  postsThere: (forum: string) => `Each story becomes a post in ${forum}, titled with its headline, its alert as the first message; later articles of the story go into the post.`,
  tagsCreated: ' Each post carries the tag of its topic: I create the tag when the forum lacks it.',
  tagsNotCreated:
    ' I cannot create tags there (that needs Manage Channels), so a post carries its topic’s tag only if the forum already has a tag of that name; otherwise it goes out untagged and I tell the health channel once.',
  requiresTag: ' This forum requires a tag on every post: a story whose topic has no tag there, and none can be created, is not posted.',
  coverageIntoPost: (forum: string) => `When a story gains outlets, its post in ${forum} is edited to name them, and the new articles go into the post.`,
  // Notices to the server's admins (health channel), in the server's locale.
  untaggedPermission: (forum: string, tags: string) =>
    `Posts in ${forum} go out without their topic tags (${tags}): creating a tag needs the Manage Channels permission there. Give me that permission, or create tags with those names yourself.`,
  untaggedFull: (forum: string, tags: string) =>
    `${forum} has 20 tags, Discord's limit, so posts there go out without the tags ${tags}. Remove tags you no longer use to make room.`,
  tagsWorkAgain: (forum: string) => `Posts in ${forum} carry their topic tags again.`,
  tagRequired: (forum: string, tags: string) =>
    `${forum} requires a tag on every post and I could not apply one (${tags || 'no topic'}), so that alert was not posted. Give me the Manage Channels permission there, create tags named after the topics, or turn off “Require people to select tags when posting”.`,
  tagRequiredFixed: (forum: string) => `Alerts are posted in ${forum} again, with a tag.`,
  // What /alerts health lists about forums now.
  healthNow: 'Now:',
  healthUntagged: (forum: string, why: 'permission' | 'full' | undefined) =>
    `${forum}: posts go out without their topic tags (${why === 'full' ? 'the forum has 20 tags, the most Discord allows' : 'I lack Manage Channels there to create them'}).`,
  healthTagRequired: (forum: string) => `${forum}: requires a tag I cannot apply, so alerts there are not posted.`,
};

export const ja: typeof en = {
  permViewChannel: 'チャンネルを見る',
  permCreatePosts: '投稿を作成',
  permSendInThreads: 'スレッドでメッセージを送信',
  permEmbedLinks: '埋め込みリンク',
  permManageChannels: 'チャンネルの管理',
  cannotPost: (forum, missing) =>
    `${forum} に投稿できません。権限「${missing}」がありません（フォーラムには「チャンネルを見る」「投稿を作成」「スレッドでメッセージを送信」「埋め込みリンク」が必要です）。フォーラムの設定で権限を付与してから、もう一度お試しください。`,
  postsThere: (forum) => `各ニュースは ${forum} の投稿になります。タイトルは見出し、最初のメッセージがアラートです。同じニュースの続報はその投稿に追加されます。`,
  tagsCreated: '各投稿にはトピックのタグが付きます。フォーラムにないタグは作成します。',
  tagsNotCreated:
    'このフォーラムではタグを作成できません（「チャンネルの管理」権限が必要です）。同じ名前のタグが既にある場合だけタグを付け、ない場合はタグなしで投稿して、ヘルスチャンネルに一度お知らせします。',
  requiresTag: 'このフォーラムは投稿にタグが必須です。トピックのタグがなく作成もできないニュースは投稿されません。',
  coverageIntoPost: (forum) => `ニュースに新しい報道が加わると、${forum} の投稿を編集して報道元を追加し、新しい記事をその投稿に追加します。`,
  untaggedPermission: (forum, tags) =>
    `${forum} の投稿はトピックのタグ（${tags}）なしで投稿されています。タグの作成には「チャンネルの管理」権限が必要です。権限を付与するか、同じ名前のタグを作成してください。`,
  untaggedFull: (forum, tags) => `${forum} のタグは Discord の上限の20個に達しているため、タグ ${tags} なしで投稿されています。使っていないタグを削除してください。`,
  tagsWorkAgain: (forum) => `${forum} の投稿に再びトピックのタグが付くようになりました。`,
  tagRequired: (forum, tags) =>
    `${forum} は投稿にタグが必須ですが、タグ（${tags || 'トピックなし'}）を付けられなかったため、アラートを投稿できませんでした。「チャンネルの管理」権限を付与するか、トピック名のタグを作成するか、「投稿時にタグを必須にする」をオフにしてください。`,
  tagRequiredFixed: (forum) => `${forum} にタグ付きでアラートを投稿できるようになりました。`,
  healthNow: '現在の問題:',
  healthUntagged: (forum, why) =>
    `${forum}: 投稿がトピックのタグなしで投稿されています（${why === 'full' ? 'タグが上限の20個に達しています' : 'タグを作成する「チャンネルの管理」権限がありません'}）。`,
  healthTagRequired: (forum) => `${forum}: 必須のタグを付けられないため、アラートを投稿できません。`,
};
