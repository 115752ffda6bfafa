import {
  validCdr,
  validCdrToken,
  validLocation,
  validTariff,
} from '#ocpi/test-support/ocpi-fixtures.js';
import { Decimal } from 'decimal.js';
import {
  EN16931_RULES_PRESENT,
  en16931FatalAsserts,
} from '#invoicing/test-support/en16931-validation.js';
import { child, children, parseXml, text } from '#invoicing/test-support/xml-reading.js';
import {
  AGREEMENT,
  type ApiHarness,
  CPO_TOKEN,
  EMSP_TOKEN,
  OTHER_CPO_TOKEN,
} from '../../test-support/api-harness.js';

export const BE_EMSP_TOKEN = 'emsp-token-BE-EMS';
export const HUB_TOKEN = 'hub-token-NL-HUB';
/** The CPO's name has markup in it: the HTML rendering must escape it. */
export const CPO_NAME = 'Charge <b>ABC</b> & Co';

/** A reverse-charge agreement of the same CPO with a Belgian eMSP. */
export const REVERSE_CHARGE_AGREEMENT = {
  id: 'DEABC-BEEMS',
  cpo: { country_code: 'DE', party_id: 'ABC' },
  emsp: { country_code: 'BE', party_id: 'EMS' },
  currency: 'EUR',
  price_tolerance: '0.01',
  fees: [],
  vat_treatment: 'reverse_charge',
};

const PARTNERS = [
  {
    country_code: 'DE',
    party_id: 'ABC',
    role: 'CPO',
    name: CPO_NAME,
    token: CPO_TOKEN,
    vat_id: 'DE123456789',
    electronic_address: { scheme: '9930', id: 'DE123456789' },
  },
  {
    country_code: 'NL',
    party_id: 'XYZ',
    role: 'EMSP',
    name: 'Mobility XYZ',
    token: EMSP_TOKEN,
    vat_id: 'NL123456789B01',
  },
  { country_code: 'FR', party_id: 'OTH', role: 'CPO', name: 'Other CPO', token: OTHER_CPO_TOKEN },
  {
    country_code: 'BE',
    party_id: 'EMS',
    role: 'EMSP',
    name: 'EMS Belgium',
    token: BE_EMSP_TOKEN,
    vat_id: 'BE0123456789',
  },
  {
    country_code: 'NL',
    party_id: 'HUB',
    role: 'HUB',
    name: 'Roaming Hub',
    token: HUB_TOKEN,
    vat_id: 'NL999999999B01',
  },
];

async function expectStatus(response: Promise<{ status: number; text: string }>, status: number) {
  const result = await response;
  if (result.status !== status) {
    throw new Error(`expected ${status}, got ${result.status}: ${result.text}`);
  }
  return result;
}

/** Partners (with VAT ids), both agreements, a Location and a tariff of the CPO. */
export async function setUpSettlement(api: ApiHarness): Promise<void> {
  const admin = api.admin();
  for (const partner of PARTNERS) {
    await expectStatus(
      api.http().post('/admin/partners').set('Authorization', admin).send(partner),
      201,
    );
  }
  for (const agreement of [AGREEMENT, REVERSE_CHARGE_AGREEMENT]) {
    await expectStatus(
      api.http().post('/admin/agreements').set('Authorization', admin).send(agreement),
      201,
    );
  }
  const cpo = api.ocpiToken(CPO_TOKEN);
  await expectStatus(
    api
      .http()
      .put('/ocpi/2.2.1/locations/DE/ABC/LOC1')
      .set('Authorization', cpo)
      .send(validLocation()),
    200,
  );
  await expectStatus(
    api.http().put('/ocpi/2.2.1/tariffs/DE/ABC/T1').set('Authorization', cpo).send(validTariff()),
    200,
  );
}

/** Posts a CDR of the CPO (to NL/XYZ, or to BE/EMS with `emsp: 'BE'`); expects it posted. */
export async function postCdr(
  api: ApiHarness,
  id: string,
  options: { emsp?: 'NL' | 'BE'; credit_of?: string } = {},
): Promise<void> {
  const token =
    options.emsp === 'BE'
      ? validCdrToken({ country_code: 'BE', party_id: 'EMS', contract_id: 'BE-EMS-C1' })
      : validCdrToken();
  const credit =
    options.credit_of === undefined
      ? {}
      : {
          credit: true,
          credit_reference_id: options.credit_of,
          total_cost: { excl_vat: -2.5, incl_vat: -2.75 },
        };
  await expectStatus(
    api
      .http()
      .post('/ocpi/2.2.1/cdrs')
      .set('Authorization', api.ocpiToken(CPO_TOKEN))
      .send(validCdr({ id, cdr_token: token, ...credit })),
    201,
  );
  const view = await api.http().get(`/v1/cdrs/DE/ABC/${id}`).set('Authorization', api.admin());
  if (view.body.status !== 'POSTED' && view.body.status !== 'CREDITED') {
    throw new Error(`CDR ${id} is ${String(view.body.status)}: ${JSON.stringify(view.body.hold)}`);
  }
}

