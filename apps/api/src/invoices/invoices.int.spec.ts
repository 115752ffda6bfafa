import {
  AGREEMENT,
  ApiHarness,
  CPO_TOKEN,
  EMSP_TOKEN,
  OTHER_CPO_TOKEN,
} from '../test-support/api-harness.js';
import {
  BE_EMSP_TOKEN,
  CPO_NAME,
  HUB_TOKEN,
  REVERSE_CHARGE_AGREEMENT,
  checkUbl,
  closePeriod,
  postCdr,
  setUpSettlement,
} from '../statements/test-support/settlement-setup.js';

interface Summary {
  id: string;
  number: string;
  type: string;
  statement_id: string;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('reading invoices and statements', () => {
  let api: ApiHarness;
  let charges: Summary;
  let fees: Summary;

  beforeAll(async () => {
    api = await ApiHarness.start();
    await setUpSettlement(api);
    for (let period = 1; period <= 3; period += 1) {
      await postCdr(api, `CDR-${period}`);
      await sleep(2);
      const closed = await closePeriod(api, AGREEMENT.id);
      if (closed.status !== 201) throw new Error(`close ${period}: ${closed.text}`);
      [charges, fees] = closed.body.invoices as Summary[];
    }
    await postCdr(api, 'CDR-BE', { emsp: 'BE' });
    expect((await closePeriod(api, REVERSE_CHARGE_AGREEMENT.id)).status).toBe(201);
  });
  afterAll(async () => {
    await api.stop();
  });

  const get = (path: string, auth = api.admin()) => api.http().get(path).set('Authorization', auth);

  it('lists the documents a party issued or received, newest first, paged', async () => {
    const all = await get('/v1/partners/DE/ABC/invoices');
    expect(all.status).toBe(200);
    // 3 charges to NL/XYZ, 3 fee invoices from NL/HUB, 1 reverse-charge invoice to BE/EMS.
    expect(all.body.invoices).toHaveLength(7);
    expect(all.body.next_cursor).toBeUndefined();
    expect(all.body.invoices[0].recipient).toEqual({ country_code: 'BE', party_id: 'EMS' });
    const pages: Summary[][] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 10; page += 1) {
      const query = cursor === undefined ? '' : `&cursor=${cursor}`;
      const response = await get(`/v1/partners/DE/ABC/invoices?limit=3${query}`);
      expect(response.status).toBe(200);
      pages.push(response.body.invoices as Summary[]);
      cursor = response.body.next_cursor as string | undefined;
      if (cursor === undefined) break;
    }
    expect(pages.map((page) => page.length)).toEqual([3, 3, 1]);
    expect(pages.flat()).toEqual(all.body.invoices);
    expect((await get('/v1/partners/DE/ABC/invoices?limit=0')).status).toBe(400);
    expect((await get('/v1/partners/DE/ABC/invoices?cursor=!!')).status).toBe(400);
  });

  it('lets a partner see only its own documents (403 otherwise)', async () => {
    const emsp = await get('/v1/partners/NL/XYZ/invoices', api.ocpiToken(EMSP_TOKEN));
    expect(emsp.status).toBe(200);
    expect(emsp.body.invoices.map((i: Summary) => i.type)).toEqual([
      'INVOICE',
      'INVOICE',
      'INVOICE',
    ]);
    const hub = await get('/v1/partners/NL/HUB/invoices', api.ocpiToken(HUB_TOKEN));
    expect(hub.body.invoices).toHaveLength(3);
    const belgian = await get('/v1/partners/BE/EMS/invoices', api.ocpiToken(BE_EMSP_TOKEN));
    expect(belgian.body.invoices).toHaveLength(1);
    expect((await get('/v1/partners/DE/ABC/invoices', api.ocpiToken(EMSP_TOKEN))).status).toBe(403);
    expect((await get(`/v1/invoices/${charges.id}`, api.ocpiToken(EMSP_TOKEN))).status).toBe(200);
    expect((await get(`/v1/invoices/${charges.id}`, api.ocpiToken(CPO_TOKEN))).status).toBe(200);
    for (const suffix of ['', '.xml', '.html']) {
      const other = await get(
        `/v1/invoices/${charges.id}${suffix}`,
        api.ocpiToken(OTHER_CPO_TOKEN),
      );
      expect(other.status).toBe(403);
      const hub_reads = await get(`/v1/invoices/${charges.id}${suffix}`, api.ocpiToken(HUB_TOKEN));
      expect(hub_reads.status).toBe(403);
    }
    expect((await get(`/v1/invoices/${fees.id}`, api.ocpiToken(HUB_TOKEN))).status).toBe(200);
    expect((await api.http().get(`/v1/invoices/${charges.id}`)).status).toBe(401);
  });

  it('answers 404 for an unknown document in every format', async () => {
    for (const path of ['NOPE', 'NOPE.xml', 'NOPE.html', 'a.b.c', `${charges.id}.pdf`]) {
      expect((await get(`/v1/invoices/${path}`)).status).toBe(404);
    }
  });

  it('serves the UBL 2.1 document as application/xml', async () => {
    const xml = await get(`/v1/invoices/${charges.id}.xml`);
    expect(xml.status).toBe(200);
    expect(xml.headers['content-type']).toMatch(/^application\/xml/);
    expect(xml.text.startsWith('<?xml')).toBe(true);
    const { root, type } = checkUbl(xml.text);
    expect(type).toBe('INVOICE');
    expect(root).toBeDefined();
    expect(xml.text).toContain(`<cbc:ID>${charges.number}</cbc:ID>`);
    expect(xml.text).toContain('Charge &lt;b&gt;ABC&lt;/b&gt; &amp; Co');
    checkUbl((await get(`/v1/invoices/${fees.id}.xml`)).text);
  });

  it('serves HTML for people, with every text escaped', async () => {
    const html = await get(`/v1/invoices/${charges.id}.html`, api.ocpiToken(EMSP_TOKEN));
    expect(html.status).toBe(200);
    expect(html.headers['content-type']).toMatch(/^text\/html/);
    expect(html.text).toContain(charges.number);
    expect(html.text).toContain('Charge &lt;b&gt;ABC&lt;/b&gt; &amp; Co');
    expect(html.text).not.toContain(CPO_NAME);
    expect(html.text).not.toContain('<b>ABC</b>');
  });

  it('lists statements per agreement and per party, for staff and the parties', async () => {
    const agreement = await get(`/v1/agreements/${AGREEMENT.id}/statements?limit=2`);
    expect(agreement.status).toBe(200);
    expect(agreement.body.statements.map((s: { sequence: number }) => s.sequence)).toEqual([3, 2]);
    const rest = await get(
      `/v1/agreements/${AGREEMENT.id}/statements?limit=2&cursor=${agreement.body.next_cursor}`,
    );
    expect(rest.body.statements.map((s: { sequence: number }) => s.sequence)).toEqual([1]);
    expect(rest.body.next_cursor).toBeUndefined();
    const emsp = await get(`/v1/agreements/${AGREEMENT.id}/statements`, api.ocpiToken(EMSP_TOKEN));
    expect(emsp.body.statements).toHaveLength(3);
    const hub = await get(`/v1/agreements/${AGREEMENT.id}/statements`, api.ocpiToken(HUB_TOKEN));
    expect(hub.status).toBe(200);
    expect(
      (await get(`/v1/agreements/${AGREEMENT.id}/statements`, api.ocpiToken(BE_EMSP_TOKEN))).status,
    ).toBe(403);
    expect((await get('/v1/agreements/NOPE/statements')).status).toBe(404);
    const cpo = await get('/v1/partners/DE/ABC/statements', api.ocpiToken(CPO_TOKEN));
    expect(cpo.body.statements.map((s: { agreement_id: string }) => s.agreement_id)).toEqual([
      REVERSE_CHARGE_AGREEMENT.id,
      AGREEMENT.id,
      AGREEMENT.id,
      AGREEMENT.id,
    ]);
    const belgian = await get('/v1/partners/BE/EMS/statements', api.ocpiToken(BE_EMSP_TOKEN));
    expect(belgian.body.statements).toHaveLength(1);
    expect((await get('/v1/partners/DE/ABC/statements', api.ocpiToken(BE_EMSP_TOKEN))).status).toBe(
      403,
    );
  });
});

