import { convert } from 'xmlbuilder2';

/**
 * Reading UBL back in tests without XPath: the XML is parsed (so it must be well-formed) into
 * xmlbuilder2's object form, and `text(node, 'cac:A', 'cbc:B')` walks child names.
 */
export type XmlNode = { readonly [name: string]: unknown };

export function parseXml(xml: string): XmlNode {
  return convert(xml, { format: 'object' }) as unknown as XmlNode;
}

/** xmlbuilder2's object form keeps `&amp;` `&lt;` `&gt;` escaped: undo that. */
function unescape(value: string): string {
  return value.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/** The children named `name` (an array even when there is one, empty when none). */
export function children(node: unknown, name: string): unknown[] {
  if (typeof node !== 'object' || node === null) return [];
  const value = (node as XmlNode)[name];
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

export function child(node: unknown, ...path: string[]): unknown {
  let current: unknown = node;
  for (const name of path) {
    const found = children(current, name);
    if (found.length !== 1) return undefined;
    current = found[0];
  }
  return current;
}

/** The text of the element at `path`, or undefined when it is absent. */
export function text(node: unknown, ...path: string[]): string | undefined {
  const found = child(node, ...path);
  if (typeof found === 'string') return unescape(found);
  if (typeof found === 'object' && found !== null && '#' in found) {
    return unescape(String((found as XmlNode)['#']));
  }
  return undefined;
}

export function attribute(node: unknown, name: string, ...path: string[]): string | undefined {
  const found = child(node, ...path);
  if (typeof found !== 'object' || found === null) return undefined;
  const value = (found as XmlNode)[`@${name}`];
  return value === undefined ? undefined : unescape(String(value));
}
