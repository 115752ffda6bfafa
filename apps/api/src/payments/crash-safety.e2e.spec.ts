import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validCdr, validLocation, validTariff } from '#ocpi/test-support/ocpi-fixtures.js';
import { freePort } from '../test-support/free-port.js';

/**
 * Crash safety of the whole service: CDRs and payments are ingested concurrently, the served
 * process
 * is killed with SIGKILL mid-way, restarted on the same data dir, and then every acknowledged
 * payment must be applied exactly once and the balances must equal a full rebuild. Runs the
 * compiled server (`npm run build`; CI builds in `npm ci`'s prepare).
 */
const MAIN = join(process.cwd(), 'dist/apps/cli/src/main.js');
const ADMIN_TOKEN = 'crash-test-admin';
const STARTUP_MS_MAX = 20_000;
const WRITERS = 6;
const ACKS_BEFORE_KILL = 120;

interface Served {
  readonly process: ChildProcess;
  readonly base: string;
}

async function serve(data_dir: string): Promise<Served> {
  const port = await freePort();
  const child = spawn(process.execPath, [MAIN, 'serve'], {
    env: {
      ...process.env,
      NODE_OPTIONS: '',
      PORT: String(port),
      LEDGER_DATA_DIR: data_dir,
      LEDGER_ADMIN_TOKEN: ADMIN_TOKEN,
      LEDGER_EVENT_STORE: 'sqlite',
      LEDGER_REQUEST_LOG: 'off',
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + STARTUP_MS_MAX;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited: ${stderr}`);
    try {
      if ((await fetch(`${base}/health`)).status === 200) return { process: child, base };
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`server did not start within ${STARTUP_MS_MAX} ms: ${stderr}`);
}

const CPO_TOKEN = 't-ABC';
/** validCdr is priced 2.75 incl. VAT by validTariff, which the agreement settles. */
const CDR_MINOR = 275;

async function call(
  base: string,
  method: string,
  path: string,
  body?: unknown,
  authorization = `Bearer ${ADMIN_TOKEN}`,
) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { authorization, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

function payment(id: string, amount_minor: number) {
  return {
    id,
    payer: { country_code: 'NL', party_id: 'XYZ' },
    payee: { country_code: 'DE', party_id: 'ABC' },
    currency: 'EUR',
    amount: (amount_minor / 100).toFixed(2),
    value_date: '2026-02-01',
    reference: `crash test ${id}`,
  };
}

/** One write: a CDR (OCPI, CPO token) or a payment (admin); answers the HTTP status. */
async function write(base: string, id: string, amount_minor: number): Promise<number> {
  if (id.startsWith('CDR')) {
    const cdr = validCdr({ id });
    return (await call(base, 'POST', '/ocpi/2.2.1/cdrs', cdr, `Token ${CPO_TOKEN}`)).status;
  }
  return (await call(base, 'POST', '/v1/payments', payment(id, amount_minor))).status;
}

describe('crash safety (SIGKILL while ingesting CDRs and payments)', () => {
  const data_dir = mkdtempSync(join(tmpdir(), 'ledger-crash-'));
  let served: Served | undefined;

  afterAll(() => {
    served?.process.kill('SIGKILL');
    rmSync(data_dir, { recursive: true, force: true });
  });

  it('applies every acknowledged write exactly once, and balances equal a rebuild', async () => {
    served = await serve(data_dir);
    for (const [country_code, party_id, role] of [
      ['DE', 'ABC', 'CPO'],
      ['NL', 'XYZ', 'EMSP'],
    ] as const) {
      const partner = { country_code, party_id, role, name: party_id, token: `t-${party_id}` };
      expect((await call(served.base, 'POST', '/admin/partners', partner)).status).toBe(201);
    }
    const agreement = {
      id: 'DEABC-NLXYZ',
      cpo: { country_code: 'DE', party_id: 'ABC' },
      emsp: { country_code: 'NL', party_id: 'XYZ' },
      currency: 'EUR',
    };
    expect((await call(served.base, 'POST', '/admin/agreements', agreement)).status).toBe(201);
    const cpo = `Token ${CPO_TOKEN}`;
    const location = validLocation();
    expect(
      (await call(served.base, 'PUT', '/ocpi/2.2.1/locations/DE/ABC/LOC1', location, cpo)).status,
    ).toBe(200);
    const tariff = validTariff();
    expect(
      (await call(served.base, 'PUT', '/ocpi/2.2.1/tariffs/DE/ABC/T1', tariff, cpo)).status,
    ).toBe(200);

    const acknowledged = new Map<string, number>();
    const attempted = new Map<string, number>();
    let killed = false;
    const writer = async (writer_index: number): Promise<void> => {
      // Writers keep writing after the kill until their own write fails, so every writer ends
      // with a write that was attempted and never acknowledged, whatever the timing.
      for (let index = 0; index < 10_000; index += 1) {
        const id = `${index % 2 === 0 ? 'CDR' : 'PAY'}-${writer_index}-${index}`;
        const amount_minor = id.startsWith('CDR')
          ? -CDR_MINOR
          : 100 + ((writer_index * 7919 + index * 104_729) % 90_000);
        attempted.set(id, amount_minor);
        try {
          const status = await write(served!.base, id, amount_minor);
          if (status === 201) acknowledged.set(id, amount_minor);
          else throw new Error(`write ${id}: ${status}`);
        } catch (error) {
          if (!killed) throw error;
          return;
        }
        if (!killed && acknowledged.size >= ACKS_BEFORE_KILL) {
          killed = true;
          served!.process.kill('SIGKILL');
        }
      }
    };
    await Promise.all(Array.from({ length: WRITERS }, (_, index) => writer(index)));
    expect(killed).toBe(true);
    // Writes were in flight when the process died: attempted but never acknowledged.
    expect(attempted.size).toBeGreaterThan(acknowledged.size);
    await new Promise<void>((resolve) =>
      served!.process.exitCode !== null || served!.process.signalCode !== null
        ? resolve()
        : served!.process.once('exit', () => resolve()),
    );

    served = await serve(data_dir);
    // Every acknowledged payment is there; a retry of any attempted one is accepted once.
    for (const [id, amount_minor] of attempted) {
      const status = await write(served.base, id, amount_minor);
      expect([200, 201]).toContain(status);
      if (acknowledged.has(id)) expect(status).toBe(200);
    }
    const postings: {
      source: { payment_id?: string; cdr?: { cdr_id: string } };
      amount: string;
    }[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 100; page += 1) {
      const query: string = cursor === null ? '' : `&cursor=${cursor}`;
      const response = await call(
        served.base,
        'GET',
        `/v1/partners/NL/XYZ/transactions?limit=500${query}`,
      );
      postings.push(...(response.body.postings as typeof postings));
      cursor = response.body.next_cursor as string | null;
      if (cursor === null) break;
    }
    const ids = postings.map((p) => p.source.payment_id ?? p.source.cdr!.cdr_id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(ids)).toEqual(new Set(attempted.keys()));
    const total_minor = [...attempted.values()].reduce((sum, amount) => sum + amount, 0);
    expect([...acknowledged.keys()].filter((id) => id.startsWith('CDR')).length).toBeGreaterThan(
      10,
    );
    const before = await call(served.base, 'GET', '/v1/partners/NL/XYZ/balances');
    expect(before.body.balances).toEqual([
      {
        currency: 'EUR',
        amount: (total_minor / 100).toFixed(2),
        counterparties: [
          { country_code: 'DE', party_id: 'ABC', amount: (total_minor / 100).toFixed(2) },
        ],
      },
    ]);
    const cpo_before = await call(served.base, 'GET', '/v1/partners/DE/ABC/balances');
    expect((await call(served.base, 'POST', '/admin/projections/all/rebuild')).status).toBe(200);
    const after = await call(served.base, 'GET', '/v1/partners/NL/XYZ/balances');
    const cpo_after = await call(served.base, 'GET', '/v1/partners/DE/ABC/balances');
    expect(after.body.balances).toEqual(before.body.balances);
    expect(cpo_after.body.balances).toEqual(cpo_before.body.balances);
  }, 60_000);
});