describe('partner VAT ids and electronic addresses (POST /admin/partners)', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await ApiHarness.start();
  });
  afterAll(async () => {
    await api.stop();
  });

  const register = (body: object) =>
    api.http().post('/admin/partners').set('Authorization', api.admin()).send(body);
  const base = { country_code: 'DE', party_id: 'VAT', role: 'CPO', name: 'VAT CPO', token: 't' };

  it('stores them; the same body again -> 200, other details -> 409', async () => {
    const body = {
      ...base,
      vat_id: 'DE123456789',
      electronic_address: { scheme: '0088', id: '4000001000005' },
    };
    const first = await register(body);
    expect(first.status).toBe(201);
    expect(first.body).toEqual({
      country_code: 'DE',
      party_id: 'VAT',
      role: 'CPO',
      name: 'VAT CPO',
      vat_id: 'DE123456789',
      electronic_address: { scheme: '0088', id: '4000001000005' },
    });
    expect((await register(body)).status).toBe(200);
    expect((await register({ ...body, vat_id: 'DE987654321' })).status).toBe(409);
    expect((await register(base)).status).toBe(409);
  });

  it('keeps partners without them as before', async () => {
    const plain = { ...base, party_id: 'PLN', token: 'plain' };
    const first = await register(plain);
    expect(first.status).toBe(201);
    expect(first.body).toEqual({
      country_code: 'DE',
      party_id: 'PLN',
      role: 'CPO',
      name: 'VAT CPO',
    });
    expect((await register(plain)).status).toBe(200);
    expect((await register({ ...plain, vat_id: 'DE123456789' })).status).toBe(409);
  });

  it('answers 400 naming a malformed field', async () => {
    const bad_vat = await register({ ...base, party_id: 'BAD', token: 'b1', vat_id: '12' });
    expect(bad_vat.status).toBe(400);
    expect(bad_vat.body.field).toBe('vat_id');
    const bad_address = await register({
      ...base,
      party_id: 'BAD',
      token: 'b2',
      electronic_address: { scheme: '0088' },
    });
    expect(bad_address.status).toBe(400);
    expect(bad_address.body.field).toBe('electronic_address.id');
  });
});
