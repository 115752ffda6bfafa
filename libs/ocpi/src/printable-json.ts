import { isPrintableText } from './dto/ocpi-rules.js';

/**
 * OCPI strings are printable (types.asciidoc: "Non-printable characters like: Carriage returns,
 * Tabs, Line breaks, etc are not allowed"). The DTOs check the fields they know; this walk
 * checks every other string and every key of a body too (extensions, `energy_mix`, fields of
 * newer versions), because the ledger keeps the body as sent and renders parts of it in
 * invoices, where a U+0000 breaks the XML.
 */

/** Bodies are depth-limited at the edge (32); this bound only keeps the walk itself bounded. */
const WALK_DEPTH_MAX = 64;

function joined(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

/** The JSON path of the first string or key that is not printable text, or null. */
export function firstUnprintablePath(value: unknown, path = '', depth = 0): string | null {
  if (typeof value === 'string') return isPrintableText(value) ? null : path || '$';
  if (value === null || typeof value !== 'object') return null;
  if (depth >= WALK_DEPTH_MAX) return path || '$';
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index += 1) {
      const found = firstUnprintablePath(value[index], `${path}[${index}]`, depth + 1);
      if (found !== null) return found;
    }
    return null;
  }
  const record = value as Record<string, unknown>;
  for (const key in record) {
    const member = record[key];
    // Paths are only built on the way out of a finding (ingest speed: most bodies are clean).
    if (!isPrintableText(key)) return joined(path, key);
    if (typeof member === 'string' ? isPrintableText(member) : typeof member !== 'object') {
      continue;
    }
    const found = firstUnprintablePath(member, joined(path, key), depth + 1);
    if (found !== null) return found;
  }
  return null;
}
