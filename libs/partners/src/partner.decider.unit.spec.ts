import { ReceiverRejection } from '#ocpi';
import * as Partner from './partner.decider.js';
import * as PartnerToken from './partner-token.decider.js';

const details: Partner.PartnerDetails = {
  country_code: 'DE',
  party_id: 'ABC',
  role: 'CPO',
  name: 'ABC',
  token_sha256: 'a'.repeat(64),
};
const register: Partner.RegisterPartner = {
  type: 'RegisterPartner',
  data: { ...details, registered_at: '2026-01-01T00:00:00Z' },
};

function given<S, E>(decider: { initialState(): S; evolve(s: S, e: E): S }, events: E[]): S {
  return events.reduce(decider.evolve, decider.initialState());
}

describe('Partner decider', () => {
  it('given no partner, when registering, then PartnerRegistered', () => {
    expect(Partner.decide(register, given(Partner, []))).toEqual([
      { type: 'PartnerRegistered', data: register.data },
    ]);
  });

  it('given the same registration, when registering again, then nothing', () => {
    const state = given(Partner, Partner.decide(register, Partner.initialState()));
    expect(
      Partner.decide({ ...register, data: { ...register.data, registered_at: 'later' } }, state),
    ).toEqual([]);
  });

  it('given a registration, when registering other details, then partner_conflict', () => {
    const state = given(Partner, Partner.decide(register, Partner.initialState()));
    const other = { ...register, data: { ...register.data, role: 'EMSP' as const } };
    expect(() => Partner.decide(other, state)).toThrow(
      expect.objectContaining({ receiver_code: 'partner_conflict' }),
    );
  });

  it('given a registration recorded before VAT ids existed, when the same body, then nothing', () => {
    const state = given(Partner, Partner.decide(register, Partner.initialState()));
    const same = {
      ...register,
      data: { ...register.data, vat_id: null, electronic_address: null },
    };
    expect(Partner.decide(same, state)).toEqual([]);
  });

  it('given a VAT id and an electronic address, when registering others, then partner_conflict', () => {
    const with_ids = {
      ...register,
      data: {
        ...register.data,
        vat_id: 'DE123456789',
        electronic_address: { scheme: '0088', id: '4000001000005' },
      },
    };
    const state = given(Partner, Partner.decide(with_ids, Partner.initialState()));
    expect(Partner.decide(with_ids, state)).toEqual([]);
    const other_address = {
      ...with_ids,
      data: { ...with_ids.data, electronic_address: { scheme: '9930', id: 'DE123456789' } },
    };
    for (const other of [register, other_address]) {
      expect(() => Partner.decide(other, state)).toThrow(
        expect.objectContaining({ receiver_code: 'partner_conflict' }),
      );
    }
  });
});

describe('PartnerToken decider', () => {
  const assign: PartnerToken.AssignToken = {
    type: 'AssignToken',
    data: { token_sha256: 'a'.repeat(64), party: { country_code: 'DE', party_id: 'ABC' } },
  };

  it('given a free token, when assigning, then PartnerTokenAssigned; again: nothing', () => {
    const events = PartnerToken.decide(assign, PartnerToken.initialState());
    expect(events).toEqual([{ type: 'PartnerTokenAssigned', data: assign.data }]);
    expect(PartnerToken.decide(assign, given(PartnerToken, events))).toEqual([]);
  });

  it('given a token held by another party, when assigning, then partner_token_in_use', () => {
    const state = given(PartnerToken, PartnerToken.decide(assign, PartnerToken.initialState()));
    const other = {
      ...assign,
      data: { ...assign.data, party: { country_code: 'NL', party_id: 'XYZ' } },
    };
    expect(() => PartnerToken.decide(other, state)).toThrow(ReceiverRejection);
  });
});

describe('AgreementPair decider', () => {
  it('given nothing, when indexing, then AgreementIndexed; again: nothing', async () => {
    const AgreementPair = await import('./agreement-pair.decider.js');
    const command = { type: 'IndexAgreement' as const, data: { agreement_id: 'A1' } };
    const events = AgreementPair.decide(command, AgreementPair.initialState());
    expect(events).toEqual([{ type: 'AgreementIndexed', data: { agreement_id: 'A1' } }]);
    const state = events.reduce(AgreementPair.evolve, AgreementPair.initialState());
    expect(AgreementPair.decide(command, state)).toEqual([]);
    expect(
      AgreementPair.agreementPairStream(
        { country_code: 'de', party_id: 'abc' },
        { country_code: 'NL', party_id: 'XYZ' },
      ),
    ).toBe('pair-agreements-DE-ABC-NL-XYZ');
  });
});
