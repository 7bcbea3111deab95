/** Query parameters that identify a campaign or a click, never the page itself. */
const TRACKING_PARAMS = new Set([
  'fbclid', 'gclid', 'dclid', 'gbraid', 'wbraid', 'msclkid', 'yclid', 'twclid', 'ttclid', 'li_fat_id', 'igshid',
  'mc_cid', 'mc_eid', '_ga', '_gl', '_hsenc', '_hsmi', 'hsctatracking', 'mkt_tok', 'oly_anon_id', 'oly_enc_id',
  'vero_id', 'vero_conv', 'rb_clickid', 's_cid', 'cmpid', 'ocid', 'ncid', 'sr_share', 'guccounter', 'guce_referrer',
  'guce_referrer_sig', 'ref_src', 'ref_url', 'smid', 'cmp', 'ito', 'at_medium', 'at_campaign', 'taid',
  'spm', 'feature', 'rss', 'ref',
]);
const TRACKING_PREFIXES = ['utm_', 'pk_', 'mtm_', 'at_', 'hsa_', 'sc_'];

/**
 * The form of a URL used to recognise the same article: lower-cased host without "www.", https, no fragment,
 * no tracking parameters, remaining parameters sorted, no trailing slash. Returns the input when it is not a URL.
 */
export function canonicalUrl(raw: string, base?: string): string {
  let url: URL;
  try {
    url = new URL(raw.trim(), base);
  } catch {
    return raw.trim();
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return url.toString();
  url.hash = '';
  url.hostname = url.hostname.toLowerCase().replace(/^www\./, '');
  if (url.protocol === 'http:') url.protocol = 'https:';
  if (url.port === '80' || url.port === '443') url.port = '';
  const kept = [...url.searchParams.entries()]
    .filter(([key]) => {
      const k = key.toLowerCase();
      return !TRACKING_PARAMS.has(k) && !TRACKING_PREFIXES.some((p) => k.startsWith(p));
    })
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  url.search = '';
  for (const [k, v] of kept) url.searchParams.append(k, v);
  let out = url.toString();
  if (url.pathname.length > 1 && out.endsWith('/') && !url.search) out = out.slice(0, -1);
  return out;
}
