import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { buildStatement } from '#settlement';
import { planDriverInvoices } from './driver-invoices.js';
import { invoicedCdrsOf } from './invoice-documents.js';
import { planInvoices } from './invoice-drafts.js';
import { renderInvoiceHtml } from './invoice-html.js';
import type { Invoice, InvoiceDraft, InvoiceParty } from './invoice.js';
import {
  isPeppolDocument,
  missingPeppolMasterData,
  refuseIncompletePeppolDocuments,
} from './peppol.js';
import { renderUblInvoice } from './ubl-invoice.js';
import {
  EN16931_RULES_PRESENT,
  EN16931_SKIP_REASON,
  en16931FatalAsserts,
} from './test-support/en16931-validation.js';
import {
  CPO,
  EMSP,
  HUB,
  cdrEntry,
  close,
  creditEntry,
  issue,
  terms,
} from './test-support/invoice-fixtures.js';
import { peppolRuleViolations } from './test-support/peppol-rules.js';
import { child, parseXml, text } from './test-support/xml-reading.js';

/** A CPO in Germany, an eMSP and a hub in the Netherlands, registered with full master data. */
const FULL: readonly InvoiceParty[] = [
  {
    party: CPO,
    name: 'Charge & Go <GmbH>',
    country_code: 'DE',
    vat_id: 'DE123456789',
    electronic_address: { scheme: '9930', id: 'DE123456789' },
    address: { street: 'Hauptstraße 1', city: 'Berlin', postal_code: '10115', country: 'DE' },
    contact: { name: 'Buchhaltung', email: 'billing@chargego.example', phone: '+49 30 123456' },
    payment: { means_code: '58', iban: 'DE89370400440532013000', bic: 'COBADEFFXXX' },
    legal_registration: { scheme: '0088', id: '4000001000005' },
  },
  {
    party: EMSP,
    name: 'Drive "Electric" B.V.',
    country_code: 'NL',
    vat_id: 'NL123456789B01',
    electronic_address: { scheme: '0106', id: '12345678' },
    address: { street: 'Kade 2', city: 'Amsterdam', postal_code: '1011 AB', country: 'NL' },
    contact: { name: 'Finance', email: 'ap@drive.example', phone: '+31 20 1234567' },
    payment: { means_code: '58', iban: 'NL91ABNA0417164300', bic: 'ABNANL2A' },
    legal_registration: { scheme: '0106', id: '12345678' },
    buyer_reference: 'PO-ROAMING-2026',
  },
  {
    party: HUB,
    name: 'Roaming Hub B.V.',
    country_code: 'NL',
    vat_id: 'NL987654321B01',
    electronic_address: { scheme: '9944', id: 'NL987654321B01' },
    address: { street: 'Stationsplein 9', city: 'Utrecht', postal_code: '3511 ED', country: 'NL' },
    contact: { name: 'Billing', email: 'billing@hub.example', phone: '+31 30 7654321' },
    payment: { means_code: '30', iban: 'NL02ABNA0123456789' },
    legal_registration: { scheme: '0106', id: '87654321' },
  },
];
const CONTEXT = { parties: FULL, invoiced_cdrs: [] };
const EXAMPLES = resolve(process.cwd(), '../shared/en16931/examples');

const january = (vat_treatment?: 'reverse_charge') => {
  const entries = [
    { cdr_id: 'CDR-1', excl_vat: '10.00', incl_vat: '11.90' },
    { cdr_id: 'CDR-2', excl_vat: '20.00', incl_vat: '24.20', country_of_supply: 'NL' },
  ].map((input, index) =>
    cdrEntry({
      ...input,
      posted_at: `2026-01-10T0${index}:00:00Z`,
      reverse_charge: vat_treatment === 'reverse_charge',
    }),
  );
  // CDR-3 arrives late: its session was in December, it is posted in January.
  const late = cdrEntry({
    cdr_id: 'CDR-3',
    excl_vat: '5.00',
    incl_vat: vat_treatment === 'reverse_charge' ? '5.00' : '5.95',
    posted_at: '2026-01-11T00:00:00Z',
    reverse_charge: vat_treatment === 'reverse_charge',
  });
  const session = { ...late.session, start_date_time: '2025-12-30T23:00:00Z' };
  const entries_all = [
    ...entries,
    { ...late, session: { ...session, end_date_time: '2025-12-31T00:30:00Z' } },
  ];
  return buildStatement(
    close({ entries: entries_all, terms: terms(vat_treatment ? { vat_treatment } : {}) }),
    null,
  );
};

