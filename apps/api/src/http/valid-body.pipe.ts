import type { PipeTransform } from '@nestjs/common';
import { validateOcpiObject } from '#ocpi';
import { BodyInvalid } from './body-invalid.error.js';

type Constructor<T> = new () => T;

/**
 * Validates the JSON body against a class-validator DTO and hands the ORIGINAL JSON on: the
 * ledger stores what the partner sent (OCPI tolerates unknown fields), the DTO only checks it.
 */
export class ValidBodyPipe<T extends object> implements PipeTransform<unknown, unknown> {
  constructor(private readonly dto: Constructor<T>) {}

  transform(value: unknown): unknown {
    const result = validateOcpiObject(this.dto, value);
    if (!result.ok) {
      throw new BodyInvalid(result.error.field, `Invalid or missing field ${result.error.message}`);
    }
    return value;
  }
}
