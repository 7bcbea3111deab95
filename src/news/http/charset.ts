import iconv from 'iconv-lite';

/**
 * Turns fetched bytes into text by the declared charset: the HTTP header first, then a byte-order mark,
 * then the document's own declaration (XML prolog or HTML meta), else UTF-8. Names iconv-lite does not
 * know fall back to UTF-8 rather than failing the whole feed.
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
  if (fromMeta && iconv.encodingExists(normalizeName(fromMeta))) return normalizeName(fromMeta);
  if (!isValidUtf8(body)) return 'windows-1252';
  return 'utf-8';
}

function bomCharset(body: Buffer): string | undefined {
  if (body.length >= 4 && body[0] === 0x00 && body[1] === 0x00 && body[2] === 0xfe && body[3] === 0xff) return 'utf-32be';
  if (body.length >= 4 && body[0] === 0xff && body[1] === 0xfe && body[2] === 0x00 && body[3] === 0x00) return 'utf-32le';
  if (body.length >= 3 && body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf) return 'utf-8';
  if (body.length >= 2 && body[0] === 0xfe && body[1] === 0xff) return 'utf-16be';
  if (body.length >= 2 && body[0] === 0xff && body[1] === 0xfe) return 'utf-16le';
  // No BOM: XML's own rule (spec appendix F) tells UTF-16 from how "<?" is laid out in bytes.
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

function isValidUtf8(body: Buffer): boolean {
  return !new TextDecoder('utf-8', { fatal: false }).decode(body.subarray(0, 65536)).includes('\uFFFD');
}
