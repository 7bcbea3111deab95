import chardet from 'chardet';
import iconv from 'iconv-lite';

/**
 * Turns fetched bytes into text by the declared charset: a byte-order mark (or, for UTF-16/32 without one,
 * the layout of "<?xml"), then the HTTP header, then the document's own declaration (XML prolog or HTML meta).
 * Undeclared: UTF-8 when the bytes are valid UTF-8, else what a statistical detector recognises (Shift_JIS,
 * windows-1251, EUC-KR …), else windows-1252 as browsers assume. Names iconv-lite does not know fall back to
 * UTF-8 rather than failing the whole feed.
 */
export function decodeBody(body: Buffer, contentType = ''): { text: string; charset: string } {
  const charset = detectCharset(body, contentType);
  const text = iconv.encodingExists(charset) ? iconv.decode(body, charset) : iconv.decode(body, 'utf-8');
  return { text: text.replace(/^\uFEFF/, ''), charset };
}

export function detectCharset(body: Buffer, contentType = ''): string {
  const fromBom = bomCharset(body);
  if (fromBom) return fromBom;
  const fromHeader = /charset\s*=\s*["']?([\w.:-]+)/i.exec(contentType)?.[1];
  if (fromHeader && iconv.encodingExists(normalizeName(fromHeader))) return normalizeName(fromHeader);
  // Declarations are ASCII and sit near the top; reading the head as latin1 keeps byte offsets honest.
  const head = body.subarray(0, 4096).toString('latin1');
  const fromXml = /^\s*<\?xml[^>]*\bencoding\s*=\s*["']([\w.:-]+)["']/i.exec(head)?.[1];
  if (fromXml && iconv.encodingExists(normalizeName(fromXml))) return normalizeName(fromXml);
  const fromMeta =
    /<meta[^>]+charset\s*=\s*["']?([\w.:-]+)/i.exec(head)?.[1] ??
    /<meta[^>]+content\s*=\s*["'][^"']*charset=([\w.:-]+)/i.exec(head)?.[1];
  if (fromMeta && iconv.encodingExists(normalizeName(fromMeta))) {
    // A page re-saved as UTF-8 often keeps its old <meta charset=gb2312>: text in a legacy encoding is almost
    // never valid UTF-8 once it holds a few non-ASCII characters, so such bytes are UTF-8 whatever the meta says.
    if (normalizeName(fromMeta) !== 'utf-8' && hasMultibyteText(body) && isValidUtf8(body)) return 'utf-8';
    return normalizeName(fromMeta);
  }
  if (isValidUtf8(body)) return 'utf-8';
  return detectedCharset(body) ?? 'windows-1252';
}

/**
 * chardet's confidence (0–100) is only meaningful relative to its other guesses: a short Russian feed gets 29 for
 * windows-1251 and 6 for the next. A winner by less than this margin is a coin toss, and windows-1252 (what
 * browsers assume) is then the better guess.
 */
const MIN_DETECTOR_LEAD = 10;
const DETECTOR_SAMPLE_BYTES = 256 * 1024;

function detectedCharset(body: Buffer): string | undefined {
  // Markup is ASCII and drowns the letter statistics of a short feed (a Russian title read as Italian Latin-1):
  // the detector sees the text between tags only. No legacy CJK encoding uses "<" or ">" as a trailing byte.
  const text = Buffer.from(body.subarray(0, DETECTOR_SAMPLE_BYTES).toString('latin1').replace(/<[^>]*>/g, ' '), 'latin1');
  // The bytes are not valid UTF-8, so a UTF-8 answer is wrong; UTF-16/32 without a mark or "<?xml" is not a feed.
  const matches = chardet.analyse(text).filter((m) => !/^(utf-8|utf-16|utf-32|ascii)/i.test(m.name));
  const [best, next] = matches;
  if (!best || best.confidence - (next?.confidence ?? 0) < MIN_DETECTOR_LEAD) return undefined;
  const name = normalizeName(best.name);
  return iconv.encodingExists(name) ? name : undefined;
}

function bomCharset(body: Buffer): string | undefined {
  if (body.length >= 4 && body[0] === 0x00 && body[1] === 0x00 && body[2] === 0xfe && body[3] === 0xff) return 'utf-32be';
  if (body.length >= 4 && body[0] === 0xff && body[1] === 0xfe && body[2] === 0x00 && body[3] === 0x00) return 'utf-32le';
  if (body.length >= 3 && body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf) return 'utf-8';
  if (body.length >= 2 && body[0] === 0xfe && body[1] === 0xff) return 'utf-16be';
  if (body.length >= 2 && body[0] === 0xff && body[1] === 0xfe) return 'utf-16le';
  // No BOM: XML's own rule (spec appendix F) tells UTF-32 and UTF-16 from how "<?xml" is laid out in bytes.
  if (body.length >= 4 && body[0] === 0x00 && body[1] === 0x00 && body[2] === 0x00 && body[3] === 0x3c) return 'utf-32be';
  if (body.length >= 4 && body[0] === 0x3c && body[1] === 0x00 && body[2] === 0x00 && body[3] === 0x00) return 'utf-32le';
  if (body.length >= 4 && body[0] === 0x00 && body[1] === 0x3c && body[2] === 0x00 && body[3] === 0x3f) return 'utf-16be';
  if (body.length >= 4 && body[0] === 0x3c && body[1] === 0x00 && body[2] === 0x3f && body[3] === 0x00) return 'utf-16le';
  return undefined;
}

function normalizeName(name: string): string {
  const n = name.toLowerCase();
  // Browsers read a latin-1 label as windows-1252, and real feeds rely on that for curly quotes and dashes.
  if (n === 'iso-8859-1' || n === 'latin1' || n === 'us-ascii' || n === 'ascii') return 'windows-1252';
  if (n === 'shift-jis' || n === 'sjis' || n === 'x-sjis') return 'shift_jis';
  if (n === 'x-euc-jp' || n === 'x-euc') return 'euc-jp';
  return n;
}

/** Enough UTF-8 multi-byte sequences (lead byte then continuation) that valid UTF-8 cannot be chance. */
const MIN_MULTIBYTE_SEQUENCES = 8;

function hasMultibyteText(body: Buffer): boolean {
  let found = 0;
  const end = Math.min(body.length - 1, 65536);
  for (let i = 0; i < end && found < MIN_MULTIBYTE_SEQUENCES; i++) {
    if (body[i]! >= 0xc2 && body[i]! <= 0xf4 && (body[i + 1]! & 0xc0) === 0x80) found++;
  }
  return found >= MIN_MULTIBYTE_SEQUENCES;
}

/**
 * Whether the bytes are well-formed UTF-8. A page may hold a literal U+FFFD (EF BF BD, itself valid UTF-8,
 * left by some earlier bad conversion): one replacement character in the text is no proof of another charset,
 * only a byte sequence UTF-8 cannot decode is. `stream` lets the sample end in the middle of a character.
 */
function isValidUtf8(body: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(body.subarray(0, 65536), { stream: true });
    return true;
  } catch {
    return false;
  }
}
