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
}

const party = (cc: string, pid: string, role: Role, name: string, vat: string): DemoParty => ({
  country_code: cc,
  party_id: pid,
  role,
  name,
  token: `demo-token-${cc}-${pid}`,
  vat_id: `${cc}${vat}`,
});

export const HUB = party('NL', 'HUB', 'HUB', 'RoamHub B.V.', '855012347B01');
export const CPOS = [
  party('DE', 'ION', 'CPO', 'Ionstrom GmbH', '811234567'),
  party('NL', 'FLX', 'CPO', 'Flux Laadnetwerk B.V.', '861234560B01'),
  party('FR', 'VOL', 'CPO', 'Volta Recharge SAS', '41512345678'),
] as const;
export const EMSPS = [
  party('NL', 'EVM', 'EMSP', 'EV Miles B.V.', '862345671B01'),
  party('DE', 'CHG', 'EMSP', 'ChargeGo GmbH', '298765432'),
] as const;
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
