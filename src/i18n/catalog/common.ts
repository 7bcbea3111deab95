/** Words every part of the bot uses: failures, lists, the shape of dates and counts. */
export const en = {
  somethingWentWrong: 'Sorry, something went wrong on my side. The error was logged; please try again later.',
  storeDown:
    'I could not save that: my database cannot be written right now (its disk is full or failing). Nothing of what you asked was saved; my operator has to fix this first, so please try again later.',
  andMore: (n: number) => `…and ${n} more`,
  plusMore: (n: number) => `+${n} more`,
  listJoin: ', ',
};

export const ja: typeof en = {
  somethingWentWrong: '申し訳ありません、こちら側でエラーが起きました。記録しましたので、しばらくしてからもう一度お試しください。',
  storeDown:
    'データベースに書き込めないため保存できませんでした（ディスクがいっぱいか故障しています）。何も保存されていません。運営者が直すまで、しばらくしてからもう一度お試しください。',
  andMore: (n: number) => `…ほか${n}件`,
  plusMore: (n: number) => `ほか${n}件`,
  listJoin: '、',
};
