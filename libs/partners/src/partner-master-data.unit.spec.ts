import { electronicAddressProblem, ibanProblem, vatIdProblem } from './identifier-checks.js';
import * as Partner from './partner.decider.js';
import { masterDataProblem } from './partner-master-data.js';

const registered: Partner.PartnerRegistered = {
  type: 'PartnerRegistered',
  data: {
    country_code: 'NL',
    party_id: 'HUB',
    role: 'HUB',
    name: 'Hub',
    token_sha256: 'b'.repeat(64),
    postal_address: { street: 'Kade 1', city: 'Utrecht', post_code: '3511 AA', country: 'NL' },
    registered_at: '2026-01-01T00:00:00Z',
  },
};
const moved = { street: 'Dam 2', city: 'Amsterdam', post_code: '1012 JS', country: 'NL' };
const amend = (effective_from: string, amended_at = '2026-02-01T00:00:00Z') => ({
  type: 'AmendPartnerMasterData' as const,
  data: { effective_from, amended_at, master_data: { postal_address: moved } },
});

describe('partner master data amendments', () => {
  const state = Partner.evolve(Partner.initialState(), registered);

  it('takes effect from effective_from on; the registration holds before', () => {
    const events = Partner.decide(amend('2026-03-01T00:00:00Z'), state);
    expect(events).toHaveLength(1);
    const amended = events.reduce(Partner.evolve, state);
    expect(Partner.partnerDetailsAt(amended, '2026-02-28T23:59:59Z')?.postal_address?.city).toBe(
      'Utrecht',
    );
    expect(Partner.partnerDetailsAt(amended, '2026-03-01T00:00:00Z')?.postal_address).toEqual(
      moved,
    );
    expect(Partner.decide(amend('2026-03-01T00:00:00Z', '2026-04-01T00:00:00Z'), amended)).toEqual(
      [],
    );
  });

  it('is never retroactive, and needs a registered partner', () => {
    expect(() => Partner.decide(amend('2026-01-15T00:00:00Z'), state)).toThrow(
      expect.objectContaining({ receiver_code: 'partner_amendment_retroactive' }),
    );
    expect(() => Partner.decide(amend('2026-03-01T00:00:00Z'), Partner.initialState())).toThrow(
      expect.objectContaining({ receiver_code: 'partner_unknown' }),
    );
  });
});

describe('identifier checks by each scheme rule', () => {
  it('IBAN mod 97 and length (ISO 13616)', () => {
    expect(ibanProblem('DE89370400440532013000')).toBeNull();
    expect(ibanProblem('NL91ABNA0417164300')).toBeNull();
    expect(ibanProblem('BE68539007547034')).toBeNull();
    expect(ibanProblem('DE89370400440532013001')).toMatch(/mod 97/);
    expect(ibanProblem('NL91ABNA041716430')).toMatch(/18 characters/);
  });

  it('EAS schemes: 0208 mod 97, 0088 GS1, 0192 mod 11, 0106 KvK, 9930 DE VAT; unknown', () => {
    const problem = (scheme: string, id: string) => electronicAddressProblem({ scheme, id });
    expect(problem('0208', '0123456749')).toBeNull();
    expect(problem('0208', '0123456748')?.field).toBe('id');
    expect(problem('0088', '4000001000005')).toBeNull();
    expect(problem('0088', '4000001000004')?.field).toBe('id');
    expect(problem('0192', '974760673')).toBeNull();
    expect(problem('0192', '974760674')?.field).toBe('id');
    expect(problem('0106', '12345678')).toBeNull();
    expect(problem('9930', 'DE123456789')).toBeNull();
    expect(problem('9930', 'NL123456789B01')?.field).toBe('id');
    expect(problem('0007', '5560360793')).toBeNull();
    expect(problem('0000', 'x')?.field).toBe('scheme');
  });

  it('VAT ids per country format', () => {
    expect(vatIdProblem('NL123456789B01')).toBeNull();
    expect(vatIdProblem('ATU12345678')).toBeNull();
    expect(vatIdProblem('BE0123456789')).toBeNull();
    expect(vatIdProblem('DE12345678')).not.toBeNull();
    expect(vatIdProblem('QQ12345')).not.toBeNull();
  });

  it('names the first bad field', () => {
    expect(masterDataProblem({ payment: { iban: 'DE00', means_code: '58' } })?.field).toBe(
      'payment.iban',
    );
    expect(masterDataProblem({ contact: { phone: 'call me' } })?.field).toBe('contact.phone');
  });
});
