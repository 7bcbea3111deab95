import { decodeCodePoint, decodeHTMLStrict } from 'entities/decode';
import { Parser } from 'htmlparser2';

/**
 * A feed document as a small tree, built by one tolerant pass of htmlparser2 in XML mode that also notes every
 * way the document breaks XML's well-formedness rules. A document with no faults is read exactly as a strict
 * XML parser would read it; one with faults is the "recovering" reading that browsers and feedparser's loose
 * parser give: unclosed elements are closed where the text ends, HTML entities are decoded, unknown entities
 * and bare ampersands stay as text. The caller decides what a fault costs (see parse-feed.ts: only complete
 * items are kept from a broken document).
 *
 * Why not rss-parser's xml2js for the strict reading: it turns `<title>Review: <i>Dune</i> is …</title>` into
 * an object whose text has lost "Dune", and has no recovering mode at all.
 */
export interface XmlElement {
  /** Namespace family (see FAMILIES): '' for RSS and unqualified names, 'atom', 'dc', 'media', …, or the URI. */
  ns: string;
  /** Local name, lower-cased: feeds in the wild write <Title>, <PubDate>, <LINK>. */
  local: string;
  /** Attributes by lower-cased qualified name (`href`, `xml:base`, `rdf:about`), entities decoded. */
  attrs: Record<string, string>;
  children: XmlNode[];
  /** False when the document ended, or an enclosing element closed, before this element's end tag. */
  complete: boolean;
  parent?: XmlElement;
  /** Offset of its start tag in the document, for saying where an unclosed element began. */
  start: number;
}

/** Character data (text with its entities decoded, or a CDATA section's content), or an element. */
export type XmlNode = string | XmlElement;

export interface XmlFault {
  what: string;
  /** 1-based line of the document where the fault was noticed. */
  line: number;
}

export interface XmlTree {
  root?: XmlElement;
  faults: XmlFault[];
}

/** Namespaces by what they mean to a feed reader; RSS 0.90, 1.0 and userland's RSS 2 URIs all mean plain RSS. */
const FAMILIES: Record<string, string> = {
  'http://purl.org/rss/1.0/': '',
  'http://my.netscape.com/rdf/simple/0.9/': '',
  'http://backend.userland.com/rss2': '',
  'http://backend.userland.com/rss': '',
  'http://www.w3.org/2005/atom': 'atom',
  'http://purl.org/atom/ns#': 'atom',
  'http://www.w3.org/1999/02/22-rdf-syntax-ns#': 'rdf',
  'http://purl.org/dc/elements/1.1/': 'dc',
  'http://purl.org/dc/terms/': 'dcterms',
  'http://purl.org/rss/1.0/modules/content/': 'content',
  'http://search.yahoo.com/mrss/': 'media',
  'http://search.yahoo.com/mrss': 'media',
  'http://www.w3.org/1999/xhtml': 'xhtml',
  'http://www.itunes.com/dtds/podcast-1.0.dtd': 'itunes',
};
/** Prefixes that feeds use without declaring them (common, though not namespace-well-formed): read by convention. */
const CONVENTIONAL_PREFIXES = new Set(['dc', 'dcterms', 'content', 'media', 'atom', 'rdf', 'itunes', 'xhtml']);
/**
 * No feed nests elements this deep; a document that does is hostile or broken, and the parser's own bookkeeping
 * grows quadratically with depth. Reading stops there, as if the document ended (complete items are kept).
 */
const MAX_DEPTH = 1_000;
const TOO_DEEP = Symbol('too deep');
const XML_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };


export interface BuildOptions {
  /** Elements whose subtrees past this many are not kept (a feed's items beyond the reading limit). */
  maxRepeats?: { names: ReadonlySet<string>; limit: number };
}

