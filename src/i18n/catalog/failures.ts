/**
 * Why a link or a feed could not be read, for the member who asked. The reading code words each failure in
 * English with its details (host, status, limit); other languages word it from its kind, with what detail they
 * can use.
 */
import type { FetchErrorKind } from '../../news/http/fetch.ts';

export const FAILURE_KINDS = [
  ...(['bad-url', 'blocked', 'timeout', 'too-large', 'redirects', 'http', 'network'] as const satisfies readonly FetchErrorKind[]),
  ...(['not-a-feed', 'malformed', 'empty-feed', 'not-an-article', 'empty-page', 'paywalled', 'fetch', 'too-slow', 'opml'] as const),
];
export type FailureKind = (typeof FAILURE_KINDS)[number];

export interface FailureDetail {
  /** The failure as the reading code put it, in English with its details. */
  english: string;
  host?: string;
  status?: number;
}

export const en = {
  reason: (_kind: FailureKind, detail: FailureDetail) => detail.english,
};

const JA: Record<FailureKind, (d: FailureDetail) => string> = {
  'bad-url': () => 'リンクとして読めません（https://example.com/story のような形で指定してください）。',
  blocked: (d) => `${d.host ?? 'そのアドレス'} は非公開またはローカルのアドレスのため、読みません。`,
  timeout: (d) => `${d.host ?? 'サーバー'} の応答が遅すぎました。`,
  'too-large': () => '応答が大きすぎるため、読みませんでした。',
  redirects: () => 'リダイレクトが多すぎます。',
  http: (d) => `${d.host ?? 'サイト'} が HTTP ${d.status ?? 'エラー'} を返しました。`,
  network: (d) => `${d.host ?? 'サイト'} に接続できませんでした。`,
  'not-a-feed': () => 'フィード（RSS/Atom）ではなく、ページにフィードへのリンクも見つかりませんでした。',
  malformed: () => 'フィードの形式が壊れていて、項目を読み取れませんでした。',
  'empty-feed': () => 'フィードに項目がありません。',
  'not-an-article': () => '記事のページではありません。',
  'empty-page': () => '要約できるほどの本文がありません。',
  paywalled: () => '有料記事で、無料で読める部分がありません。',
  fetch: (d) => `${d.host ?? 'ページ'} を読み込めませんでした。`,
  'too-slow': () => 'ページの読み込みに時間がかかりすぎたため、省きました。',
  opml: () => 'OPMLファイルとして読めません。',
};

export const ja: typeof en = {
  reason: (kind, detail) => JA[kind](detail),
};
