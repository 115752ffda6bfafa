import {
  validCdr,
  validLocation,
  validSession,
  validTariff,
  type Json,
} from '#ocpi/test-support/ocpi-fixtures.js';
import { ApiHarness, CPO_TOKEN } from '../test-support/api-harness.js';

/**
 * Issue 9, item 2: malformed OCPI input is refused with 400 / 2001, the message names the field
 * by its JSON path, and nothing is stored (each case reads the object back: 404). One test per
 * refusal, in every module the receiver takes.
 */

type Module = 'locations' | 'tariffs' | 'sessions' | 'cdrs';

interface Refusal {
  /** The module and the id the body is sent under (PUT) or carries (POST /cdrs). */
  readonly module: Module;
  readonly id: string;
  readonly body: Json;
  /** The JSON path the status_message must name. */
  readonly field: string;
}

/** A copy of `json` with `value` at `path` (`a.b[0].c`). */
function withValue(json: Json, path: string, value: unknown): Json {
  const copy = structuredClone(json);
  const keys = path.split(/\.|\[(\d+)\]/).filter((key) => key !== undefined && key !== '');
  let parent = copy as Record<string, unknown>;
  for (const key of keys.slice(0, -1)) parent = parent[key] as Record<string, unknown>;
  parent[keys.at(-1)!] = value;
  return copy;
}

/** A refusal of `module`'s valid fixture with `value` at `path`; `field` defaults to `path`. */
function refusal(module: Module, valid: (overrides: Json) => Json) {
  return (id: string, path: string, value: unknown, field = path, extra: Json = {}): Refusal => ({
    module,
    id,
    body: withValue(valid({ id, ...extra }), path, value),
    field,
  });
}

const location = refusal('locations', validLocation);
const tariff = refusal('tariffs', validTariff);
const session = refusal('sessions', validSession);
const cdr = refusal('cdrs', validCdr);

const NOT_A_DATE = '2026-02-30T10:00:00Z';
const NOTHING_LIKE_A_DATE = '2026-13-45T99:99:99Z';
const TOO_LONG_ADDRESS = 'a'.repeat(256);
const R = 'elements[0].restrictions.';
const closing = (period_begin: string, period_end: string) => ({
  twentyfourseven: true,
  exceptional_closings: [{ period_begin, period_end }],
});
const SIGNED = {
  encoding_method: 'OCMF',
  signed_values: [{ nature: 'Start', plain_data: 'OCMF|{}', signed_data: 'c2lnbmVk' }],
};

