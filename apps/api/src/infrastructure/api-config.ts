import { randomBytes } from 'node:crypto';
import { isIP } from 'node:net';

/** The service's settings, read once from the environment (INTERFACES.md "HTTP API"). */
export interface ApiConfig {
  readonly port: number;
  /**
   * The address to listen on (`HOST`): an IP address or a host name; null when unset, which
   * listens on every interface (IPv6 `::` and IPv4 `0.0.0.0` where the machine has IPv6).
   */
  readonly host: string | null;
  readonly data_dir: string;
  /** `sqlite` (default) or a `kurrentdb://` / `esdb://` connection string. */
  readonly event_store: string;
  readonly admin_token: string;
  /** True when the admin token was generated at start and must be shown to the operator. */
  readonly admin_token_generated: boolean;
  /** Write one JSON log line per request. */
  readonly request_log: boolean;
  /** `LEDGER_METRICS_TOKEN`: when set, `GET /metrics` requires it as a bearer token. */
  readonly metrics_token?: string | null;
  /**
   * `LEDGER_PUBLIC_URL`: the ledger's address as partners reach it, the base of the URLs the
   * OCPI versions and credentials modules advertise; default `http://localhost:<PORT>`.
   */
  readonly public_url?: string | null;
  /** `LEDGER_OCPI_PARTY` (`CC/PID`, default `ZZ/LDG`): the ledger's own OCPI party. */
  readonly ocpi_party?: { readonly country_code: string; readonly party_id: string } | null;
  /** Limit of each call to a partner's platform during a credentials exchange. */
  readonly partner_call_timeout_ms?: number;
  /** Bound of the embedded store's group-commit queue (default: the store's own). */
  readonly queued_appends_max?: number;
  /**
   * Largest page of a statement's lines, bytes of canonical JSON (default
   * STATEMENT_PAGE_BYTES_MAX, 256 KiB); tests set a small one to close periods of many pages.
   */
  readonly statement_page_bytes_max?: number;
  /** Bound of the requests waiting for the read models (default: the runner's own). */
  readonly read_waiters_max?: number;
  /** `LEDGER_WORKERS`: processes serving the API on the same store (default 1). */
  readonly workers?: number;
  /**
   * False in the HTTP workers of `LEDGER_WORKERS`: their projections do not follow the log (the
   * projector process's do, into the shared read-model file); their queries wait for the stored
   * checkpoints. Default true.
   */
  readonly follow_log?: boolean;
  /** False in the projector process of `LEDGER_WORKERS`: it serves no HTTP. Default true. */
  readonly serve_http?: boolean;
}

export const API_CONFIG = Symbol('API_CONFIG');

/** A setting in the environment that the service cannot start with; the message names it. */
export class InvalidSetting extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(message);
    this.name = 'InvalidSetting';
  }
}

const DEFAULT_PORT = 3000;
/** `LEDGER_WORKERS` at most: more processes than this gain nothing on one machine's store. */
const WORKERS_MAX = 64;
/** Set by `ledger serve` in the processes it forks: `0` the projector, `1`..`N` the HTTP
 * workers; not an operator setting. */
export const WORKER_INDEX_VARIABLE = 'LEDGER_WORKER_INDEX';
const PORT_MAX = 65_535;
/** RFC 1123 host names: dot-separated labels of letters, digits and inner hyphens. */
const HOST_NAME =
  /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/i;

/** Reads the settings; throws InvalidSetting for a `PORT` or `HOST` it cannot listen with. */
export function configFromEnv(env: NodeJS.ProcessEnv = process.env): ApiConfig {
  const admin_token = env.LEDGER_ADMIN_TOKEN;
  return {
    port: portFrom(env.PORT),
    host: hostFrom(env.HOST),
    data_dir: env.LEDGER_DATA_DIR ?? './data',
    event_store: env.LEDGER_EVENT_STORE ?? 'sqlite',
    admin_token: admin_token || randomBytes(24).toString('base64url'),
    admin_token_generated: !admin_token,
    request_log: env.LEDGER_REQUEST_LOG !== 'off',
    metrics_token: env.LEDGER_METRICS_TOKEN || null,
    public_url: publicUrlFrom(env.LEDGER_PUBLIC_URL),
    ocpi_party: ocpiPartyFrom(env.LEDGER_OCPI_PARTY),
    workers: workersFrom(env.LEDGER_WORKERS),
    follow_log: (env[WORKER_INDEX_VARIABLE] ?? '0') === '0',
    serve_http: env[WORKER_INDEX_VARIABLE] !== '0',
  };
}

function workersFrom(value: string | undefined): number {
  if (value === undefined || value.trim() === '') return 1;
  const workers = /^\d{1,3}$/.test(value.trim()) ? Number(value.trim()) : Number.NaN;
  if (!(workers >= 1 && workers <= WORKERS_MAX)) {
    throw new InvalidSetting(
      'LEDGER_WORKERS',
      `LEDGER_WORKERS must be a whole number from 1 to ${WORKERS_MAX}, not ${JSON.stringify(value)}`,
    );
  }
  return workers;
}

function portFrom(value: string | undefined): number {
  if (value === undefined || value === '') return DEFAULT_PORT;
  const port = /^\d{1,5}$/.test(value) ? Number(value) : Number.NaN;
  if (!(port >= 0 && port <= PORT_MAX)) {
    throw new InvalidSetting(
      'PORT',
      `PORT must be a whole number from 0 to ${PORT_MAX}, not ${JSON.stringify(value)}`,
    );
  }
  return port;
}

/** Unset or empty: every interface (today's behaviour, and what a container needs). */
function hostFrom(value: string | undefined): string | null {
  if (value === undefined || value === '') return null;
  if (isIP(value) !== 0) return value;
  // All digits and dots but no IPv4 address (`256.1.1.1`): a typo, not a name to resolve.
  if (HOST_NAME.test(value) && !/^[\d.]+$/.test(value)) return value;
  throw new InvalidSetting(
    'HOST',
    'HOST must be an IP address (127.0.0.1, ::1, 0.0.0.0, ::; IPv6 without brackets) or a ' +
      `host name (localhost), not ${JSON.stringify(value)}`,
  );
}

/** An absolute http(s) URL without a trailing slash, or null (unset: derived from PORT). */
function publicUrlFrom(value: string | undefined): string | null {
  if (value === undefined || value === '') return null;
  const url = URL.canParse(value) ? new URL(value) : null;
  if (url === null || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new InvalidSetting(
      'LEDGER_PUBLIC_URL',
      `LEDGER_PUBLIC_URL must be an absolute http or https URL, not ${JSON.stringify(value)}`,
    );
  }
  return value.replace(/\/+$/, '');
}

function ocpiPartyFrom(value: string | undefined): ApiConfig['ocpi_party'] {
  if (value === undefined || value === '') return null;
  const match = /^([A-Za-z]{2})\/([A-Za-z0-9]{3})$/.exec(value);
  if (!match) {
    throw new InvalidSetting(
      'LEDGER_OCPI_PARTY',
      `LEDGER_OCPI_PARTY must be COUNTRY/PARTY (e.g. NL/LDG), not ${JSON.stringify(value)}`,
    );
  }
  return { country_code: match[1]!.toUpperCase(), party_id: match[2]!.toUpperCase() };
}