export function closePeriod(api: ApiHarness, agreement_id: string, body: object = {}) {
  return api
    .http()
    .post(`/v1/agreements/${agreement_id}/statements`)
    .set('Authorization', api.admin())
    .send(body);
}

/**
 * Reads a UBL document back: every mandatory business term these documents use is present and
 * the amounts satisfy BR-CO-10 .. BR-CO-16 as written in the XML (decimal arithmetic).
 */
export function checkUbl(xml: string): { root: unknown; type: 'INVOICE' | 'CREDIT_NOTE' } {
  const document = parseXml(xml);
  const credit = child(document, 'CreditNote') !== undefined;
  const root = child(document, credit ? 'CreditNote' : 'Invoice');
  const seller = ['cac:AccountingSupplierParty', 'cac:Party'];
  const buyer = ['cac:AccountingCustomerParty', 'cac:Party'];
  const mandatory: (readonly string[])[] = [
    ['cbc:CustomizationID'], // BT-24
    ['cbc:ID'], // BT-1
    ['cbc:IssueDate'], // BT-2
    [credit ? 'cbc:CreditNoteTypeCode' : 'cbc:InvoiceTypeCode'], // BT-3
    ['cbc:DocumentCurrencyCode'], // BT-5
    [...seller, 'cac:PartyLegalEntity', 'cbc:RegistrationName'], // BT-27
    [...seller, 'cac:PostalAddress', 'cac:Country', 'cbc:IdentificationCode'], // BT-40
    [...buyer, 'cac:PartyLegalEntity', 'cbc:RegistrationName'], // BT-44
    [...buyer, 'cac:PostalAddress', 'cac:Country', 'cbc:IdentificationCode'], // BT-55
    ['cac:TaxTotal', 'cbc:TaxAmount'], // BT-110
    ['cac:LegalMonetaryTotal', 'cbc:LineExtensionAmount'], // BT-106
    ['cac:LegalMonetaryTotal', 'cbc:TaxExclusiveAmount'], // BT-109
    ['cac:LegalMonetaryTotal', 'cbc:TaxInclusiveAmount'], // BT-112
    ['cac:LegalMonetaryTotal', 'cbc:PayableAmount'], // BT-115
  ];
  for (const path of mandatory) {
    if (text(root, ...path) === undefined) throw new Error(`missing ${path.join('/')}`);
  }
  const amount = (node: unknown, ...path: string[]) => new Decimal(text(node, ...path) ?? 'NaN');
  const total = (name: string) => amount(root, 'cac:LegalMonetaryTotal', name);
  const lines = children(root, credit ? 'cac:CreditNoteLine' : 'cac:InvoiceLine');
  if (lines.length === 0) throw new Error('a document without lines');
  const line_sum = lines.reduce<Decimal>(
    (sum, line) => sum.plus(amount(line, 'cbc:LineExtensionAmount')),
    new Decimal(0),
  );
  const subtotals = children(child(root, 'cac:TaxTotal'), 'cac:TaxSubtotal');
  const tax_sum = subtotals.reduce<Decimal>(
    (sum, subtotal) => sum.plus(amount(subtotal, 'cbc:TaxAmount')),
    new Decimal(0),
  );
  const vat = amount(root, 'cac:TaxTotal', 'cbc:TaxAmount');
  const rules: [string, boolean][] = [
    ['BR-CO-10', total('cbc:LineExtensionAmount').equals(line_sum)],
    ['BR-CO-13', total('cbc:TaxExclusiveAmount').equals(total('cbc:LineExtensionAmount'))],
    ['BR-CO-14', vat.equals(tax_sum)],
    ['BR-CO-15', total('cbc:TaxInclusiveAmount').equals(total('cbc:TaxExclusiveAmount').plus(vat))],
    ['BR-CO-16', total('cbc:PayableAmount').equals(total('cbc:TaxInclusiveAmount'))],
  ];
  for (const subtotal of subtotals) {
    // BR-CO-17: VAT = taxable x rate / 100, rounded to two decimals.
    const expected = amount(subtotal, 'cbc:TaxableAmount')
      .times(amount(subtotal, 'cac:TaxCategory', 'cbc:Percent'))
      .dividedBy(100)
      .toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
    rules.push(['BR-CO-17', amount(subtotal, 'cbc:TaxAmount').equals(expected)]);
  }
  const broken = rules.filter(([, holds]) => !holds).map(([rule]) => rule);
  if (broken.length > 0) throw new Error(`violates ${broken.join(', ')}`);
  // And the official EN 16931 rules (../shared/en16931), when they are there.
  const fatal = EN16931_RULES_PRESENT ? en16931FatalAsserts(xml) : [];
  if (fatal.length > 0) throw new Error(`violates EN 16931: ${fatal.join('; ')}`);
  return { root, type: credit ? 'CREDIT_NOTE' : 'INVOICE' };
}
