import { DomainRejection } from '#ledger';
import { parseEvidence, parseOpenDispute, parseResolution } from './dispute-input.js';

function fieldOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    expect(DomainRejection.is(error)).toBe(true);
    expect((error as DomainRejection).code).toBe('validation_failed');
    return (error as DomainRejection).field;
  }
  throw new Error('expected a validation_failed rejection');
}

const body = {
  id: 'DSP-1',
  cdr: { country_code: 'de', party_id: 'abc', cdr_id: 'CDR1' },
  reason: 'PRICE',
  claimed_total_cost: { excl_vat: '4.00', incl_vat: '4.76' },
  description: 'parking was free',
};

describe('dispute input', () => {
  it('reads an opening, upper-casing the party and normalising amounts', () => {
    expect(parseOpenDispute(body)).toEqual({
      id: 'DSP-1',
      cdr: { country_code: 'DE', party_id: 'ABC', cdr_id: 'CDR1' },
      reason: 'PRICE',
      claimed_total_cost: { excl_vat: '4', incl_vat: '4.76' },
      claimed_currency: null,
      description: 'parking was free',
    });
  });

  it('names the offending field of a bad opening', () => {
    expect(fieldOf(() => parseOpenDispute({ ...body, reason: 'MOOD' }))).toBe('reason');
    expect(fieldOf(() => parseOpenDispute({ ...body, id: '' }))).toBe('id');
    expect(fieldOf(() => parseOpenDispute({ ...body, cdr: { ...body.cdr, party_id: 'A' } }))).toBe(
      'cdr.party_id',
    );
    const cost = (claimed_total_cost: object) => () =>
      parseOpenDispute({ ...body, claimed_total_cost });
    expect(fieldOf(cost({ excl_vat: '-1', incl_vat: '1' }))).toBe('claimed_total_cost.excl_vat');
    expect(fieldOf(cost({ excl_vat: '1.00001', incl_vat: '2' }))).toBe(
      'claimed_total_cost.excl_vat',
    );
    expect(fieldOf(cost({ excl_vat: '5', incl_vat: '4' }))).toBe('claimed_total_cost.incl_vat');
    expect(fieldOf(cost({ excl_vat: '4', incl_vat: '5', currency: 'eur' }))).toBe(
      'claimed_total_cost.currency',
    );
  });

  it('reads resolutions: total_cost only and always with ADJUSTED', () => {
    expect(parseResolution({ outcome: 'VOIDED', note: 'duplicate' })).toEqual({
      outcome: 'VOIDED',
      total_cost: null,
      currency: null,
      note: 'duplicate',
      driver_refund: null,
    });
    expect(fieldOf(() => parseResolution({ outcome: 'MAYBE' }))).toBe('outcome');
    expect(fieldOf(() => parseResolution({ outcome: 'ADJUSTED' }))).toBe('total_cost');
    const total_cost = { excl_vat: '1', incl_vat: '1.19' };
    expect(fieldOf(() => parseResolution({ outcome: 'REJECTED', total_cost }))).toBe('total_cost');
    expect(fieldOf(() => parseResolution({ outcome: 'REJECTED', driver_refund: '1.00' }))).toBe(
      'driver_refund',
    );
    expect(parseResolution({ outcome: 'ADJUSTED', total_cost, driver_refund: 2 })).toMatchObject({
      total_cost: { excl_vat: '1', incl_vat: '1.19' },
      driver_refund: '2',
    });
  });

  it('reads evidence', () => {
    expect(parseEvidence({ id: 'EV-1', text: 'receipt' })).toEqual({ id: 'EV-1', text: 'receipt' });
    expect(fieldOf(() => parseEvidence({ id: 'EV-1' }))).toBe('text');
  });
});