const statement = january();
const [charges, fees] = planInvoices(statement, CONTEXT).map((draft, i) => issue(draft, i + 1));

/** February credits CDR-1: a credit note on each document that charged it. */
function creditNotes(): Invoice[] {
  const original = cdrEntry({
    cdr_id: 'CDR-1',
    posted_at: '2026-01-10T00:00:00Z',
    excl_vat: '10.00',
    incl_vat: '11.90',
  });
  const february = buildStatement(
    close({
      statement_id: 'ST-2026-02',
      period_end: '2026-03-01T00:00:00Z',
      closed_at: '2026-03-01T00:00:00Z',
      entries: [creditEntry(original, 'CDR-1-C', '2026-02-03T00:00:00Z')],
    }),
    statement,
  );
  const invoiced_cdrs = [...invoicedCdrsOf(charges!), ...invoicedCdrsOf(fees!)];
  return planInvoices(february, { ...CONTEXT, invoiced_cdrs }).map((d, i) => issue(d, 10 + i));
}

const reverse_charge = planInvoices(january('reverse_charge'), CONTEXT).map((d, i) =>
  issue(d, 20 + i),
);
const driver = planDriverInvoices(
  buildStatement(
    close({
      entries: [
        cdrEntry({
          cdr_id: 'CDR-D',
          contract_id: 'NL-XYZ-C00000001-A',
          excl_vat: '10.00',
          incl_vat: '12.10',
          posted_at: '2026-01-10T00:00:00Z',
        }),
      ],
    }),
    null,
  ),
  { markup_percent: '10', fee_per_session: '0.50' },
  { parties: FULL, drivers: [], invoiced_cdrs: [] },
).map((d, i) => issue(d, 30 + i));

const [charges_credit, fees_credit] = creditNotes();
const DOCUMENTS: [string, Invoice][] = [
  ['B2B charges, seller DE (CPO -> eMSP)', charges!],
  ['fees, seller NL (hub -> CPO)', fees!],
  ['credit note of charges, seller DE', charges_credit!],
  ['credit note of fees, seller NL', fees_credit!],
  ['reverse charge B2B, seller DE', reverse_charge[0]!],
  ['reverse charge fees, seller NL', reverse_charge[1]!],
  ['driver invoice (eMSP NL -> driver)', driver[0]!],
]; // prettier-ignore

describe('Peppol BIS Billing 3.0 with full master data (issue 18)', () => {
  const peppol = DOCUMENTS.filter(([, invoice]) => isPeppolDocument(invoice));

  it('goes over Peppol between partners with electronic addresses; drivers get EN 16931', () => {
    expect(peppol.map(([name]) => name)).toHaveLength(6);
    const xml = renderUblInvoice(driver[0]!);
    expect(xml).toContain('<cbc:CustomizationID>urn:cen.eu:en16931:2017</cbc:CustomizationID>');
  });

  it.each(peppol)('%s meets every PEPPOL-EN16931 rule and its national rules', (_name, doc) => {
    expect(missingPeppolMasterData(doc)).toEqual([]);
    expect(peppolRuleViolations(renderUblInvoice(doc))).toEqual([]);
  });

  it('carries addresses, contact, PaymentMeans with the invoice number, the buyer reference', () => {
    const root = child(parseXml(renderUblInvoice(charges!)), 'Invoice');
    const seller = ['cac:AccountingSupplierParty', 'cac:Party'];
    expect(text(root, ...seller, 'cac:PostalAddress', 'cbc:StreetName')).toBe('Hauptstraße 1');
    expect(text(root, ...seller, 'cac:Contact', 'cbc:ElectronicMail')).toBe('billing@chargego.example');
    expect(text(root, 'cac:PaymentMeans', 'cbc:PaymentMeansCode')).toBe('58');
    expect(text(root, 'cac:PaymentMeans', 'cbc:PaymentID')).toBe(charges!.number);
    expect(text(root, 'cac:PaymentMeans', 'cac:PayeeFinancialAccount', 'cbc:ID')).toBe('DE89370400440532013000');
    expect(text(root, 'cbc:BuyerReference')).toBe('PO-ROAMING-2026');
    expect(text(root, 'cac:AccountingCustomerParty', 'cac:Party', 'cac:PartyLegalEntity', 'cbc:CompanyID')).toBe('12345678');
  }); // prettier-ignore

  it('shows the same master data on the HTML document', () => {
    const html = renderInvoiceHtml(charges!);
    expect(html).toContain('Hauptstraße 1');
    expect(html).toContain('Buchhaltung, +49 30 123456, billing@chargego.example');
    expect(html).toContain(`Pay to IBAN DE89370400440532013000, BIC COBADEFFXXX, reference ${charges!.number}.`);
  }); // prettier-ignore

  it('covers the supply dates of its lines (a late CDR); the statement keeps its window', () => {
    expect(charges!.period).toEqual({ start_date: '2025-12-30', end_date: '2026-01-09' });
    expect(statement.period_start).toBe('2026-01-01T00:00:00Z');
    expect(charges_credit!.period).toEqual({ start_date: '2026-01-09', end_date: '2026-01-09' });
  });

  (EN16931_RULES_PRESENT ? it : it.skip)(
    EN16931_RULES_PRESENT ? 'every document passes the EN 16931 rules (zero fatal)' : EN16931_SKIP_REASON,
    () => {
      // The validator itself: an official example passes, a broken total is caught.
      const example = readdirSync(EXAMPLES).find((file) => file.endsWith('.xml'))!;
      expect(en16931FatalAsserts(readFileSync(join(EXAMPLES, example), 'utf8'))).toEqual([]);
      const broken = renderUblInvoice(charges!).replace(
        /<cbc:PayableAmount currencyID="EUR">[^<]*</,
        '<cbc:PayableAmount currencyID="EUR">1.00<',
      );
      expect(en16931FatalAsserts(broken).join('\n')).toContain('BR-CO-16');
      for (const [name, doc] of DOCUMENTS) {
        expect([name, en16931FatalAsserts(renderUblInvoice(doc))]).toEqual([name, []]);
      }
    },
    180_000,
  ); // prettier-ignore
});

