import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { canonicalJson as ocpiCanonicalJson } from '#ocpi';
import { validCdr } from '#ocpi/test-support/ocpi-fixtures.js';
import { canonicalJson, rememberCanonicalJson } from './canonical-json.js';

/** The obvious (slow) definition. Sorted copies of objects would not do: JavaScript puts
 * integer-like keys first whatever the insertion order, so the text is built directly. */
function reference(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(reference).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) =>
    a < b ? -1 : a > b ? 1 : 0,
  );
  const members = entries.map(([key, member]) => `${JSON.stringify(key)}:${reference(member)}`);
  return `{${members.join(',')}}`;
}

describe('canonicalJson', () => {
  it('sorts keys at every level and writes no whitespace', () => {
    const value = { b: 1, a: { d: [3, { z: true, y: null }], c: 'x' } };
    expect(canonicalJson(value)).toBe('{"a":{"c":"x","d":[3,{"y":null,"z":true}]},"b":1}');
  });

  it('writes bigint as a decimal string and follows JSON for undefined and toJSON', () => {
    expect(canonicalJson({ amount_minor: 12345678901234567890n, gone: undefined })).toBe(
      '{"amount_minor":"12345678901234567890"}',
    );
    expect(canonicalJson([undefined, new Date(0)])).toBe('[null,"1970-01-01T00:00:00.000Z"]');
  });

  it('escapes strings exactly as JSON does', () => {
    const value = { 'q"uote': 'line\nbreak \u0001 \\ é 😀 \ud800', '\u2028': 'sep' };
    expect(canonicalJson(value)).toBe(reference(value));
  });

  it('gives the same text regardless of key insertion order', () => {
    expect(canonicalJson({ a: 1, b: { c: 2, d: 3 } })).toBe(
      canonicalJson({ b: { d: 3, c: 2 }, a: 1 }),
    );
  });

  it('agrees with the reference definition on arbitrary JSON values', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(canonicalJson(value)).toBe(reference(value));
      }),
      { numRuns: 500 },
    );
  });

  it('refuses values JSON cannot represent faithfully', () => {
    expect(() => canonicalJson({ n: Number.NaN })).toThrow(/non-finite/);
    expect(() => canonicalJson(undefined)).toThrow(/not serialisable/);
    const deep: Record<string, unknown> = {};
    let cursor = deep;
    for (let depth = 0; depth < 100; depth++) cursor = cursor['next'] = {};
    expect(() => canonicalJson(deep)).toThrow(/nesting/);
  });

  it('writes plain JSON exactly as the OCPI canonical writer does (what a remembered text relies on)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(canonicalJson(value)).toBe(ocpiCanonicalJson(value));
      }),
      { numRuns: 300 },
    );
    const cdr = JSON.parse(JSON.stringify(validCdr())) as object;
    expect(canonicalJson(cdr)).toBe(ocpiCanonicalJson(cdr));
  });

  it('reuses the remembered text of an object inside a larger value', () => {
    const cdr = JSON.parse(JSON.stringify(validCdr())) as object;
    const text = ocpiCanonicalJson(cdr);
    rememberCanonicalJson(cdr, text);
    expect(canonicalJson({ cdr, b: 1 })).toBe(`{"b":1,"cdr":${text}}`);
    expect(canonicalJson({ cdr, b: 1 })).toBe(ocpiCanonicalJson({ cdr, b: 1 }));
  });
});
