import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import fc from 'fast-check';
import { compiledCheckOf } from './compiled-check.js';
import { CdrDto } from './dto/cdr.dto.js';
import { LocationDto } from './dto/location.dto.js';
import { SessionDto } from './dto/session.dto.js';
import { TariffDto } from './dto/tariff.dto.js';
import {
  validCdr,
  validLocation,
  validSession,
  validTariff,
  type Json,
} from './test-support/ocpi-fixtures.js';

type Dto = new () => object;

/** What class-validator alone says, exactly as validateOcpiObject used to ask it. */
function classValidatorAccepts(dto: Dto, json: Json): boolean {
  const instance = plainToInstance(dto, json, { enableImplicitConversion: false });
  return (
    validateSync(instance, { forbidUnknownValues: false, stopAtFirstError: true }).length === 0
  );
}

/** Every path to a value inside a JSON object, e.g. ['evses', 0, 'uid']. */
function pathsOf(
  value: unknown,
  prefix: Array<string | number> = [],
): Array<Array<string | number>> {
  if (value === null || typeof value !== 'object') return [prefix];
  const entries = Array.isArray(value)
    ? value.map((item, index) => [index, item] as const)
    : Object.entries(value);
  return [prefix, ...entries.flatMap(([key, item]) => pathsOf(item, [...prefix, key]))];
}

function withValueAt(json: Json, path: ReadonlyArray<string | number>, value: unknown): Json {
  const copy = structuredClone(json);
  if (path.length === 0) return copy;
  let parent = copy as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) {
    const child = parent[key];
    // An earlier change removed or replaced this part of the object: nothing left to change.
    if (child === null || typeof child !== 'object') return copy;
    parent = child as Record<string | number, unknown>;
  }
  const last = path[path.length - 1]!;
  if (value === '<delete>') delete parent[last];
  else parent[last] = value;
  return copy;
}

const REPLACEMENTS: unknown[] = [
  '<delete>',
  null,
  '',
  'x'.repeat(600),
  'MAGIC',
  '2026-13-01',
  '2026-01-01T00:00:00Z',
  '52.5200080',
  0,
  -1.5,
  Number.POSITIVE_INFINITY,
  true,
  [],
  [{}],
  {},
  ['RFID_READER'],
];

describe('compiledCheckOf', () => {
  const samples: Array<[string, Dto, () => Json]> = [
    ['Location', LocationDto, validLocation],
    ['Session', SessionDto, validSession],
    ['CDR', CdrDto, validCdr],
    ['Tariff', TariffDto, validTariff],
  ];

  it('accepts the valid fixtures without asking class-validator', () => {
    expect(compiledCheckOf(LocationDto)(validLocation())).toBe(true);
    expect(compiledCheckOf(SessionDto)(validSession())).toBe(true);
    expect(compiledCheckOf(CdrDto)(validCdr())).toBe(true);
    expect(compiledCheckOf(TariffDto)(validTariff())).toBe(true);
  });

  it.each(samples)('never accepts a %s that class-validator refuses', (_name, dto, valid) => {
    const base = valid();
    const paths = pathsOf(base);
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom(...paths), fc.constantFrom(...REPLACEMENTS)), {
          minLength: 1,
          maxLength: 3,
        }),
        (changes) => {
          let json = base;
          for (const [path, value] of changes) json = withValueAt(json, path, value);
          if (compiledCheckOf(dto)(json)) expect(classValidatorAccepts(dto, json)).toBe(true);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('refuses what is not an object', () => {
    for (const value of [null, [], 'CDR', 1, undefined]) {
      expect(compiledCheckOf(CdrDto)(value)).toBe(false);
    }
  });
});
