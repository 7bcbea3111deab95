/**
 * Bytes of a saved or fetched page → text. The project has one charset decoder, src/news/http/charset.ts
 * (BOM, Content-Type header, XML/HTML declaration, else UTF-8 or windows-1252); this is its
 * page-shaped entry point for extraction callers that hold a Uint8Array.
 */
import { decodeBody } from '../http/charset.ts';

export function decodeHtml(bytes: Uint8Array, contentType?: string): string {
  const body = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return decodeBody(body, contentType).text;
}
