import { cdrReferencesOf, versionPublished } from './cdr-lineage.fold.js';

/** The lineage rule over events of any type, including types this code has never seen. */
describe('CDR lineage rule', () => {
  const keysOf = (type: string, data: unknown) => [...cdrReferencesOf({ type, data }).cdr_keys];

  it('given a CDR event, the CDR key folded (OCPI ids are case-insensitive)', () => {
    expect(keysOf('CdrHeld', { country_code: 'de', party_id: 'abc', cdr_id: 'cdr1' })).toEqual([
      'DE/ABC/CDR1',
    ]);
  });

  it('given an event of a type added later with `cdr: {...}` or `cdr_key`, its CDRs', () => {
    const dispute = {
      dispute_id: 'DSP-1',
      cdr: { country_code: 'DE', party_id: 'ABC', cdr_id: 'CDR1' },
    };
    expect(keysOf('DisputeOpened', dispute)).toEqual(['DE/ABC/CDR1']);
    expect(keysOf('ExceptionDetected', { subject: { cdr_key: 'de/abc/Cdr9' } })).toEqual([
      'DE/ABC/CDR9',
    ]);
  });

  it('given a statement, every CDR of its lines, credits with the CDR they credit', () => {
    const line = (cdr_id: string, credit_of: string | null) => ({
      kind: 'cdr',
      cdr: { country_code: 'DE', party_id: 'ABC', cdr_id },
      credit_of,
      transaction: {
        transaction_id: `tx-${cdr_id}`,
        cdr: { country_code: 'DE', party_id: 'ABC', cdr_id },
        postings: [],
      },
    });
    const found = cdrReferencesOf({
      type: 'SettlementStatementIssued',
      data: { cdr_lines: [line('A', null)], credit_lines: [line('A-CR', 'A')] },
    });
    expect([...found.cdr_keys].sort()).toEqual(['DE/ABC/A', 'DE/ABC/A-CR']);
    expect(found.transactions_defined).toEqual(
      new Map([
        ['tx-A', 'DE/ABC/A'],
        ['tx-A-CR', 'DE/ABC/A-CR'],
      ]),
    );
  });

  it('given an event naming only a transaction id, the id to look up', () => {
    const found = cdrReferencesOf({
      type: 'SomethingPosted',
      data: { adjustment: { compensating_transaction_id: 'tx-A' } },
    });
    expect([...found.transactions_named]).toEqual(['tx-A']);
    expect(found.cdr_keys.size).toBe(0);
  });

  it('given a CdrReceived, the tariff and agreement versions its assessment used', () => {
    const found = cdrReferencesOf({
      type: 'CdrReceived',
      data: {
        country_code: 'DE',
        party_id: 'ABC',
        cdr_id: 'CDR1',
        context: {
          tariff: { tariff_id: 't1', version: '2' },
          agreement_id: 'AG',
          agreement_version: 1,
        },
      },
    });
    expect(found.versions_used).toEqual([
      { stream: 'tariff-DE-ABC-T1', version: '2' },
      { stream: 'agreement-AG', version: '1' },
    ]);
    expect(versionPublished({ type: 'TariffVersionPublished', data: { version: 2 } })).toBe('2');
    expect(versionPublished({ type: 'AgreementRegistered', data: {} })).toBe('1');
    expect(versionPublished({ type: 'PaymentRecorded', data: { version: 3 } })).toBeNull();
  });

  it('given a payment (no CDR in it), nothing', () => {
    const found = cdrReferencesOf({
      type: 'PaymentRecorded',
      data: { payment_id: 'P', payer: { country_code: 'NL', party_id: 'XYZ' }, reference: 'CDR1' },
    });
    expect(found.cdr_keys.size).toBe(0);
  });
});
