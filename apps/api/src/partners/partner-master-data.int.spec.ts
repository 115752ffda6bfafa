import { ApiHarness, CPO_TOKEN } from '../test-support/api-harness.js';

/** Issue 18: master data at registration, checked by each scheme's rule, amended as events. */
describe('partner master data (POST /admin/partners, .../amendments)', () => {
  let api: ApiHarness;
  beforeEach(async () => {
    api = await ApiHarness.start();
  });
  afterEach(async () => {
    await api.stop();
  });

  const MASTER_DATA = {
    vat_id: 'de123456789',
    electronic_address: { scheme: '9930', id: 'DE123456789' },
    postal_address: { street: 'Hauptstraße 1', city: 'Berlin', post_code: '10115', country: 'de' },
    contact: { name: 'Billing', email: 'billing@abc.example', phone: '+49 30 1234567' },
    payment: { iban: 'DE89 3704 0044 0532 0130 00', bic: 'COBADEFFXXX' },
    legal_registration: { scheme: '0088', id: '4000001000005' },
  };
  const body = {
    country_code: 'DE',
    party_id: 'ABC',
    role: 'CPO',
    name: 'ABC',
    token: CPO_TOKEN,
    ...MASTER_DATA,
  };
  const register = (sent: object) =>
    api.http().post('/admin/partners').set('Authorization', api.admin()).send(sent);
  const amend = (sent: object) =>
    api
      .http()
      .post('/admin/partners/DE/ABC/amendments')
      .set('Authorization', api.admin())
      .send(sent);

  it('registers the master data normalised, idempotently', async () => {
    const first = await register(body);
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      vat_id: 'DE123456789',
      postal_address: {
        street: 'Hauptstraße 1',
        city: 'Berlin',
        post_code: '10115',
        country: 'DE',
      },
      payment: { iban: 'DE89370400440532013000', bic: 'COBADEFFXXX', means_code: '58' },
    });
    expect(first.body.token_sha256).toBeUndefined();
    expect((await register(body)).status).toBe(200);
  });

  it.each([
    ['payment.iban', { payment: { iban: 'DE89370400440532013001' } }],
    ['payment.iban', { payment: { iban: 'NL91ABNA041716430' } }],
    ['payment.bic', { payment: { iban: 'DE89370400440532013000', bic: 'COBAXXFF' } }],
    ['payment.means_code', { payment: { iban: 'DE89370400440532013000', means_code: '1' } }],
    ['electronic_address.id', { electronic_address: { scheme: '0208', id: '0123456788' } }],
    ['electronic_address.id', { electronic_address: { scheme: '0106', id: '1234567' } }],
    ['electronic_address.id', { electronic_address: { scheme: '9930', id: 'DE12345678' } }],
    ['electronic_address.id', { electronic_address: { scheme: '0088', id: '4000001000006' } }],
    ['electronic_address.id', { electronic_address: { scheme: '0192', id: '123456789' } }],
    ['electronic_address.scheme', { electronic_address: { scheme: '1234', id: 'X' } }],
    ['vat_id', { vat_id: 'NL123456789' }],
    [
      'postal_address.country',
      { postal_address: { ...MASTER_DATA.postal_address, country: 'XX' } },
    ],
    ['contact.email', { contact: { email: 'not an address' } }],
    ['legal_registration.id', { legal_registration: { scheme: '0106', id: 'KVK' } }],
  ])('refuses a bad %s (400 naming it), storing nothing', async (field, bad) => {
    const refused = await register({ ...body, ...bad });
    expect(refused.status).toBe(400);
    expect(refused.body.field).toBe(field);
    expect((await register(body)).status).toBe(201);
  });

  it('accepts the identifiers whose check digits are right', async () => {
    const good = [
      { scheme: '0208', id: '0123456749' },
      { scheme: '0106', id: '12345678' },
      { scheme: '0192', id: '974760673' },
      { scheme: '9944', id: 'NL123456789B01' },
    ];
    for (const [index, electronic_address] of good.entries()) {
      const party_id = `AB${index}`;
      const response = await register({
        ...body,
        party_id,
        token: `t-${index}`,
        electronic_address,
      });
      expect(response.status).toBe(201);
    }
  });

  it('amends from an effective time on, never retroactively, and checks the fields', async () => {
    expect((await register(body)).status).toBe(201);
    const future = '2099-01-01T00:00:00Z';
    const moved = { street: 'Neue Straße 5', city: 'Hamburg', post_code: '20095', country: 'DE' };
    const amended = await amend({ effective_from: future, postal_address: moved });
    expect(amended.status).toBe(201);
    expect(amended.body.postal_address).toEqual({
      ...moved,
      additional_street: null,
      country_subdivision: null,
    });
    expect(amended.body.payment.iban).toBe('DE89370400440532013000');
    expect((await amend({ effective_from: future, postal_address: moved })).status).toBe(200);

    const past = await amend({ effective_from: '2020-01-01T00:00:00Z', postal_address: moved });
    expect(past.status).toBe(409);
    expect(past.body.error).toBe('partner_amendment_retroactive');
    const bad_iban = await amend({ effective_from: future, payment: { iban: 'DE00' } });
    expect(bad_iban.status).toBe(400);
    expect(bad_iban.body.field).toBe('payment.iban');
    const no_time = await amend({ postal_address: moved });
    expect(no_time.status).toBe(400);
    expect(no_time.body.field).toBe('effective_from');
    const unknown = await api
      .http()
      .post('/admin/partners/NL/NOP/amendments')
      .set('Authorization', api.admin())
      .send({ effective_from: future, contact: { name: 'x' } });
    expect(unknown.status).toBe(404);
  });
});
