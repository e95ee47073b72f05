/**
 * A small strict XML parser for the documents Vigil reads or generates (managed-preferences
 * plists; in tests also the generated ADMX/ADML, profiles and the WiX source). It checks
 * well-formedness, expands only the five predefined entities and character references, and
 * rejects DTD internal subsets, so no entity expansion can ever be triggered by input.
 * Namespaces are not interpreted: a prefixed name stays `prefix:local`.
 */
export interface XmlElement {
  name: string;
  attributes: Readonly<Record<string, string>>;
  /** Child elements and text, in document order (comments and processing instructions dropped). */
  children: (XmlElement | string)[];
}

export class XmlSyntaxError extends Error {
  constructor(message: string, text: string, offset: number) {
    const before = text.slice(0, offset).split('\n');
    super(`${message} at line ${before.length}, column ${before.at(-1)!.length + 1}`);
    this.name = 'XmlSyntaxError';
  }
}

const NAME = /[A-Za-z_:][\w.:-]*/y;
const SPACE = /[ \t\r\n]*/y;
const ATTRIBUTE_VALUE = /"([^"<]*)"|'([^'<]*)'/y;
// Real documents nest a handful of levels; the limit keeps hostile input from exhausting the stack.
const MAX_DEPTH = 64;
const PREDEFINED: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

export function parseXml(text: string): XmlElement {
  const bomLength = text.startsWith('\uFEFF') ? 1 : 0;
  let pos = bomLength;
  const fail = (message: string, at = pos): never => {
    throw new XmlSyntaxError(message, text, at);
  };
  const match = (pattern: RegExp): RegExpExecArray | null => {
    pattern.lastIndex = pos;
    const found = pattern.exec(text);
    if (found) pos = pattern.lastIndex;
    return found;
  };
  const skipSpace = () => match(SPACE);
  const expect = (literal: string) => {
    if (!text.startsWith(literal, pos)) fail(`expected "${literal}"`);
    pos += literal.length;
  };
  const until = (terminator: string, what: string): string => {
    const end = text.indexOf(terminator, pos);
    if (end < 0) fail(`unterminated ${what}`);
    const body = text.slice(pos, end);
    pos = end + terminator.length;
    return body;
  };

  const decode = (raw: string, start: number): string =>
    raw.replace(/&([^;&<]*);|&/g, (whole, ref: string | undefined, index: number) => {
      if (ref === undefined) return fail('"&" must start an entity reference', start + index);
      const char = /^#x[0-9a-fA-F]+$/.test(ref)
        ? Number.parseInt(ref.slice(2), 16)
        : /^#[0-9]+$/.test(ref)
          ? Number.parseInt(ref.slice(1), 10)
          : undefined;
      if (char !== undefined) {
        if (char === 0 || char > 0x10ffff || (char >= 0xd800 && char <= 0xdfff))
          fail(`invalid character reference ${whole}`, start + index);
        return String.fromCodePoint(char);
      }
      return PREDEFINED[ref] ?? fail(`unknown entity ${whole}`, start + index);
    });

  /** Comments, processing instructions and (before the root) one DOCTYPE; returns false at anything else. */
  const misc = (allowDoctype: boolean): boolean => {
    if (text.startsWith('<!--', pos)) {
      pos += 4;
      const body = until('-->', 'comment');
      if (body.includes('--')) fail('"--" inside a comment');
      return true;
    }
    if (text.startsWith('<?', pos)) {
      const piStart = pos;
      pos += 2;
      const target = match(NAME)?.[0] ?? fail('expected a processing-instruction target');
      if (target.toLowerCase() === 'xml' && piStart !== bomLength) fail('the XML declaration must come first', piStart);
      until('?>', 'processing instruction');
      return true;
    }
    if (allowDoctype && text.startsWith('<!DOCTYPE', pos)) {
      const body = until('>', 'DOCTYPE');
      // An internal subset can declare entities (billion laughs); plists and templates never need one.
      if (body.includes('[')) fail('DOCTYPE internal subsets are not accepted');
      return true;
    }
    return false;
  };

  const element = (depth: number): XmlElement => {
    const start = pos;
    if (depth > MAX_DEPTH) fail(`elements nested deeper than ${MAX_DEPTH}`);
    expect('<');
    const name = match(NAME)?.[0] ?? fail('expected an element name');
    const attributes: Record<string, string> = {};
    for (;;) {
      const spaced = (skipSpace()?.[0].length ?? 0) > 0;
      if (text.startsWith('/>', pos)) {
        pos += 2;
        return { name, attributes, children: [] };
      }
      if (text.startsWith('>', pos)) {
        pos += 1;
        break;
      }
      if (!spaced) fail('expected whitespace, ">" or "/>"');
      const attributeStart = pos;
      const attribute = match(NAME)?.[0] ?? fail('expected an attribute name');
      skipSpace();
      expect('=');
      skipSpace();
      const valueStart = pos + 1;
      const quoted = match(ATTRIBUTE_VALUE) ?? fail('expected a quoted attribute value');
      if (Object.hasOwn(attributes, attribute)) fail(`duplicate attribute "${attribute}"`, attributeStart);
      attributes[attribute] = decode(quoted[1] ?? quoted[2] ?? '', valueStart);
    }
    const children: (XmlElement | string)[] = [];
    const pushText = (value: string) => {
      if (value === '') return;
      const last = children.at(-1);
      if (typeof last === 'string') children[children.length - 1] = last + value;
      else children.push(value);
    };
    for (;;) {
      if (pos >= text.length) fail(`element <${name}> is not closed`, start);
      if (text.startsWith('</', pos)) {
        pos += 2;
        const closingStart = pos;
        const closing = match(NAME)?.[0];
        if (closing !== name) fail(`expected </${name}>`, closingStart);
        skipSpace();
        expect('>');
        return { name, attributes, children };
      }
      if (text.startsWith('<![CDATA[', pos)) {
        pos += 9;
        pushText(until(']]>', 'CDATA section'));
      } else if (!misc(false)) {
        if (text.startsWith('<', pos)) children.push(element(depth + 1));
        else {
          const textStart = pos;
          const end = text.indexOf('<', pos);
          const raw = text.slice(pos, end < 0 ? text.length : end);
          if (raw.includes(']]>')) fail('"]]>" is not allowed in text', textStart + raw.indexOf(']]>'));
          pos += raw.length;
          pushText(decode(raw, textStart));
        }
      }
    }
  };

  let doctypeAllowed = true;
  for (;;) {
    skipSpace();
    const wasDoctype = text.startsWith('<!DOCTYPE', pos);
    if (!misc(doctypeAllowed)) break;
    if (wasDoctype) doctypeAllowed = false;
  }
  if (!text.startsWith('<', pos) || text.startsWith('<!', pos)) fail('expected the root element');
  const root = element(1);
  for (;;) {
    skipSpace();
    if (pos >= text.length) return root;
    if (!misc(false)) fail('content after the root element');
  }
}

/** Child elements only (text and whitespace between them skipped). */
export function childElements(element: XmlElement): XmlElement[] {
  return element.children.filter((child): child is XmlElement => typeof child !== 'string');
}

/** The concatenated text directly inside an element. */
export function textOf(element: XmlElement): string {
  return element.children.filter((child): child is string => typeof child === 'string').join('');
}