const REFUSALS: Array<[string, Refusal]> = [
  // Dates that are not in the calendar, at the top and nested.
  ['Location last_updated Feb 30', location('L-DATE', 'last_updated', NOT_A_DATE)],
  [
    'Location connector last_updated month 13',
    location('L-DATE2', 'evses[0].connectors[0].last_updated', NOTHING_LIKE_A_DATE),
  ],
  ['Session start_date_time Feb 30', session('S-DATE', 'start_date_time', NOT_A_DATE)],
  ['CDR end_date_time month 13', cdr('C-DATE', 'end_date_time', NOTHING_LIKE_A_DATE)],
  [
    'CDR charging period start Feb 30',
    cdr('C-DATE2', 'charging_periods[0].start_date_time', NOT_A_DATE),
  ],
  ['Tariff start_date_time Feb 30', tariff('T-DATE', 'start_date_time', NOT_A_DATE)],
  [
    'Tariff restriction start_date Feb 30',
    tariff('T-RDATE', 'elements[0].restrictions', { start_date: '2026-02-30' }, R + 'start_date'),
  ],
  [
    'Tariff restriction end_time 24:00',
    tariff('T-RTIME', 'elements[0].restrictions', { end_time: '24:00' }, R + 'end_time'),
  ],
  // Negative quantities.
  ['CDR negative total_energy', cdr('C-NEG1', 'total_energy', -1)],
  ['CDR negative total_time', cdr('C-NEG2', 'total_time', -0.5)],
  ['CDR negative total_parking_time', cdr('C-NEG3', 'total_parking_time', -0.25)],
  ['CDR negative ENERGY volume', cdr('C-NEG4', 'charging_periods[0].dimensions[0].volume', -10)],
  ['Session negative kwh', session('S-NEG', 'kwh', -0.001)],
  [
    'Location negative max_electric_power',
    location('L-NEG', 'evses[0].connectors[0].max_electric_power', -11000),
  ],
  [
    'Tariff negative component price',
    tariff('T-NEG', 'elements[0].price_components[0].price', -0.25),
  ],
  [
    'Tariff negative max_current restriction',
    tariff('T-NEG2', 'elements[0].restrictions', { max_current: -16 }, R + 'max_current'),
  ],
  // Currencies outside ISO 4217.
  ['CDR currency ZZZ', cdr('C-CUR', 'currency', 'ZZZ')],
  ['Session currency ZZZ', session('S-CUR', 'currency', 'ZZZ')],
  ['Tariff currency ZZZ', tariff('T-CUR', 'currency', 'ZZZ')],
  // Control and non-printable characters.
  ['CDR id with U+0000', cdr('C-NUL\u0000X', 'id', 'C-NUL\u0000X')],
  ['CDR remark with ESC', cdr('C-ESC', 'remark', 'charged \u001b[31m')],
  ['CDR token uid (CiString) with non-ASCII', cdr('C-UID', 'cdr_token.uid', 'Ünïcode')],
  ['Location name with a line break', location('L-LF', 'name', 'Gent\nZuid')],
  ['Location EVSE uid with a tab', location('L-TAB', 'evses[0].uid', 'EVSE\t1')],
  [
    'Location connector tariff id with DEL',
    // A list item is named by its list (class-validator reports `each` rules on the list).
    location(
      'L-DEL',
      'evses[0].connectors[0].tariff_ids[0]',
      'T\u007f',
      'connectors[0].tariff_ids',
    ),
  ],
  ['Location extension field with U+0001', location('L-EXT', 'x_extension', 'a\u0001b')],
  ['Session id with a tab', session('S-TAB\tX', 'id', 'S-TAB\tX')],
  // Numbers as strings, a tariff ending before it starts, coordinates out of range.
  ['CDR total_cost as a string', cdr('C-STR', 'total_cost.excl_vat', '2.5')],
  ['Tariff price as a string', tariff('T-STR', 'elements[0].price_components[0].price', '0.25')],
  [
    'CDR embedded tariff price as a string',
    cdr('C-STR2', 'tariffs[0].elements[0].price_components[0].price', '0.25'),
  ],
  [
    'Tariff ending before it starts',
    tariff('T-END', 'end_date_time', '2026-01-31T00:00:00Z', 'end_date_time', {
      start_date_time: '2026-02-01T00:00:00Z',
    }),
  ],
  ['Location latitude 95', location('L-LAT', 'coordinates.latitude', '95.000000')],
  ['Location longitude -181', location('L-LON', 'coordinates.longitude', '-181.000000')],
  ['CDR location latitude 91', cdr('C-LAT', 'cdr_location.coordinates.latitude', '91.000000')],
  // Lengths over the spec's limits (one field, one limit in every module).
  ['Location address of 256', location('L-LEN', 'address', TOO_LONG_ADDRESS)],
  ['CDR location address of 256', cdr('C-LEN', 'cdr_location.address', TOO_LONG_ADDRESS)],
  ['CDR location state of 46', cdr('C-LEN2', 'cdr_location.state', 's'.repeat(46))],
  // The nested classes the ledger keeps as sent without using them.
  [
    'Location exceptional closing Feb 30',
    location(
      'L-HOURS',
      'opening_times',
      closing(NOT_A_DATE, '2026-03-01T00:00:00Z'),
      'opening_times.exceptional_closings[0].period_begin',
    ),
  ],
  [
    'Location exceptional closing ending before it begins',
    location(
      'L-HOURS2',
      'opening_times',
      closing('2026-03-01T10:00:00Z', '2026-03-01T09:00:00Z'),
      'opening_times.exceptional_closings[0].period_end',
    ),
  ],
  [
    'EVSE status schedule month 13',
    location(
      'L-SCHED',
      'evses[0].status_schedule',
      [{ period_begin: NOTHING_LIKE_A_DATE, status: 'BLOCKED' }],
      'evses[0].status_schedule[0].period_begin',
    ),
  ],
  [
    'Location energy mix share of 101 %',
    location(
      'L-MIX',
      'energy_mix',
      { is_green_energy: false, energy_sources: [{ source: 'SOLAR', percentage: 101 }] },
      'energy_mix.energy_sources[0].percentage',
    ),
  ],
  [
    'Location related location latitude -90.5',
    location(
      'L-REL',
      'related_locations',
      [{ latitude: '-90.500000', longitude: '13.404954' }],
      'related_locations[0].latitude',
    ),
  ],
  [
    'CDR signed value with a carriage return',
    cdr(
      'C-SIGN',
      'signed_data',
      { ...SIGNED, signed_values: [{ ...SIGNED.signed_values[0], nature: 'Start\r' }] },
      'signed_data.signed_values[0].nature',
    ),
  ],
];

