import { eventIdFor } from './event-id.js';

describe('eventIdFor', () => {
  it('derives the same UUID v5 from the same business key', () => {
    const id = eventIdFor('cdr', 'DE', 'ABC', 'CDR-1');
    expect(id).toBe(eventIdFor('cdr', 'DE', 'ABC', 'CDR-1'));
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('gives different ids for different keys, also when only the split between parts differs', () => {
    expect(eventIdFor('cdr', 'DE', 'ABC', 'CDR-1')).not.toBe(
      eventIdFor('cdr', 'DE', 'ABC', 'CDR-2'),
    );
    expect(eventIdFor('ab', 'c')).not.toBe(eventIdFor('a', 'bc'));
  });
});
