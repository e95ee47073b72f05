import { describe, expect, it } from 'vitest';
import { childElements, parseXml, textOf, XmlSyntaxError } from './managed-xml.js';

describe('parseXml', () => {
  it('reads elements, attributes, text, entities, CDATA and skips comments and PIs', () => {
    const root = parseXml(
      '\uFEFF<?xml version="1.0"?>\n<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "x.dtd">\n<!-- c -->' +
        `<a x="1" y='&lt;2&gt;'><b/>t &amp; &#65;&#x42;<![CDATA[<raw>]]><?pi?><c:d/></a>\n`,
    );
    expect(root.name).toBe('a');
    expect(root.attributes).toEqual({ x: '1', y: '<2>' });
    expect(childElements(root).map((e) => e.name)).toEqual(['b', 'c:d']);
    expect(textOf(root)).toBe('t & AB<raw>');
  });

  it.each([
    ['<a><b></a>', 'expected </b>'],
    ['<a>', 'not closed'],
    ['<a/><b/>', 'content after the root element'],
    ['<a x="1" x="2"/>', 'duplicate attribute'],
    ['<a x=1/>', 'quoted attribute value'],
    ['<a>&bogus;</a>', 'unknown entity'],
    ['<a>AT&T</a>', 'entity reference'],
    ['<a>&#0;</a>', 'invalid character reference'],
    ['<!DOCTYPE a [<!ENTITY x "y">]><a/>', 'internal subsets'],
    ['<a><!-- a -- b --></a>', '"--" inside a comment'],
    [' <?xml version="1.0"?><a/>', 'XML declaration must come first'],
    ['<a>]]></a>', '"]]>" is not allowed'],
    ['text', 'expected the root element'],
    ['<a' + '><a>'.repeat(70) + '</a>'.repeat(71), 'nested deeper'],
  ])('rejects %j', (text, message) => {
    expect(() => parseXml(text)).toThrow(XmlSyntaxError);
    expect(() => parseXml(text)).toThrow(message);
  });

  it('reports the line and column of a problem', () => {
    expect(() => parseXml('<a>\n  <b>\n</a>')).toThrow(/line 3, column 3/);
  });
});
