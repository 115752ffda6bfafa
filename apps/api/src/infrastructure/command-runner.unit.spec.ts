import { describe, expect, it } from '@jest/globals';
import { hash } from 'node:crypto';
import { canonicalJson as storeCanonicalJson } from '#event-store';
import { canonicalJson } from '#ocpi';
import { contentSha256 } from './command-runner.js';

const sha256 = (text: string) => hash('sha256', text, 'hex');

describe('contentSha256', () => {
  it("is the digest of the event's canonical JSON, as event ids always used", () => {
    const events = [
      { type: 'CdrReceived', data: { z: [1, 'two', null, { b: true, a: 0.5 }], a: 'x"y' } },
      { data: { amount_minor: '-120' }, type: 'CdrPosted' },
      { type: 'Empty', data: {} },
      { type: 'Listed', data: [1, 2] },
      { type: 'WithMore', data: { a: 1 }, extra: 'kept in the hash' },
    ];
    for (const event of events) {
      expect(contentSha256(event)).toBe(sha256(canonicalJson(event)));
    }
  });

  it("leaves the data's text for the store's encoding, which is the same text", () => {
    const data = { tariff: { id: 'T1', elements: [{ price: 0.25 }] }, cdr_id: 'C1' };
    const fresh = JSON.parse(JSON.stringify(data)) as typeof data;
    contentSha256({ type: 'CdrReceived', data });
    expect(storeCanonicalJson(data)).toBe(storeCanonicalJson(fresh));
    expect(storeCanonicalJson(data)).toBe(canonicalJson(fresh));
  });
});
