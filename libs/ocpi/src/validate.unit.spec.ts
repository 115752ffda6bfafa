import 'reflect-metadata';
import { LocationDto } from './dto/location.dto.js';
import { CdrDto } from './dto/cdr.dto.js';
import { SessionDto } from './dto/session.dto.js';
import { validateOcpiObject } from './validate.js';
import { validCdr, validLocation, validSession } from './test-support/ocpi-fixtures.js';

describe('validateOcpiObject', () => {
  it('accepts a valid Location, Session and CDR', () => {
    expect(validateOcpiObject(LocationDto, validLocation()).ok).toBe(true);
    expect(validateOcpiObject(SessionDto, validSession()).ok).toBe(true);
    expect(validateOcpiObject(CdrDto, validCdr()).ok).toBe(true);
  });

  it('names a nested array field by its JSON path', () => {
    const location = validLocation();
    (location.evses as Array<Record<string, unknown>>)[0]!.uid = 'x'.repeat(37);
    const result = validateOcpiObject(LocationDto, location);
    expect(result).toMatchObject({ ok: false, error: { field: 'evses[0].uid' } });
  });

  it('names a missing required field', () => {
    const location: Record<string, unknown> = validLocation();
    delete location.time_zone;
    expect(validateOcpiObject(LocationDto, location)).toMatchObject({
      ok: false,
      error: { field: 'time_zone' },
    });
  });

  it('refuses a wrong enum value and a wrong type', () => {
    const cdr = validCdr();
    cdr.auth_method = 'MAGIC';
    expect(validateOcpiObject(CdrDto, cdr)).toMatchObject({ error: { field: 'auth_method' } });
    const session = validSession();
    session.kwh = '12';
    expect(validateOcpiObject(SessionDto, session)).toMatchObject({ error: { field: 'kwh' } });
  });

  it('refuses a body that is not an object', () => {
    expect(validateOcpiObject(CdrDto, [1])).toMatchObject({ ok: false, error: { field: '$' } });
  });

  it('names the charging period dimension field', () => {
    const cdr = validCdr();
    (
      cdr.charging_periods as Array<{ dimensions: Array<{ volume: unknown }> }>
    )[0]!.dimensions[0]!.volume = 'a lot';
    expect(validateOcpiObject(CdrDto, cdr)).toMatchObject({
      error: { field: 'charging_periods[0].dimensions[0].volume' },
    });
  });
});