describe('OCPI receiver refuses malformed input (400 / 2001, field named, nothing stored)', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await ApiHarness.start();
    await api.registerStandardPartners();
  });
  afterAll(async () => {
    await api.stop();
  });

  const cpo = () => api.ocpiToken(CPO_TOKEN);
  const path = (module: Module, id: string) =>
    `/ocpi/2.2.1/${module}/DE/ABC/${encodeURIComponent(id)}`;

  function send({ module, id, body }: Refusal) {
    const request =
      module === 'cdrs' ? api.http().post('/ocpi/2.2.1/cdrs') : api.http().put(path(module, id));
    return request.set('Authorization', cpo()).send(body);
  }

  /** The object read back: the receiver's own GET, and for a CDR the ledger's view too. */
  async function readBack({ module, id }: Refusal): Promise<number[]> {
    const own = await api.http().get(path(module, id)).set('Authorization', cpo());
    if (module !== 'cdrs') return [own.status];
    const ledger = await api
      .http()
      .get(`/v1/cdrs/DE/ABC/${encodeURIComponent(id)}`)
      .set('Authorization', api.admin());
    return [own.status, ledger.status];
  }

  it.each(REFUSALS)('%s', async (_name, refusal) => {
    const response = await send(refusal);
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ status_code: 2001, data: null });
    expect(response.body.status_message).toContain(refusal.field);
    expect(await readBack(refusal)).toEqual(refusal.module === 'cdrs' ? [404, 404] : [404]);
  });

  it('a Location PATCH with a date not in the calendar changes nothing', async () => {
    const url = path('locations', 'L-PATCH');
    expect(
      (
        await api
          .http()
          .put(url)
          .set('Authorization', cpo())
          .send(validLocation({ id: 'L-PATCH' }))
      ).status,
    ).toBe(200);
    const response = await api
      .http()
      .patch(url)
      .set('Authorization', cpo())
      .send({ name: 'Renamed', last_updated: NOT_A_DATE });
    expect(response.status).toBe(400);
    expect(response.body.status_code).toBe(2001);
    expect(response.body.status_message).toContain('last_updated');
    const held = await api.http().get(url).set('Authorization', cpo());
    expect(held.body.data).toMatchObject({
      name: 'Gent Zuid',
      last_updated: '2026-01-01T00:00:00Z',
    });
  });

  it('refuses a partner name with U+0000 (it would reach invoices); nothing is registered', async () => {
    const partner = { country_code: 'BE', party_id: 'NUL', role: 'EMSP', token: 'nul-token' };
    const refused = await api
      .http()
      .post('/admin/partners')
      .set('Authorization', api.admin())
      .send({ ...partner, name: 'Evil\u0000Co' });
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ error: 'invalid_body', field: 'name' });
    const registered = await api
      .http()
      .post('/admin/partners')
      .set('Authorization', api.admin())
      .send({ ...partner, name: 'Fine Co' });
    expect(registered.status).toBe(201);
  });

  it('accepts the same fields at their limits: a CDR copying a 255-character Location address', async () => {
    const address = 'a'.repeat(255);
    const put = await api
      .http()
      .put(path('locations', 'L-LONG'))
      .set('Authorization', cpo())
      .send(validLocation({ id: 'L-LONG', address }));
    expect(put.status).toBe(200);
    const body = withValue(validCdr({ id: 'C-LONG' }), 'cdr_location.address', address);
    const post = await api.http().post('/ocpi/2.2.1/cdrs').set('Authorization', cpo()).send(body);
    expect(post.status).toBe(201);
  });
});