export function buildXmlTree(text: string, opts: BuildOptions = {}): XmlTree {
  const faults: { what: string; at: number }[] = [];
  const fault = (what: string, at: number) => {
    if (faults.length < 20) faults.push({ what, at });
  };
  // The Netscape RSS 0.91 DTD defines the HTML Latin-1 entities, so feeds declaring it may use them.
  const htmlEntitiesDeclared = /<!DOCTYPE\s+rss\s+PUBLIC\s+["']-\/\/Netscape Communications\/\/DTD RSS 0\.91/i.test(text.slice(0, 2048));
  let root: XmlElement | undefined;
  let current: XmlElement | undefined;
  // The prefixes in scope for each open element; an element declaring none shares its parent's map, so a
  // lookup is one step however deep the document nests.
  const scopes: Map<string, string>[] = [new Map()];
  let inCdata = false;
  // Subtrees past the reading limit are parsed (the parser must go on) but not kept.
  let skipDepth = 0;
  let cascadeAt = -1;
  const repeats = new Map<string, number>();


  const parser: Parser = new Parser(
    {
      onopentag(name, rawAttrs) {
        const at = parser.startIndex;
        if (skipDepth > 0) skipDepth++;
        if (scopes.length + skipDepth > MAX_DEPTH) {
          fault(`elements nested more than ${MAX_DEPTH} deep`, at);
          throw TOO_DEEP;
        }
        if (skipDepth > 0) return;
        let scope = scopes.at(-1)!;
        const attrs: Record<string, string> = {};
        for (const [key, value] of Object.entries(rawAttrs)) {
          const decoded = decodeXmlText(value, htmlEntitiesDeclared, (what) => fault(what, at));
          attrs[key] = decoded;
          if (key !== 'xmlns' && !key.startsWith('xmlns:')) continue;
          if (scope === scopes.at(-1)) scope = new Map(scope);
          scope.set(key === 'xmlns' ? '' : key.slice(6), decoded.trim());
        }
        scopes.push(scope);
        const colon = name.indexOf(':');
        const prefix = colon > 0 ? name.slice(0, colon) : '';
        const local = colon > 0 ? name.slice(colon + 1) : name;
        const uri = scope.get(prefix);
        let ns: string;
        if (uri === undefined) ns = prefix === '' ? '' : CONVENTIONAL_PREFIXES.has(prefix) ? prefix : `?${prefix}`;
        else {
          const family = FAMILIES[uri.toLowerCase()];
          // An unknown default namespace on a feed's elements is a publisher's invention, not a new vocabulary.
          ns = family ?? (prefix === '' ? '' : uri);
        }
        const element: XmlElement = { ns, local, attrs, children: [], complete: false, parent: current, start: at };
        if (opts.maxRepeats?.names.has(local) && current) {
          const seen = (repeats.get(local) ?? 0) + 1;
          repeats.set(local, seen);
          if (seen > opts.maxRepeats.limit) {
            scopes.pop();
            skipDepth = 1;
            return;
          }
        }
        if (current) current.children.push(element);
        else if (!root) root = element;
        else fault(`a second top-level element <${name}>`, at);
        current = element;
      },
      onclosetag(name, isImplied) {
        if (skipDepth > 0) {
          skipDepth--;
          return;
        }
        if (!current) return;
        // htmlparser2 reports "<x/>" as an implied close too; the "/>" just read tells the two apart.
        const selfClosing = isImplied && text.charCodeAt(parser.endIndex) === 0x3e && text.charCodeAt(parser.endIndex - 1) === 0x2f;
        // An unclosed element closes its unclosed ancestors with it (one cascade, at one position): the innermost
        // is where the document broke, and the only one worth naming.
        if (!isImplied || selfClosing) current.complete = true;
        else if (parser.endIndex !== cascadeAt) {
          fault(`the <${name}> element is never closed`, current.start);
          cascadeAt = parser.endIndex;
        }
        scopes.pop();
        current = current.parent;
      },
      ontext(raw) {
        if (skipDepth > 0 || !current) {
          if (!current && !root && raw.trim() && !inCdata) fault('text before the first element', parser.startIndex);
          return;
        }
        const at = parser.startIndex;
        let value = raw;
        if (!inCdata) {
          if (value.startsWith('<')) fault('a "<" that starts no tag', at);
          value = decodeXmlText(value, htmlEntitiesDeclared, (what) => fault(what, at));
        }
        // eslint-disable-next-line no-control-regex -- control characters are exactly what XML forbids and feeds contain
        const clean = value.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '');
        if (clean.length !== value.length) fault('control characters that XML does not allow', at);
        const last = current.children.at(-1);
        if (typeof last === 'string') current.children[current.children.length - 1] = last + clean;
        else current.children.push(clean);
      },
      oncdatastart() {
        inCdata = true;
      },
      oncdataend() {
        inCdata = false;
      },
    },
    { xmlMode: true, decodeEntities: false, lowerCaseTags: true, lowerCaseAttributeNames: true, recognizeCDATA: true },
  );
  try {
    parser.end(text);
  } catch (err) {
    if (err !== TOO_DEEP) throw err;
  }
  faults.sort((a, b) => a.at - b.at);
  return { root, faults: faults.map((f) => ({ what: f.what, line: lineAt(text, f.at) })) };
}

