import fc from 'fast-check';
import {
  CDR_CI_STRING_PATHS,
  ciEqual,
  ciKey,
  ciStringsFolded,
  foldCiStrings,
  sameCiValue,
} from './ci-string.js';

describe('CiString identity (one folding rule)', () => {
  it('folds ASCII letters to upper case and nothing else', () => {
    expect(ciKey('cdr-1a')).toBe('CDR-1A');
    expect(ciKey('CDR-1A')).toBe('CDR-1A');
    // Locale-independent: no Turkish dotted I, no German sharp s expansion.
    expect(ciKey('iß')).toBe('Iß');
    expect(ciEqual('Abc', 'aBC')).toBe(true);
    expect(ciEqual('Abc', 'Abd')).toBe(false);
    expect(sameCiValue('t1', 'T1')).toBe(true);
    expect(sameCiValue(1, '1')).toBe(false);
  });

  it('is idempotent and case-blind for any printable ASCII (property)', () => {
    const printable = fc.string({
      unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)),
    });
    fc.assert(
      fc.property(printable, (text) => {
        expect(ciKey(ciKey(text))).toBe(ciKey(text));
        expect(ciKey(text.toLowerCase())).toBe(ciKey(text.toUpperCase()));
      }),
      { seed: 9, numRuns: 300 },
    );
  });

  it('folds only the CDR CiString paths, copy-on-write', () => {
    const cdr = {
      id: 'cdr1',
      remark: 'Keep Me',
      cdr_token: { uid: 'tok', type: 'RFID' },
      charging_periods: [{ tariff_id: 't1' }, { dimensions: [] }],
      tariffs: [],
    };
    expect(ciStringsFolded(cdr, CDR_CI_STRING_PATHS)).toBe(false);
    const folded = foldCiStrings(cdr, CDR_CI_STRING_PATHS);
    expect(folded).toEqual({
      id: 'CDR1',
      remark: 'Keep Me',
      cdr_token: { uid: 'TOK', type: 'RFID' },
      charging_periods: [{ tariff_id: 'T1' }, { dimensions: [] }],
      tariffs: [],
    });
    expect(cdr.id).toBe('cdr1');
    expect(folded.tariffs).toBe(cdr.tariffs);
    expect(ciStringsFolded(folded, CDR_CI_STRING_PATHS)).toBe(true);
    const already = { id: 'X' };
    expect(foldCiStrings(already, CDR_CI_STRING_PATHS)).toBe(already);
  });
});
