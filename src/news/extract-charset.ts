/**
 * Bytes of a saved or fetched page → text, in the charset the page declares: a byte-order mark,
 * then the Content-Type header, then <meta charset> / http-equiv in the first bytes, else UTF-8.
 * Japanese sites still serve Shift_JIS and EUC-JP, which TextDecoder alone does not cover everywhere.
 */
import iconv from 'iconv-lite';

const ALIASES: Record<string, string> = { 'x-sjis': 'shift_jis', sjis: 'shift_jis', 'shift-jis': 'shift_jis', 'windows-31j': 'cp932', 'x-euc-jp': 'euc-jp' };

function usable(label: string | undefined): string | undefined {
  if (!label) return undefined;
  const name = ALIASES[label.trim().toLowerCase()] ?? label.trim().toLowerCase();
  return iconv.encodingExists(name) ? name : undefined;
}

export function charsetFromContentType(contentType: string | undefined): string | undefined {
  return usable(/charset\s*=\s*["']?([\w.:-]+)/i.exec(contentType ?? '')?.[1]);
}

/** The charset named in the page's own head; only ASCII matters for finding it, so latin1 is safe to scan with. */
export function charsetFromMeta(bytes: Uint8Array): string | undefined {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 4096)).toString('latin1');
  const m = /<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)/i.exec(head);
  return usable(m?.[1]);
}

export function decodeHtml(bytes: Uint8Array, contentType?: string): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return iconv.decode(Buffer.from(bytes), 'utf8');
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return iconv.decode(Buffer.from(bytes), 'utf16le');
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return iconv.decode(Buffer.from(bytes), 'utf16be');
  const charset = charsetFromContentType(contentType) ?? charsetFromMeta(bytes) ?? 'utf8';
  return iconv.decode(Buffer.from(bytes), charset);
}
