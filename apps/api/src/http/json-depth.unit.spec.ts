import { JSON_DEPTH_MAX, JsonTooDeep, nestsDeeperThan, verifyJsonDepth } from './json-depth.js';

const bytes = (text: string) => Buffer.from(text, 'utf8');
const nested = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);

describe('JSON nesting depth at the edge', () => {
  it('counts objects and arrays, not brackets inside strings or escaped quotes', () => {
    expect(nestsDeeperThan(bytes(nested(32)), 32)).toBe(false);
    expect(nestsDeeperThan(bytes(nested(33)), 32)).toBe(true);
    expect(nestsDeeperThan(bytes('{"a":{"b":[{"c":1}]}}'), 3)).toBe(true);
    expect(nestsDeeperThan(bytes('{"a":{"b":[{"c":1}]}}'), 4)).toBe(false);
    expect(nestsDeeperThan(bytes(`{"text":"${'['.repeat(100)}"}`), 1)).toBe(false);
    expect(nestsDeeperThan(bytes(`{"t":"\\"${'{'.repeat(5)}"}`), 1)).toBe(false);
    expect(nestsDeeperThan(bytes(`{"t":"\\\\"${'{'.repeat(5)}`), 5)).toBe(true);
    expect(nestsDeeperThan(bytes('{"ü€🚗":[1]}'), 2)).toBe(false);
  });

  it('refuses from the raw body, in UTF-8 and in the other charsets JSON allows', () => {
    expect(() =>
      verifyJsonDepth({} as never, {}, bytes(nested(JSON_DEPTH_MAX)), 'utf-8'),
    ).not.toThrow();
    expect(() =>
      verifyJsonDepth({} as never, {}, bytes(nested(JSON_DEPTH_MAX + 1)), 'utf-8'),
    ).toThrow(JsonTooDeep);
    const utf16 = Buffer.from(nested(JSON_DEPTH_MAX + 1), 'utf16le');
    expect(() => verifyJsonDepth({} as never, {}, utf16, 'utf-16le')).toThrow(JsonTooDeep);
  });
});
