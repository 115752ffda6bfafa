import {
  ciEqual,
  type JsonObject,
  ocpiSuccess,
  type OcpiResponse,
  validateOcpiObject,
  foreignFieldMessage,
  foreignVersionField,
  type OcpiObjectVersion,
} from '#ocpi';
import { BodyInvalid } from './body-invalid.error.js';

type Constructor<T> = new () => T;

/** Validates a JSON body against an OCPI DTO; refuses with the offending field's JSON path. */
export function validOcpiBody<T extends object>(dto: Constructor<T>, body: unknown): JsonObject {
  const result = validateOcpiObject(dto, body);
  if (!result.ok) {
    throw new BodyInvalid(result.error.field, `Invalid or missing field ${result.error.message}`);
  }
  return body as JsonObject;
}

/**
 * Refuses an object of the other OCPI version than its path's (a 2.3.0 `before_taxes` on a 2.2.1
 * path, a 2.2.1 `excl_vat` on a 2.3.0 path), naming the field; checked before the DTO, so the
 * refusal names the foreign field rather than the field the object lacks.
 */
export function assertOfVersion(
  kind: 'tariff' | 'session' | 'cdr' | 'location',
  body: unknown,
  version: OcpiObjectVersion,
): void {
  const found = foreignVersionField(kind, body, version);
  if (found !== null) throw new BodyInvalid(found.field, foreignFieldMessage(found, version));
}

/** The object's own identity must match the URL it is sent to (CiString: case-insensitive). */
export function assertBodyIdentity(
  body: JsonObject,
  path: { country_code: string; party_id: string; id: string },
): void {
  const expected: Record<string, string> = path;
  for (const field of ['country_code', 'party_id', 'id'] as const) {
    const value = body[field];
    if (value === undefined) continue;
    const same = typeof value === 'string' && ciEqual(value, expected[field]!);
    if (!same) {
      throw new BodyInvalid(
        field,
        `Invalid field ${field}: must equal the URL's ${field} '${expected[field]}'`,
      );
    }
  }
}

/** A PATCH must say when the object changed (OCPI: `last_updated` is required in a PATCH). */
export function assertPatchHasLastUpdated(body: unknown): JsonObject {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new BodyInvalid('$', 'Invalid body: a PATCH body must be a JSON object');
  }
  if (typeof (body as JsonObject).last_updated !== 'string') {
    throw new BodyInvalid(
      'last_updated',
      'Invalid or missing field last_updated: required in a PATCH',
    );
  }
  return body as JsonObject;
}

export function ocpiOk<TData>(data: TData): OcpiResponse<TData> {
  return ocpiSuccess(data, new Date().toISOString());
}