/**
 * XML's own five entities and character references (C1 references mapped to windows-1252, as browsers do:
 * "Don&#146;t" is "Don’t", not an invisible control); an HTML entity is decoded too, and an unknown entity or a
 * bare ampersand is kept as written. Each of the last three is a well-formedness fault.
 */
export function decodeXmlText(raw: string, htmlEntitiesDeclared: boolean, fault: (what: string) => void): string {
  if (!raw.includes('&')) return raw;
  return raw.replace(/&(?:#(\d{1,8})|#[xX]([0-9a-fA-F]{1,7})|([A-Za-z][A-Za-z0-9]{0,31}))?(;?)/g, (whole, dec: string | undefined, hex: string | undefined, name: string | undefined, semi: string) => {
    if (!semi || (!dec && !hex && !name)) {
      fault('a bare "&" that starts no entity');
      return whole;
    }
    if (dec || hex) return decodeCodePoint(dec ? Number.parseInt(dec, 10) : Number.parseInt(hex!, 16));
    const xml = XML_ENTITIES[name!];
    if (xml) return xml;
    const html = decodeHTMLStrict(whole);
    if (html !== whole) {
      if (!htmlEntitiesDeclared) fault(`the undefined entity &${name};`);
      return html;
    }
    fault(`the unknown entity &${name};`);
    return whole;
  });
}

function lineAt(text: string, index: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < index; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

// ---- reading a tree ----

export function childElements(el: XmlElement): XmlElement[] {
  return el.children.filter((c): c is XmlElement => typeof c !== 'string');
}

/** The first child element in namespace family `ns` named `local`. */
export function child(el: XmlElement, ns: string, local: string): XmlElement | undefined {
  for (const c of el.children) if (typeof c !== 'string' && c.local === local && c.ns === ns) return c;
  return undefined;
}

export function children(el: XmlElement, ns: string, local: string): XmlElement[] {
  return el.children.filter((c): c is XmlElement => typeof c !== 'string' && c.local === local && c.ns === ns);
}

/** All character data under an element, in document order (iterative: feeds nest deep on purpose). */
export function textOf(el: XmlElement, limit = 200_000): string {
  let out = '';
  const stack: XmlNode[] = [...el.children].reverse();
  while (stack.length && out.length < limit) {
    const node = stack.pop()!;
    if (typeof node === 'string') out += node;
    else for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]!);
  }
  return out;
}

const escapeText = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const escapeAttr = (s: string) => escapeText(s).replace(/"/g, '&quot;');

/**
 * An element's content as an HTML string. `textIsHtml`: its character data is HTML source already (an RSS
 * description, whose markup arrives escaped or in CDATA); otherwise character data is plain text and is escaped
 * (Atom xhtml content, whose markup is real elements). Child elements are written back as tags either way.
 */
export function innerHtml(el: XmlElement, textIsHtml: boolean, limit = 200_000): string {
  let out = '';
  type Step = XmlNode | { close: string };
  const stack: Step[] = [...el.children].reverse();
  while (stack.length && out.length < limit) {
    const step = stack.pop()!;
    if (typeof step === 'string') out += textIsHtml ? step : escapeText(step);
    else if ('close' in step) out += step.close;
    else {
      const attrs = Object.entries(step.attrs)
        .filter(([k]) => k !== 'xmlns' && !k.startsWith('xmlns:'))
        .map(([k, v]) => ` ${k}="${escapeAttr(v)}"`)
        .join('');
      out += `<${step.local}${attrs}>`;
      stack.push({ close: `</${step.local}>` });
      for (let i = step.children.length - 1; i >= 0; i--) stack.push(step.children[i]!);
    }
  }
  return out;
}

export { escapeText as escapeHtmlText };
