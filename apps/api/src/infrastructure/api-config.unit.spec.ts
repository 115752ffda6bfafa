import { configFromEnv, InvalidSetting } from './api-config.js';

function refusal(env: NodeJS.ProcessEnv): unknown {
  try {
    configFromEnv(env);
  } catch (error) {
    return error;
  }
  throw new Error(`expected ${JSON.stringify(env)} to be refused`);
}

describe('configFromEnv: HOST', () => {
  it('listens on every interface when HOST is unset or empty (the default)', () => {
    expect(configFromEnv({}).host).toBeNull();
    expect(configFromEnv({ HOST: '' }).host).toBeNull();
  });

  it.each(['127.0.0.1', '0.0.0.0', '::1', '::', 'fe80::1', 'localhost', 'api.ledger-1.internal'])(
    'takes %s as it is',
    (host) => {
      expect(configFromEnv({ HOST: host }).host).toBe(host);
    },
  );

  it.each([
    'http://127.0.0.1',
    '[::1]',
    '127.0.0.1:3000',
    ' 127.0.0.1',
    'local host',
    '-edge',
    'under_score',
    `${'a'.repeat(64)}.example`,
    '256.1.1.1',
    '10.0.0',
  ])('refuses %j, naming HOST', (host) => {
    const error = refusal({ HOST: host });
    expect(error).toBeInstanceOf(InvalidSetting);
    expect(error).toMatchObject({ variable: 'HOST' });
    expect((error as Error).message).toBe(
      'HOST must be an IP address (127.0.0.1, ::1, 0.0.0.0, ::; IPv6 without brackets) or a ' +
        `host name (localhost), not ${JSON.stringify(host)}`,
    );
  });
});

describe('configFromEnv: PORT', () => {
  it('defaults to 3000 and takes a whole number up to 65535', () => {
    expect(configFromEnv({}).port).toBe(3000);
    expect(configFromEnv({ PORT: '0' }).port).toBe(0);
    expect(configFromEnv({ PORT: '65535' }).port).toBe(65535);
  });

  it.each(['abc', '3000.5', '-1', '65536', ' 80', '1e3'])('refuses %j, naming PORT', (port) => {
    const error = refusal({ PORT: port });
    expect(error).toBeInstanceOf(InvalidSetting);
    expect(error).toMatchObject({ variable: 'PORT' });
    expect((error as Error).message).toMatch(/^PORT must be a whole number from 0 to 65535/);
  });
});

describe('configFromEnv: LEDGER_WORKERS', () => {
  it('defaults to one process, which serves and follows the log; takes 1 to 64', () => {
    expect(configFromEnv({})).toMatchObject({ workers: 1, follow_log: true, serve_http: true });
    expect(configFromEnv({ LEDGER_WORKERS: '4' }).workers).toBe(4);
    expect(configFromEnv({ LEDGER_WORKERS: '64' }).workers).toBe(64);
    // Set by `ledger serve` in the processes it forks: the projector (0) and HTTP workers.
    expect(configFromEnv({ LEDGER_WORKER_INDEX: '0' })).toMatchObject({
      follow_log: true,
      serve_http: false,
    });
    expect(configFromEnv({ LEDGER_WORKER_INDEX: '2' })).toMatchObject({
      follow_log: false,
      serve_http: true,
    });
  });

  it.each(['0', '65', 'two', '1.5', '-1'])('refuses %j, naming LEDGER_WORKERS', (workers) => {
    const error = refusal({ LEDGER_WORKERS: workers });
    expect(error).toBeInstanceOf(InvalidSetting);
    expect(error).toMatchObject({ variable: 'LEDGER_WORKERS' });
  });
});

describe('configFromEnv: OCPI connection and metrics settings', () => {
  it('takes LEDGER_PUBLIC_URL without its trailing slash; unset: null (http://localhost:PORT)', () => {
    expect(configFromEnv({ LEDGER_PUBLIC_URL: 'https://ledger.example.com/' }).public_url).toBe(
      'https://ledger.example.com',
    );
    expect(configFromEnv({}).public_url).toBeNull();
  });

  it.each(['ftp://ledger.example.com', 'ledger.example.com', 'http//x'])(
    'refuses LEDGER_PUBLIC_URL %s, naming the variable',
    (value) => {
      expect(refusal({ LEDGER_PUBLIC_URL: value })).toMatchObject({
        variable: 'LEDGER_PUBLIC_URL',
      });
    },
  );

  it('reads LEDGER_OCPI_PARTY as CC/PID and LEDGER_METRICS_TOKEN', () => {
    const config = configFromEnv({ LEDGER_OCPI_PARTY: 'nl/ldg', LEDGER_METRICS_TOKEN: 's' });
    expect(config.ocpi_party).toEqual({ country_code: 'NL', party_id: 'LDG' });
    expect(config.metrics_token).toBe('s');
    expect(refusal({ LEDGER_OCPI_PARTY: 'NLLDG' })).toBeInstanceOf(InvalidSetting);
  });
});
