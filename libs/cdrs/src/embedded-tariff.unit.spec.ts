import { compareEmbeddedTariff } from './embedded-tariff.js';
import { tariff } from './test-support/cdr-fixtures.js';

describe('compareEmbeddedTariff', () => {
  it('has nothing to compare without a tariff in force', () => {
    expect(compareEmbeddedTariff([tariff.tariff], null).status).toBe('NO_TARIFF_IN_FORCE');
  });

  it('notes a CDR that embeds no tariff with that id', () => {
    expect(compareEmbeddedTariff(undefined, tariff).status).toBe('NOT_EMBEDDED');
    expect(compareEmbeddedTariff([{ id: 'T-2' }, 7, null], tariff).status).toBe('NOT_EMBEDDED');
  });

  it('ignores key order and last_updated', () => {
    const reordered = {
      last_updated: 'x',
      elements: tariff.tariff.elements,
      currency: 'EUR',
      id: 'T-1',
    };
    expect(compareEmbeddedTariff([reordered], tariff)).toEqual({
      status: 'SAME',
      differing_fields: [],
    });
  });

  it('lists the differing top-level fields, sorted', () => {
    const changed = { id: 'T-1', currency: 'CHF', elements: [], tariff_alt_url: 'https://x' };
    expect(compareEmbeddedTariff([changed], tariff)).toEqual({
      status: 'DIFFERENT',
      differing_fields: ['currency', 'elements', 'tariff_alt_url'],
    });
  });
});
