import { isAbsolute, join, resolve } from 'node:path';
import { demoDataDir } from './demo.command.js';

describe('the demo store directory', () => {
  it('is the store every other command uses when LEDGER_DATA_DIR is set', () => {
    expect(demoDataDir(undefined, '/srv/ledger')).toBe('/srv/ledger');
    expect(demoDataDir(undefined, 'relative/store')).toBe(resolve('relative/store'));
  });

  it('is --data-dir when given, over LEDGER_DATA_DIR', () => {
    expect(demoDataDir('/tmp/demo-store', '/srv/ledger')).toBe('/tmp/demo-store');
  });

  it('is a fresh ./data/demo-<timestamp>, as an absolute path, when neither is set', () => {
    for (const env of [undefined, '']) {
      const dir = demoDataDir(undefined, env);
      expect(isAbsolute(dir)).toBe(true);
      expect(dir.startsWith(join(resolve('data'), 'demo-'))).toBe(true);
    }
  });
});
