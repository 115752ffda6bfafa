import { csvField } from './csv.js';

describe('csvField', () => {
  it('writes a plain field as it is', () => {
    expect(csvField('DE-ABC-CDR1')).toBe('DE-ABC-CDR1');
    expect(csvField('')).toBe('');
  });

  it('quotes a field with a comma, a line break or a quote, doubling its quotes', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('line\nbreak')).toBe('"line\nbreak"');
    expect(csvField('carriage\rreturn')).toBe('"carriage\rreturn"');
    expect(csvField('Charge "ABC"')).toBe('"Charge ""ABC"""');
  });
});
