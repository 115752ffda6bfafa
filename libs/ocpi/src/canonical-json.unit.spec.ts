import fc from 'fast-check';
import { canonicalJson } from './canonical-json.js';

/** The first implementation, kept as the reference: stored content hashes depend on its text. */
function reference(value: unknown, depth = 0): string {
  if (depth > 64) throw new Error('canonicalJson: nesting deeper than 64 levels');
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((item) => reference(item, depth + 1)).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, item]) => item !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${reference(item, depth + 1)}`).join(',')}}`;
}

describe('canonicalJson', () => {
  it('writes exactly what the reference implementation writes', () => {
    const odd = fc.constantFrom<unknown>(undefined, NaN, Infinity, -0, () => 1, new Date(0));
    const value = fc.letrec((tie) => ({
      any: fc.oneof(
        { depthSize: 'small' },
        fc.jsonValue(),
        fc.string({ unit: 'binary' }),
        odd,
        fc.array(tie('any')),
        fc.dictionary(fc.string({ unit: 'binary' }), tie('any')),
      ),
    })).any;
    fc.assert(
      fc.property(value, (generated) => {
        expect(canonicalJson(generated)).toBe(reference(generated));
      }),
      { numRuns: 3000 },
    );
  });

  it('sorts keys and drops undefined members', () => {
    expect(canonicalJson({ b: 1, a: [undefined, 'x"y'], c: undefined })).toBe(
      '{"a":[null,"x\\"y"],"b":1}',
    );
  });

  it('refuses nesting deeper than 64 levels', () => {
    let deep: unknown = 1;
    for (let level = 0; level < 70; level += 1) deep = [deep];
    expect(() => canonicalJson(deep)).toThrow(/deeper than 64/);
  });
});