describe('the edge refuses what cannot be read (before any validation)', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await ApiHarness.start();
    await api.registerStandardPartners();
  });
  afterAll(async () => {
    await api.stop();
  });

  /** A CDR (as JSON text) with an extension nested so that the whole body has `depth` levels. */
  function cdrOfDepth(id: string, depth: number): string {
    const nested = '{"x":'.repeat(depth - 1) + '1' + '}'.repeat(depth - 1);
    return JSON.stringify(validCdr({ id })).replace(/}$/, `,"x_nested":${nested}}`);
  }

  const post = (body: Json | string) =>
    api
      .http()
      .post('/ocpi/2.2.1/cdrs')
      .set('Authorization', api.ocpiToken(CPO_TOKEN))
      .set('Content-Type', 'application/json')
      .send(typeof body === 'string' ? body : JSON.stringify(body));
  const ledger = (id: string) =>
    api.http().get(`/v1/cdrs/DE/ABC/${id}`).set('Authorization', api.admin());

  it('refuses JSON nested deeper than 32 levels with 400 / 2001, not 500; stores nothing', async () => {
    for (const depth of [33, 70, 5000]) {
      const response = await post(cdrOfDepth(`C-DEEP-${depth}`, depth));
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ status_code: 2001, data: null });
      expect(response.body.status_message).toContain('nested deeper than 32 levels');
      expect((await ledger(`C-DEEP-${depth}`)).status).toBe(404);
    }
    // Brackets inside strings do not count.
    const in_text = validCdr({ id: 'C-BRACKETS', remark: '['.repeat(100) });
    expect((await post(in_text)).status).toBe(201);
  });

  it('accepts a body of exactly 32 levels', async () => {
    expect((await post(cdrOfDepth('C-DEPTH-32', 32))).status).toBe(201);
  });

  it('answers an oversized body with 413 in the OCPI envelope; stores nothing', async () => {
    const response = await post(validCdr({ id: 'C-BIG', x_padding: 'x'.repeat(3_000_000) }));
    expect(response.status).toBe(413);
    expect(response.body).toMatchObject({ data: null, status_code: 2000 });
    expect((await ledger('C-BIG')).status).toBe(404);
  });

  it('refuses an as_of that is not in the calendar, naming it (400)', async () => {
    for (const as_of of ['2026-02-30', NOT_A_DATE, NOTHING_LIKE_A_DATE, '2026-02-28T24:00:00Z']) {
      const response = await api
        .http()
        .get(`/v1/partners/DE/ABC/balances?as_of=${encodeURIComponent(as_of)}`)
        .set('Authorization', api.admin());
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ error: 'validation_failed', field: 'as_of' });
    }
    const leap = await api
      .http()
      .get('/v1/partners/DE/ABC/balances?as_of=2028-02-29')
      .set('Authorization', api.admin());
    expect(leap.status).toBe(200);
    expect(leap.body.as_of).toBe('2028-02-29T00:00:00.000Z');
  });
});
