/**
 * The checks every adapter makes when it decodes a stored event, so that both call the same
 * stored text damaged, for the same reason. Event data and metadata are always JSON objects (an
 * append refuses anything else), so anything else read back is damage, never an event.
 */

/** A plain JSON object: not null, not an array, not raw bytes. */
export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    !ArrayBuffer.isView(value)
  );
}

export type StoredObject =
  | { readonly ok: true; readonly value: Record<string, unknown> }
  | { readonly ok: false; readonly reason: string };

/** Parses stored JSON text that must hold a JSON object; `part` names it (`data`, `metadata`). */
export function parseStoredObject(text: string, part: string): StoredObject {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, reason: `${part} is not JSON (${(error as Error).message})` };
  }
  return checkStoredObject(value, part);
}

/** The same check for a value an adapter's client already parsed. */
export function checkStoredObject(value: unknown, part: string): StoredObject {
  return isJsonObject(value) ? { ok: true, value } : { ok: false, reason: notAnObject(part) };
}

function notAnObject(part: string): string {
  return `${part} is not a JSON object`;
}
