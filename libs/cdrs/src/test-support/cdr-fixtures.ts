import { parseAgreementRegistration, type AgreementVersion } from '#agreements';
import type { AcceptCdr } from '../cdr.decider.js';
import type { CdrContext, CdrDocument, TariffInForce } from '../cdr.js';

/** Fixtures for the CDR decider specs: a DE/ABC CDR settled with NL/XYZ, a hub fee to NL/HUB. */
export const CPO = { country_code: 'DE', party_id: 'ABC' };
export const EMSP = { country_code: 'NL', party_id: 'XYZ' };
export const HUB = { country_code: 'NL', party_id: 'HUB' };
export const RECEIVED_AT = '2026-01-10T12:00:00Z';

export function agreementVersion(overrides: Partial<AgreementVersion> = {}): AgreementVersion {
  const registration = parseAgreementRegistration({
    id: 'DEABC-NLXYZ',
    cpo: CPO,
    emsp: EMSP,
    currency: 'EUR',
    fees: [{ beneficiary: HUB, per_cdr: '0.20', percent_of_cost: '0' }],
  });
  const { id, ...rest } = registration;
  return { ...rest, agreement_id: id, version: 1, recorded_at: RECEIVED_AT, ...overrides };
}

export const tariff: TariffInForce = {
  tariff_id: 'T-1',
  source: 'CDR',
  version: '3',
  tariff: {
    id: 'T-1',
    currency: 'EUR',
    elements: [{ price_components: [{ type: 'ENERGY', price: 0.3, vat: 20, step_size: 1 }] }],
    last_updated: '2025-12-01T00:00:00Z',
  },
};

export function cdr(overrides: Partial<CdrDocument> = {}): CdrDocument {
  return {
    country_code: 'DE',
    party_id: 'ABC',
    id: 'CDR-1',
    currency: 'EUR',
    start_date_time: '2026-01-09T10:00:00Z',
    end_date_time: '2026-01-09T11:00:00Z',
    cdr_location: { id: 'LOC-1', evse_uid: 'EVSE-1', connector_id: '1', country: 'DEU' },
    tariffs: [{ ...tariff.tariff, last_updated: '2025-12-02T00:00:00Z' }],
    total_cost: { excl_vat: 10, incl_vat: 12 },
    ...overrides,
  };
}

export function context(overrides: Partial<CdrContext> = {}): CdrContext {
  return {
    agreement: agreementVersion(),
    tariff,
    time_zone: 'Europe/Berlin',
    time_zone_source: 'LOCATION',
    ledger_price: { currency: 'EUR', total_cost: { excl_vat: '10.0000', incl_vat: '12.0049' } },
    ...overrides,
  };
}

export function acceptCdr(overrides: Partial<AcceptCdr> = {}): AcceptCdr {
  return {
    type: 'AcceptCdr',
    cdr: cdr(),
    content_hash: 'hash-1',
    claimed_total_cost: { excl_vat: '10', incl_vat: '12' },
    context: context(),
    original: null,
    transaction_id: 'tx-CDR-1',
    received_at: RECEIVED_AT,
    ...overrides,
  };
}
