/**
 * `ledger serve` end to end, on the built command: `HOST` binds the API to one address (loopback
 * here), unset it listens on every interface as before, and a bad `HOST` or `PORT` is refused at
 * once with exit 2. Only loopback addresses are ever connected to: the whole 127.0.0.0/8 range
 * reaches this machine, so 127.0.0.2 tells a loopback-only socket from an every-interface one.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../../api/src/test-support/free-port.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const ledger = join(root, 'bin', 'ledger');
const STARTUP_MS_MAX = 20_000;
const REQUEST_TIMEOUT_MS = 2_000;

interface Served {
  readonly child: ChildProcess;
  readonly port: number;
  /** The `listening` log line the server wrote once bound. */
  readonly listening: Record<string, unknown>;
  stop(): Promise<void>;
}

/** Starts `ledger serve` with `env` on a free port; resolves once it logged `listening`. */
async function serve(env: Record<string, string>): Promise<Served> {
  const port = await freePort();
  const data_dir = mkdtempSync(join(tmpdir(), 'ledger-serve-'));
  const child = spawn(process.execPath, [ledger, 'serve'], {
    env: {
      ...process.env,
      NODE_OPTIONS: '',
      PORT: String(port),
      LEDGER_DATA_DIR: data_dir,
      LEDGER_ADMIN_TOKEN: 'serve-test-admin',
      LEDGER_EVENT_STORE: 'sqlite',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(data_dir, { recursive: true, force: true });
  };
  let stdout = '';
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  try {
    const listening = await new Promise<Record<string, unknown>>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`not listening: ${stderr}`)), STARTUP_MS_MAX);
      child.stdout!.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        // With LEDGER_WORKERS, every worker logs `listening`: wait for all of them.
        const lines = stdout.split('\n').filter((text) => text.includes('"msg":"listening"'));
        const line = lines.length >= Number(env.LEDGER_WORKERS ?? 1) ? lines[0] : undefined;
        if (line === undefined) return;
        clearTimeout(timer);
        resolve(JSON.parse(line) as Record<string, unknown>);
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`server exited with ${code}: ${stderr}`));
      });
    });
    return { child, port, listening, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** The status of GET /health at that address, or the connection error's code. */
async function health(host: string, port: number): Promise<number | string> {
  try {
    const response = await fetch(`http://${host}:${port}/health`, {
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    return response.status;
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause;
    return cause?.code ?? (error as Error).name;
  }
}

function serveExpectingRefusal(env: Record<string, string>) {
  const data_dir = mkdtempSync(join(tmpdir(), 'ledger-serve-'));
  try {
    return spawnSync(process.execPath, [ledger, 'serve'], {
      encoding: 'utf8',
      timeout: STARTUP_MS_MAX,
      env: { ...process.env, NODE_OPTIONS: '', LEDGER_DATA_DIR: data_dir, ...env },
    });
  } finally {
    rmSync(data_dir, { recursive: true, force: true });
  }
}

describe('ledger serve: HOST', () => {
  it('HOST=127.0.0.1 serves on loopback only', async () => {
    const served = await serve({ HOST: '127.0.0.1' });
    try {
      expect(served.listening).toMatchObject({ host: '127.0.0.1', port: served.port });
      expect(await health('127.0.0.1', served.port)).toBe(200);
      // Another loopback address of this machine: only an every-interface socket answers it.
      expect(await health('127.0.0.2', served.port)).toBe('ECONNREFUSED');
    } finally {
      await served.stop();
    }
  });

  it('without HOST serves on every interface, as before', async () => {
    const served = await serve({ HOST: '' });
    try {
      expect(['::', '0.0.0.0']).toContain(served.listening.host);
      expect(await health('127.0.0.1', served.port)).toBe(200);
      expect(await health('127.0.0.2', served.port)).toBe(200);
    } finally {
      await served.stop();
    }
  });

  it.each([
    ['HOST', 'http://127.0.0.1'],
    ['HOST', '[::1]'],
    ['HOST', '127.0.0.1:3000'],
    ['PORT', 'eighty'],
  ])('refuses %s=%j before starting: one line naming it, exit 2', (variable, value) => {
    const result = serveExpectingRefusal({ [variable]: value });
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      `ledger serve: ${variable} must be ${
        variable === 'HOST'
          ? 'an IP address (127.0.0.1, ::1, 0.0.0.0, ::; IPv6 without brackets) or a host name ' +
            '(localhost)'
          : 'a whole number from 0 to 65535'
      }, not ${JSON.stringify(value)}\n`,
    );
  });

  it('says so and exits 1 when HOST is no address of this machine', async () => {
    // A documentation address (RFC 5737): binding to it fails locally, no packet is sent.
    const port = await freePort();
    const result = serveExpectingRefusal({ HOST: '192.0.2.1', PORT: String(port) });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      `ledger serve: cannot listen on 192.0.2.1, port ${port} (EADDRNOTAVAIL)`,
    );
  });
});

describe('ledger serve: LEDGER_WORKERS', () => {
  const ADMIN = { authorization: 'Bearer serve-test-admin', 'content-type': 'application/json' };

  it('serves from two processes on one store: every write is seen once, by both', async () => {
    const served = await serve({ HOST: '127.0.0.1', LEDGER_WORKERS: '2' });
    try {
      const base = `http://127.0.0.1:${served.port}`;
      const parties = Array.from(
        { length: 12 },
        (_, index) => `P${String(index).padStart(2, '0')}`,
      );
      // Concurrent writes, spread over both workers by the shared socket.
      const created = await Promise.all(
        parties.map((party_id) =>
          fetch(`${base}/admin/partners`, {
            method: 'POST',
            headers: ADMIN,
            body: JSON.stringify({
              country_code: 'DE',
              party_id,
              role: 'CPO',
              name: party_id,
              token: `token-${party_id}`,
            }),
          }).then((response) => response.status),
        ),
      );
      expect(created).toEqual(parties.map(() => 201));
      // The same partner again, concurrently, on either worker: answered, never a 500.
      const again = await Promise.all(
        [0, 1, 2, 3].map(() =>
          fetch(`${base}/admin/partners`, {
            method: 'POST',
            headers: ADMIN,
            body: JSON.stringify({
              country_code: 'DE',
              party_id: 'P00',
              role: 'CPO',
              name: 'P00',
              token: 'token-P00',
            }),
          }).then((response) => response.status),
        ),
      );
      expect(again.every((status) => status >= 200 && status < 500)).toBe(true);
      // Each partner's OCPI token works on whichever worker answers.
      for (const party_id of parties) {
        const token = Buffer.from(`token-${party_id}`).toString('base64');
        const versions = await fetch(`${base}/ocpi/versions`, {
          headers: { authorization: `Token ${token}` },
        });
        expect(versions.status).toBe(200);
      }
    } finally {
      await served.stop();
    }
  }, 60_000);

  it('refuses LEDGER_WORKERS=0 before starting: one line naming it, exit 2', () => {
    const result = serveExpectingRefusal({ LEDGER_WORKERS: '0' });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('LEDGER_WORKERS must be a whole number from 1 to 64');
  });
});