describe('Peppol rules refuse what master data lacks (issue 18)', () => {
  const without = (party: InvoiceParty, drop: Partial<InvoiceParty>): InvoiceParty => ({
    ...party,
    ...drop,
  });
  const plan = (parties: readonly InvoiceParty[]): InvoiceDraft[] =>
    planInvoices(statement, { parties, invoiced_cdrs: [] });
  const [cpo, emsp, hub] = FULL as [InvoiceParty, InvoiceParty, InvoiceParty];

  it('NL-R-002, NL-R-003, NL-R-007: a Dutch hub without address or bank details, a GLN', () => {
    const gln = { scheme: '0088', id: '4000001000005' };
    const bare = without(hub, { address: null, legal_registration: gln, payment: null });
    const fee_doc = issue(plan([cpo, emsp, bare])[1]!, 2);
    expect(peppolRuleViolations(renderUblInvoice(fee_doc))).toEqual([
      'NL-R-002',
      'NL-R-003',
      'NL-R-007',
    ]);
    expect(missingPeppolMasterData(fee_doc).map((m) => [m.role, m.party, m.field, m.rule])).toEqual(
      [
        ['seller', HUB, 'postal_address.street', 'NL-R-002'],
        ['seller', HUB, 'postal_address.city', 'NL-R-002'],
        ['seller', HUB, 'postal_address.post_code', 'NL-R-002'],
        ['seller', HUB, 'legal_registration.scheme', 'NL-R-003'],
        ['seller', HUB, 'payment', 'NL-R-007'],
      ],
    );
  });

  it('NL-R-004, NL-R-005, NL-R-008: a Dutch buyer without address or KvK; a means code', () => {
    const hub_cash = without(hub, { payment: { means_code: '31', iban: 'NL02ABNA0123456789' } });
    const cpo_nl = without(cpo, {
      address: { ...cpo.address!, country: 'NL' },
      legal_registration: { scheme: '0088', id: '4000001000005' },
    });
    const bare_cpo = without(cpo_nl, {
      address: { street: null, city: null, postal_code: null, country: 'NL' },
    });
    const fee_doc = issue(plan([bare_cpo, emsp, hub_cash])[1]!, 2);
    expect(peppolRuleViolations(renderUblInvoice(fee_doc))).toEqual([
      'NL-R-004',
      'NL-R-005',
      'NL-R-008',
    ]);
    expect(missingPeppolMasterData(fee_doc).map((m) => m.rule)).toEqual([
      'NL-R-008',
      'NL-R-004',
      'NL-R-004',
      'NL-R-004',
      'NL-R-005',
    ]);
  });

  it('DE-R-1..9, 13, 16: a German CPO without contact, bank details, VAT id; buyer without city', () => {
    const bare_cpo = without(cpo, {
      contact: null,
      payment: null,
      vat_id: null,
      address: { street: 'x', city: null, postal_code: null, country: 'DE' },
    });
    const bare_emsp = without(emsp, { address: null });
    const doc = issue(plan([bare_cpo, bare_emsp, hub])[0]!, 1);
    expect(peppolRuleViolations(renderUblInvoice(doc))).toEqual([
      'DE-R-1',
      'DE-R-2',
      'DE-R-3',
      'DE-R-4',
      'DE-R-5',
      'DE-R-6',
      'DE-R-7',
      'DE-R-8',
      'DE-R-9',
      'DE-R-13',
      'DE-R-16',
    ]);
    expect(missingPeppolMasterData(doc).map((m) => `${m.role}:${m.field}`)).toEqual([
      'seller:payment',
      'seller:contact',
      'seller:postal_address.city',
      'seller:postal_address.post_code',
      'seller:contact.name',
      'seller:contact.phone',
      'seller:contact.email',
      'seller:vat_id',
      'buyer:postal_address.city',
      'buyer:postal_address.post_code',
    ]);
  });

  it('refuses to plan documents an access point would reject, naming party, field and rule', () => {
    const bare = without(hub, { payment: null });
    const drafts = plan([cpo, emsp, bare]);
    let refusal: { code?: string; field?: string; message?: string } = {};
    try {
      refuseIncompletePeppolDocuments(drafts);
    } catch (error) {
      refusal = error as typeof refusal;
    }
    expect(refusal.code).toBe('invoice_master_data_missing');
    expect(refusal.field).toBe('partners.NL/HUB.payment');
    expect(refusal.message).toContain('seller NL/HUB: payment (NL-R-007)');
    expect(() => refuseIncompletePeppolDocuments(plan(FULL))).not.toThrow();
  });

  it('NL-R-001: a Dutch credit note must reference the invoice it corrects', () => {
    const orphan = { ...fees_credit!, preceding_invoice: null };
    expect(peppolRuleViolations(renderUblInvoice(orphan))).toEqual(['NL-R-001']);
    expect(missingPeppolMasterData(orphan).map((m) => m.rule)).toEqual(['NL-R-001']);
  });

  it('PEPPOL-COMMON-R043 / R040, R010 / R020: identifiers and electronic addresses', () => {
    const doc = { ...charges!, recipient: { ...charges!.recipient, legal_registration: { scheme: '0208', id: '0123456748' } } };
    expect(peppolRuleViolations(renderUblInvoice(doc))).toContain('PEPPOL-COMMON-R043');
    const gln = { ...charges!, issuer: { ...charges!.issuer, legal_registration: { scheme: '0088', id: '4000001000004' } } };
    expect(peppolRuleViolations(renderUblInvoice(gln))).toEqual(['PEPPOL-COMMON-R040']);
    const plain = { ...charges!, recipient: { ...charges!.recipient, electronic_address: null } };
    expect(isPeppolDocument(plain)).toBe(false);
    expect(peppolRuleViolations(renderUblInvoice(plain))).toEqual(
      expect.arrayContaining(['PEPPOL-EN16931-R001', 'PEPPOL-EN16931-R004', 'PEPPOL-EN16931-R010']),
    );
  }); // prettier-ignore
});

