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
  EXTRAWEST_LOCATION,
  EXTRAWEST_SESSION,
  EXTRAWEST_TARIFF,
  extrawestCdr,
} from './test-support/extrawest-fixtures.js';
import {
  validCdr,
  validLocation,
  validSession,
  validTariff,
  type Json,
} from './test-support/ocpi-fixtures.js';

type Dto = new () => object;

/** A Location using every nested class the ledger keeps without reading it. */
function detailedLocation(): Json {
  const location = validLocation({
    publish_allowed_to: [{ uid: 'TOK1', type: 'RFID', visual_number: 'NL-1', group_id: 'G1' }],
    related_locations: [
      { latitude: '-89.999999', longitude: '-179.999999', name: { language: 'en', text: 'Gate' } },
    ],
    opening_times: {
      twentyfourseven: false,
      regular_hours: [{ weekday: 7, period_begin: '08:00', period_end: '23:59' }],
      exceptional_closings: [
        { period_begin: '2026-12-25T03:00:00Z', period_end: '2026-12-25T05:00:00Z' },
      ],
    },
    energy_mix: {
      is_green_energy: false,
      energy_sources: [{ source: 'SOLAR', percentage: 100 }],
      environ_impact: [{ category: 'CARBON_DIOXIDE', amount: 0 }],
      supplier_name: 'Stadtwerke',
    },
  });
  const evse = (location.evses as Json[])[0]!;
  evse.status_schedule = [{ period_begin: '2026-01-01T00:00:00Z', status: 'BLOCKED' }];
  return location;
}

/** A CDR with signed meter data. */
function signedCdr(): Json {
  return validCdr({
    signed_data: {
      encoding_method: 'OCMF',
      encoding_method_version: 1,
      signed_values: [{ nature: 'Start', plain_data: 'OCMF|{"a":1}', signed_data: 'c2ln' }],
    },
  });
}

/** A tariff using every restriction and a validity period, so the rules on them are exercised. */
function restrictedTariff(overrides: Json = {}): Json {
  const restrictions = {
    start_time: '08:00',
    end_time: '23:59',
    start_date: '2026-01-01',
    end_date: '2028-02-29',
    min_kwh: 0,
    max_kwh: 50.5,
    min_current: 6,
    max_current: 32,
    min_power: 0,
    max_power: 22,
    min_duration: 0,
    max_duration: 7200,
    day_of_week: ['MONDAY', 'SUNDAY'],
    reservation: 'RESERVATION',
  };
  return validTariff({
    start_date_time: '2026-01-01T00:00:00Z',
    end_date_time: '2027-01-01T00:00:00Z',
    elements: [
      {
        price_components: [{ type: 'TIME', price: 1.2, vat: 19, step_size: 60 }],
        restrictions,
      },
    ],
    ...overrides,
  });
}

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
  // The rules of issue 9: calendar dates, signs, currencies, printable text, coordinates.
  '2026-02-30T10:00:00Z',
  '2026-13-45T99:99:99Z',
  '2026-02-30',
  '24:00',
  '23:59',
  'ZZZ',
  'EUR',
  'A\u0000B',
  'tab\there',
  'Ünïcode',
  '95.0000000',
  '-180.000000',
  '0.25',
  -0.0001,
  101,
  15.0,
  { start_date: '2026-02-30', max_power: -1 },
];

describe('compiledCheckOf', () => {
  const parsed = (text: string) => () => JSON.parse(text) as Json;
  const samples: Array<[string, Dto, () => Json]> = [
    ['Location', LocationDto, validLocation],
    ['Session', SessionDto, validSession],
    ['CDR', CdrDto, validCdr],
    ['Tariff', TariffDto, validTariff],
    ['Tariff with restrictions and validity', TariffDto, restrictedTariff],
    ['Location with every nested class', LocationDto, detailedLocation],
    ['CDR with signed data', CdrDto, signedCdr],
    ['extrawest Location', LocationDto, parsed(EXTRAWEST_LOCATION)],
    ['extrawest Session', SessionDto, parsed(EXTRAWEST_SESSION)],
    ['extrawest CDR', CdrDto, parsed(extrawestCdr('CDR1', null))],
    ['extrawest Tariff', TariffDto, parsed(EXTRAWEST_TARIFF)],
  ];

  it('accepts the valid fixtures without asking class-validator', () => {
    expect(compiledCheckOf(LocationDto)(validLocation())).toBe(true);
    expect(compiledCheckOf(SessionDto)(validSession())).toBe(true);
    expect(compiledCheckOf(CdrDto)(validCdr())).toBe(true);
    expect(compiledCheckOf(TariffDto)(validTariff())).toBe(true);
    expect(compiledCheckOf(TariffDto)(restrictedTariff())).toBe(true);
    expect(compiledCheckOf(LocationDto)(detailedLocation())).toBe(true);
    expect(compiledCheckOf(CdrDto)(signedCdr())).toBe(true);
  });

  it('accepts the real CPO shapes (explicit nulls, floats, tariffs: []) without class-validator', () => {
    expect(compiledCheckOf(LocationDto)(JSON.parse(EXTRAWEST_LOCATION))).toBe(true);
    expect(compiledCheckOf(SessionDto)(JSON.parse(EXTRAWEST_SESSION))).toBe(true);
    expect(compiledCheckOf(TariffDto)(JSON.parse(EXTRAWEST_TARIFF))).toBe(true);
    expect(compiledCheckOf(CdrDto)(JSON.parse(extrawestCdr()))).toBe(true);
    expect(compiledCheckOf(CdrDto)(JSON.parse(extrawestCdr('CDR1', null)))).toBe(true);
  });

  it('refuses, like class-validator, each new rule in its simplest case', () => {
    const refused: Array<[Dto, Json]> = [
      [CdrDto, validCdr({ end_date_time: '2026-02-30T10:00:00Z' })],
      [CdrDto, validCdr({ total_energy: -1 })],
      [CdrDto, validCdr({ currency: 'ZZZ' })],
      [CdrDto, validCdr({ id: 'CDR\u00001' })],
      [CdrDto, validCdr({ remark: 'a\u007fb' })],
      [SessionDto, validSession({ kwh: -1 })],
      [
        LocationDto,
        validLocation({ coordinates: { latitude: '90.000001', longitude: '1.00000' } }),
      ],
      [TariffDto, restrictedTariff({ end_date_time: '2026-01-01T00:00:00Z' })],
      [
        TariffDto,
        validTariff({
          elements: [{ price_components: [{ type: 'ENERGY', price: '0.25', step_size: 1 }] }],
        }),
      ],
    ];
    for (const [dto, json] of refused) {
      expect(compiledCheckOf(dto)(json)).toBe(false);
      expect(classValidatorAccepts(dto, json)).toBe(false);
    }
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
