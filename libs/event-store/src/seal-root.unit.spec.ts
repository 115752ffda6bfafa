import { createHash } from 'node:crypto';
import { sealRoot } from './seal-root.js';

describe('seal root', () => {
  const a = { stream: 'cdr-DE-ABC-1', revision: 2n, hash: 'a'.repeat(64) };
  const b = { stream: 'agreement-X', revision: 0n, hash: 'b'.repeat(64) };
  const z = { stream: 'Zeta', revision: 10n, hash: 'c'.repeat(64) };

  it('is the SHA-256 of `stream:head_hash:revision` lines sorted by the names UTF-8 bytes', () => {
    const text =
      `Zeta:${'c'.repeat(64)}:10\n` +
      `agreement-X:${'b'.repeat(64)}:0\n` +
      `cdr-DE-ABC-1:${'a'.repeat(64)}:2\n`;
    expect(sealRoot([a, b, z])).toBe(createHash('sha256').update(text, 'utf8').digest('hex'));
  });

  it('does not depend on the order heads are given in, and changes with any head', () => {
    expect(sealRoot([z, a, b])).toBe(sealRoot([a, b, z]));
    expect(sealRoot([a, b])).not.toBe(sealRoot([a, b, z]));
    expect(sealRoot([{ ...a, revision: 3n }, b, z])).not.toBe(sealRoot([a, b, z]));
  });

  it('of an empty log is the SHA-256 of nothing', () => {
    expect(sealRoot([])).toBe(createHash('sha256').digest('hex'));
  });
});
