import { deciderSpec } from '#ledger/test-support/decider-spec.js';
import type { DisputeActor, DisputeEvent, DisputedCdr } from './dispute.js';
import {
  type AddDisputeEvidence,
  decide,
  evolve,
  initialState,
  type OpenDispute,
  type ResolveDispute,
} from './dispute.decider.js';

const spec = deciderSpec({ decide, evolve, initialState });
const CPO = { country_code: 'DE', party_id: 'ABC' };
const EMSP = { country_code: 'NL', party_id: 'XYZ' };
const CDR = { country_code: 'DE', party_id: 'ABC', cdr_id: 'CDR1' };
const emsp: DisputeActor = { kind: 'partner', party: EMSP, principal: 'partner:NL/XYZ' };
const stranger: DisputeActor = {
  kind: 'partner',
  party: { country_code: 'FR', party_id: 'OTH' },
  principal: 'partner:FR/OTH',
};
const handler: DisputeActor = { kind: 'dispute_handler', principal: 'principal:handler-1' };
const disputed: DisputedCdr = {
  cdr: CDR,
  cpo: CPO,
  emsp: EMSP,
  currency: 'EUR',
  agreement_id: 'DEABC-NLXYZ',
  posted_at: '2026-11-20T18:31:00Z',
  credit: false,
};
const claim = {
  cdr: CDR,
  reason: 'PRICE' as const,
  claimed_total_cost: { excl_vat: '4', incl_vat: '4.76' },
  description: 'parking was free',
};
const open = (overrides: Partial<OpenDispute> = {}): OpenDispute => ({
  type: 'OpenDispute',
  dispute_id: 'DSP-1',
  claim,
  claimed_currency: null,
  actor: emsp,
  disputed,
  dispute_window_days: 30,
  opened_at: '2026-11-25T10:00:00Z',
  ...overrides,
});
const opened: DisputeEvent = {
  type: 'DisputeOpened',
  data: {
    dispute_id: 'DSP-1',
    ...claim,
    cpo: CPO,
    emsp: EMSP,
    currency: 'EUR',
    agreement_id: 'DEABC-NLXYZ',
    opened_by: 'partner:NL/XYZ',
    opened_at: '2026-11-25T10:00:00Z',
  },
};
const evidence = (overrides: Partial<AddDisputeEvidence> = {}): AddDisputeEvidence => ({
  type: 'AddDisputeEvidence',
  dispute_id: 'DSP-1',
  evidence_id: 'EV-1',
  text: 'photo of the parking sign',
  actor: emsp,
  added_at: '2026-11-26T10:00:00Z',
  ...overrides,
});
const resolution = {
  outcome: 'ADJUSTED' as const,
  total_cost: { excl_vat: '4', incl_vat: '4.76' },
  note: 'agreed',
  driver_refund: null,
};
const resolve = (overrides: Partial<ResolveDispute> = {}): ResolveDispute => ({
  type: 'ResolveDispute',
  dispute_id: 'DSP-1',
  resolution,
  currency: null,
  actor: handler,
  transaction_id: 'tx-DSP-1',
  resolved_at: '2026-11-27T10:00:00Z',
  ...overrides,
});
const resolved: DisputeEvent = {
  type: 'DisputeResolved',
  data: {
    dispute_id: 'DSP-1',
    cdr: CDR,
    emsp: EMSP,
    ...resolution,
    transaction_id: 'tx-DSP-1',
    resolved_by: 'principal:handler-1',
    resolved_at: '2026-11-27T10:00:00Z',
  },
};

describe('dispute decider: OpenDispute', () => {
  it('opens a dispute of the eMSP; the same body again changes nothing', () => {
    spec.given([]).when(open()).then([opened]);
    spec
      .given([opened])
      .when(open({ actor: handler }))
      .thenNothing();
  });

  it('refuses the same id with other content', () => {
    spec
      .given([opened])
      .when(open({ claim: { ...claim, reason: 'VAT' } }))
      .thenRejects('dispute_conflict');
  });

  it('refuses an unknown CDR, a stranger, a held or credit CDR', () => {
    spec
      .given([])
      .when(open({ disputed: null }))
      .thenRejects('cdr_unknown');
    spec
      .given([])
      .when(open({ actor: stranger }))
      .thenRejects('dispute_not_party');
    spec
      .given([])
      .when(open({ disputed: { ...disputed, posted_at: null } }))
      .thenRejects('dispute_cdr_not_posted');
    spec
      .given([])
      .when(open({ disputed: { ...disputed, credit: true } }))
      .thenRejects('dispute_cdr_not_posted');
  });

  it("refuses an opening after the agreement's dispute window", () => {
    spec
      .given([])
      .when(open({ opened_at: '2026-12-20T18:31:00Z' }))
      .events();
    spec
      .given([])
      .when(open({ opened_at: '2026-12-20T18:31:01Z' }))
      .thenRejects('dispute_window_closed');
    spec
      .given([])
      .when(open({ dispute_window_days: 2 }))
      .thenRejects('dispute_window_closed');
  });

  it("refuses a claimed amount in another currency than the CDR's", () => {
    spec
      .given([])
      .when(open({ claimed_currency: 'GBP' }))
      .thenRejects('validation_failed', 'claimed_total_cost.currency');
  });
});

describe('dispute decider: AddDisputeEvidence', () => {
  const added: DisputeEvent = {
    type: 'DisputeEvidenceAdded',
    data: {
      dispute_id: 'DSP-1',
      cdr: { country_code: 'DE', party_id: 'ABC', cdr_id: 'CDR1' },
      evidence_id: 'EV-1',
      text: 'photo of the parking sign',
      added_by: 'partner:NL/XYZ',
      added_at: '2026-11-26T10:00:00Z',
    },
  };

  it('adds evidence once per evidence id', () => {
    spec.given([opened]).when(evidence()).then([added]);
    spec.given([opened, added]).when(evidence()).thenNothing();
    spec
      .given([opened, added])
      .when(evidence({ text: 'another text' }))
      .thenRejects('evidence_conflict');
  });

  it('refuses an unknown dispute, a stranger and a resolved dispute', () => {
    spec.given([]).when(evidence()).thenRejects('dispute_unknown');
    spec
      .given([opened])
      .when(evidence({ actor: stranger }))
      .thenRejects('dispute_not_party');
    spec.given([opened, resolved]).when(evidence()).thenRejects('dispute_not_open');
  });
});

describe('dispute decider: ResolveDispute', () => {
  it('resolves once; the same resolution again changes nothing', () => {
    spec.given([opened]).when(resolve()).then([resolved]);
    spec.given([opened, resolved]).when(resolve()).thenNothing();
  });

  it('records no transaction for REJECTED', () => {
    const [event] = spec
      .given([opened])
      .when(resolve({ resolution: { ...resolution, outcome: 'REJECTED', total_cost: null } }))
      .events();
    expect(event!.data).toMatchObject({ outcome: 'REJECTED', transaction_id: null });
  });

  it('refuses another resolution, a partner, an unknown dispute, another currency', () => {
    spec
      .given([opened, resolved])
      .when(resolve({ resolution: { ...resolution, outcome: 'VOIDED', total_cost: null } }))
      .thenRejects('dispute_already_resolved');
    spec
      .given([opened])
      .when(resolve({ actor: emsp }))
      .thenRejects('resolution_not_allowed');
    spec.given([]).when(resolve()).thenRejects('dispute_unknown');
    spec
      .given([opened])
      .when(resolve({ currency: 'CHF' }))
      .thenRejects('validation_failed', 'total_cost.currency');
  });
});
