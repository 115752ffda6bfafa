import { table } from './printer.js';

describe('demo printer: table', () => {
  it('pads every column to its widest cell and right-aligns the numbers asked for', () => {
    const text = table(
      ['party', 'balance'],
      [
        ['DE/ION', '44701.89'],
        ['NL/HUB', '2.50'],
      ],
      ['left', 'right'],
    );
    expect(text.split('\n')).toEqual([
      '  party    balance',
      '  ------  --------',
      '  DE/ION  44701.89',
      '  NL/HUB      2.50',
    ]);
  });
});
