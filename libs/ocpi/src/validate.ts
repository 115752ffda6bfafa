import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import { compiledCheckOf } from './compiled-check.js';
import { firstUnprintablePath } from './printable-json.js';

/** A refused OCPI object: the first offending field as a JSON path, and why. */
export interface OcpiFieldError {
  readonly field: string;
  readonly message: string;
}

/** Only the verdict: callers keep the JSON they validated (the DTO is a check, not a copy). */
export type OcpiValidation =
  { readonly ok: true } | { readonly ok: false; readonly error: OcpiFieldError };

/** Upper bound on how deep we follow nested validation errors (OCPI objects are shallow). */
const ERROR_DEPTH_MAX = 16;

type Constructor<T> = new () => T;

/**
 * Validates a parsed JSON body against an OCPI DTO class. The caller keeps the original JSON
 * (unknown extra fields are tolerated, as OCPI asks of receivers); the DTO only checks it.
 * The compiled fast check (compiled-check.ts) settles the common case, a valid object; anything it
 * is not certain of goes through class-validator, which names the offending field.
 */
export function validateOcpiObject<T extends object>(
  dto: Constructor<T>,
  json: unknown,
): OcpiValidation {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    return { ok: false, error: { field: '$', message: 'the body must be a JSON object' } };
  }
  if (!compiledCheckOf(dto)(json)) {
    const instance = plainToInstance(dto, json as Record<string, unknown>, {
      enableImplicitConversion: false,
    });
    const errors = validateSync(instance, { forbidUnknownValues: false, stopAtFirstError: true });
    const first = errors.length > 0 ? firstFieldError(errors[0]!, '', 0) : undefined;
    if (first) return { ok: false, error: first };
  }
  return printableEverywhere(json);
}

/** Fields the DTO does not declare are kept as sent: they too must be printable text. */
function printableEverywhere(json: object): OcpiValidation {
  const field = firstUnprintablePath(json);
  if (field === null) return { ok: true };
  const message = `${field}: must be printable text (no control characters such as U+0000)`;
  return { ok: false, error: { field, message } };
}

function firstFieldError(
  error: ValidationError,
  parent_path: string,
  depth: number,
): OcpiFieldError | undefined {
  const segment = /^\d+$/.test(error.property)
    ? `[${error.property}]`
    : parent_path === ''
      ? error.property
      : `.${error.property}`;
  const path = parent_path + segment;
  const constraints = Object.values(error.constraints ?? {});
  if (constraints.length > 0) {
    return { field: path, message: `${path}: ${describe(constraints[0]!, error.property)}` };
  }
  if (depth >= ERROR_DEPTH_MAX) return { field: path, message: `${path}: invalid value` };
  for (const child of error.children ?? []) {
    const found = firstFieldError(child, path, depth + 1);
    if (found) return found;
  }
  return undefined;
}

/** class-validator messages start with the property name; we print the full path instead. */
function describe(message: string, property: string): string {
  return message.startsWith(`${property} `) ? message.slice(property.length + 1) : message;
}

/** Formats a field error as the OCPI `status_message` of a 2001 response. */
export function fieldErrorMessage(error: OcpiFieldError): string {
  return `Invalid or missing parameter ${error.message}`;
}