describe('national rules of the other Peppol countries (issue 18)', () => {
  const party = (country: string, overrides: Partial<InvoiceParty>): InvoiceParty => ({
    party: { country_code: country, party_id: 'SEL' },
    name: `Seller ${country}`,
    country_code: country,
    vat_id: null,
    electronic_address: null,
    address: { street: 'Street 1', city: 'City', postal_code: '1000', country },
    contact: { name: 'Billing', email: 'billing@seller.example', phone: '+1 234 5678' },
    payment: { means_code: '58', iban: 'DE89370400440532013000' },
    ...overrides,
  });
  const SELLERS: Record<string, InvoiceParty> = {
    DK: party('DK', {
      vat_id: 'DK12345678',
      electronic_address: { scheme: '0184', id: 'DK12345678' },
      legal_registration: { scheme: '0184', id: 'DK12345678' },
      payment: { means_code: '58', iban: 'DK5000400440116243', bic: 'DABADKKK' },
    }),
    IT: party('IT', {
      vat_id: 'IT12345678901',
      electronic_address: { scheme: '0211', id: 'IT12345678901' },
    }),
    IS: party('IS', {
      vat_id: 'IS123456',
      electronic_address: { scheme: '0196', id: '1234567890' },
      legal_registration: { scheme: '0196', id: '1234567890' },
      payment: { means_code: '58', iban: 'IS140159260076545510730339' },
    }),
    NO: party('NO', {
      vat_id: 'NO974760673MVA',
      electronic_address: { scheme: '0192', id: '974760673' },
    }),
    SE: party('SE', {
      vat_id: 'SE556036079301',
      electronic_address: { scheme: '0007', id: '5560360793' },
    }),
  };
  /** The charges invoice as if sold by `seller` to a buyer in the same country. */
  const sold = (seller: InvoiceParty, buyer: Partial<InvoiceParty> = {}): Invoice => ({
    ...charges!,
    issuer: { ...seller, party: CPO },
    recipient: { ...seller, party: EMSP, name: 'Buyer', ...buyer },
  });

  it.each(Object.entries(SELLERS))('a seller in %s with full master data meets them', (_, seller) => {
    const doc = sold(seller);
    expect(missingPeppolMasterData(doc)).toEqual([]);
    expect(peppolRuleViolations(renderUblInvoice(doc))).toEqual([]);
    if (EN16931_RULES_PRESENT) expect(en16931FatalAsserts(renderUblInvoice(doc))).toEqual([]);
  }, 60_000);

  it('DK-R-002, DK-R-005, DK-R-013: CVR number, Danish payment means, identifier schemes', () => {
    const dk = { ...SELLERS.DK!, legal_registration: null, payment: { means_code: '30', iban: 'DK5000400440116243' } };
    const doc = sold(dk);
    expect(peppolRuleViolations(renderUblInvoice(doc))).toEqual(['DK-R-002', 'DK-R-005']);
    expect(missingPeppolMasterData(doc).map((m) => `${m.field} ${m.rule}`)).toEqual([
      'legal_registration DK-R-002',
      'payment.means_code DK-R-005',
    ]);
    expect(renderUblInvoice(doc)).not.toContain('cac:PartyIdentification'); // DK-R-013
  });

  it('IT-R-002..004: an Italian seller without a postal address', () => {
    const doc = sold({ ...SELLERS.IT!, address: null });
    expect(peppolRuleViolations(renderUblInvoice(doc))).toEqual(['IT-R-002', 'IT-R-003', 'IT-R-004']);
    expect(missingPeppolMasterData(doc).map((m) => m.rule)).toEqual(['IT-R-002', 'IT-R-003', 'IT-R-004']);
  });

  it('IS-R-002, IS-R-007: Icelandic kennitala, and 42 needs a 12-digit account, not an IBAN', () => {
    const is = { ...SELLERS.IS!, legal_registration: null, payment: { means_code: '42', iban: 'IS140159260076545510730339' } };
    const doc = sold(is, { legal_registration: SELLERS.IS!.legal_registration });
    expect(peppolRuleViolations(renderUblInvoice(doc))).toEqual(['IS-R-002', 'IS-R-007']);
    expect(missingPeppolMasterData(doc).map((m) => m.rule)).toEqual(['IS-R-002', 'IS-R-007']);
  });

  it('NO-R-001, SE-R-001/002: VAT ids; GR-R-001: Greek invoice numbers the ledger cannot give', () => {
    const no = sold({ ...SELLERS.NO!, vat_id: 'NO974760674MVA' });
    expect(peppolRuleViolations(renderUblInvoice(no))).toEqual(['NO-R-001']);
    const se = sold({ ...SELLERS.SE!, vat_id: 'SE5560360793' });
    expect(peppolRuleViolations(renderUblInvoice(se))).toEqual(['SE-R-001', 'SE-R-002']);
    const gr = sold(party('GR', { vat_id: 'EL123456789', electronic_address: { scheme: '9933', id: '123456789' } }));
    expect(peppolRuleViolations(renderUblInvoice(gr))).toContain('GR-R-001-1');
    expect(missingPeppolMasterData(gr).map((m) => `${m.field} ${m.rule}`)).toEqual(['electronic_address GR-R-001']);
  });
}); // prettier-ignore
