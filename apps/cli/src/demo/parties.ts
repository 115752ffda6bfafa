/**
 * The cast of the demo month: three CPOs, two eMSPs and a roaming hub in three countries, and
 * their agreements (every CPO with every eMSP, EUR, fees to the hub). Static data.
 */

export type Role = 'CPO' | 'EMSP' | 'HUB';

export interface DemoParty {
  readonly country_code: string;
  readonly party_id: string;
  readonly role: Role;
  readonly name: string;
  /** The partner's OCPI token (fixed, so a re-run against the same server is idempotent). */
  readonly token: string;
  /** A made-up VAT identifier in the country's format, for the invoices. */
  readonly vat_id: string;
  /**
   * Made-up master data (issue 18) that passes each scheme's check: every party has a Peppol
   * electronic address, so the documents are Peppol BIS Billing 3.0 with the national rules.
   */
  readonly master_data: {
    readonly electronic_address: { readonly scheme: string; readonly id: string };
    readonly legal_registration?: { readonly scheme: string; readonly id: string };
    readonly postal_address: {
      readonly street: string;
      readonly city: string;
      readonly post_code: string;
      readonly country: string;
    };
    readonly contact: { readonly name: string; readonly email: string; readonly phone: string };
    readonly payment: { readonly iban: string; readonly bic: string };
  };
}

/** Per party: street, city, post code, phone, IBAN, BIC, KvK number (NL) or SIRET (FR). */
type Address = readonly [string, string, string, string, string, string, string?];

function party(cc: string, pid: string, role: Role, name: string, vat: string, at: Address) {
  const [street, city, post_code, phone, iban, bic, registration] = at;
  const vat_id = `${cc}${vat}`;
  const electronic_address =
    cc === 'DE'
      ? { scheme: '9930', id: vat_id }
      : cc === 'NL'
        ? { scheme: '0106', id: registration! }
        : { scheme: '0009', id: registration! };
  const legal_registration = registration && electronic_address;
  const demo: DemoParty = {
    country_code: cc,
    party_id: pid,
    role,
    name,
    token: `demo-token-${cc}-${pid}`,
    vat_id,
    master_data: {
      electronic_address,
      ...(legal_registration ? { legal_registration } : {}),
      postal_address: { street, city, post_code, country: cc },
      contact: {
        name: 'Accounts receivable',
        email: `billing@${pid.toLowerCase()}.example`,
        phone,
      },
      payment: { iban, bic },
    },
  };
  return demo;
}

const HUB = party('NL', 'HUB', 'HUB', 'RoamHub B.V.', '855012347B01', [
  'Stationsplein 9', 'Utrecht', '3511 ED', '+31 30 7654321', 'NL20INGB0001234567', 'INGBNL2A', '87654321',
]); // prettier-ignore
export const CPOS = [
  party('DE', 'ION', 'CPO', 'Ionstrom GmbH', '811234567', [
    'Voltastraße 5', 'Berlin', '13355', '+49 30 1234567', 'DE62370400440532013001', 'COBADEFFXXX',
  ]),
  party('NL', 'FLX', 'CPO', 'Flux Laadnetwerk B.V.', '861234560B01', [
    'Kade 12', 'Amsterdam', '1011 AB', '+31 20 1234567', 'NL64ABNA0417164301', 'ABNANL2A', '12345678',
  ]),
  party('FR', 'VOL', 'CPO', 'Volta Recharge SAS', '41512345678', [
    '3 rue Ampère', 'Lyon', '69002', '+33 4 12345678', 'FR1420041010050500013M02606', 'PSSTFRPPLYO', '51234567800012',
  ]),
] as const; // prettier-ignore
export const EMSPS = [
  party('NL', 'EVM', 'EMSP', 'EV Miles B.V.', '862345671B01', [
    'Coolsingel 40', 'Rotterdam', '3011 AD', '+31 10 1234567', 'NL44RABO0123456789', 'RABONL2U', '23456789',
  ]),
  party('DE', 'CHG', 'EMSP', 'ChargeGo GmbH', '298765432', [
    'Marienplatz 2', 'München', '80331', '+49 89 1234567', 'DE29100100100987654321', 'PBNKDEFFXXX',
  ]),
] as const; // prettier-ignore
export const PARTIES: readonly DemoParty[] = [...CPOS, ...EMSPS, HUB];

/** The hub's fee per agreement: a fixed amount per CDR plus a share of the cost excl. VAT. */
export interface DemoAgreement {
  readonly id: string;
  readonly cpo: DemoParty;
  readonly emsp: DemoParty;
  readonly per_cdr: string;
  readonly percent_of_cost: string;
}

const FEES: Record<string, readonly [string, string]> = {
  'DE-ION': ['0.15', '1.5'],
  'NL-FLX': ['0.20', '1'],
  'FR-VOL': ['0.18', '2'],
};

export const AGREEMENTS: readonly DemoAgreement[] = CPOS.flatMap((cpo) =>
  EMSPS.map((emsp) => {
    const [per_cdr, percent_of_cost] = FEES[`${cpo.country_code}-${cpo.party_id}`]!;
    return {
      id: `${cpo.country_code}${cpo.party_id}-${emsp.country_code}${emsp.party_id}`,
      cpo,
      emsp,
      per_cdr,
      percent_of_cost,
    };
  }),
);

export function agreementBody(agreement: DemoAgreement): Record<string, unknown> {
  const id = (p: DemoParty) => ({ country_code: p.country_code, party_id: p.party_id });
  return {
    id: agreement.id,
    cpo: id(agreement.cpo),
    emsp: id(agreement.emsp),
    currency: 'EUR',
    price_tolerance: '0.01',
    fees: [
      {
        beneficiary: id(HUB),
        per_cdr: agreement.per_cdr,
        percent_of_cost: agreement.percent_of_cost,
      },
    ],
  };
}
