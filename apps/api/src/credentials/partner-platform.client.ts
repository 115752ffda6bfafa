import {
  OcpiStatus,
  envelopeData,
  mutualVersion,
  parseVersionDetails,
  parseVersionList,
  type Endpoint,
} from '#ocpi';
import { OcpiRefusal } from '../http/ocpi-refusal.error.js';

/** How the ledger calls a partner's platform during a credentials exchange. */
export interface PartnerCallLimits {
  /** Each request is aborted after this long (headers and body). */
  readonly timeout_ms: number;
  /** Attempts per request: network errors, timeouts and HTTP 5xx are tried again. */
  readonly attempts_max: number;
  /** Pause before attempt n + 1: n x this. */
  readonly backoff_ms: number;
  /** The whole exchange's calls (versions and details) end within this, whatever the attempts. */
  readonly exchange_ms: number;
}

export const DEFAULT_PARTNER_CALL_LIMITS: PartnerCallLimits = {
  timeout_ms: 5_000,
  attempts_max: 3,
  backoff_ms: 200,
  exchange_ms: 20_000,
};

/** Largest answer read from a partner (a versions list or version details). */
const ANSWER_BYTES_MAX = 1_000_000;

export interface PartnerPlatform {
  readonly version: string;
  readonly endpoints: readonly Endpoint[];
}

/**
 * The partner's platform as the credentials chapter has the ledger read it: `GET` its versions
 * URL with its token (CREDENTIALS_TOKEN_B), pick the version the exchange came in on, `GET` that
 * version's details. Whatever fails is a 3001 (the client's API cannot be used), a version it
 * does not offer 3002, details without a credentials endpoint 3003 - each with the reason.
 */
export async function readPartnerPlatform(
  versions_url: string,
  token: string,
  wanted_version: string,
  limits: PartnerCallLimits,
): Promise<PartnerPlatform> {
  const deadline_ms = Date.now() + limits.exchange_ms;
  const getOcpi = (url: string) => getOcpiUntil(url, token, limits, deadline_ms);
  const versions = parseVersionList(await getOcpi(versions_url));
  if (typeof versions === 'string') throw unusable(`versions ${versions_url}: ${versions}`);
  const mutual = mutualVersion(versions, wanted_version);
  if (mutual === null) {
    throw new OcpiRefusal(
      400,
      OcpiStatus.UNSUPPORTED_VERSION,
      'unsupported_version',
      `the partner's versions (${versions.map((v) => v.version).join(', ')}) do not include ` +
        `${wanted_version}, the version of this credentials endpoint`,
    );
  }
  const endpoints = parseVersionDetails(await getOcpi(mutual.url), wanted_version);
  if (typeof endpoints === 'string') throw unusable(`version details ${mutual.url}: ${endpoints}`);
  if (!endpoints.some((endpoint) => endpoint.identifier === 'credentials')) {
    throw new OcpiRefusal(
      400,
      OcpiStatus.NO_MATCHING_ENDPOINTS,
      'no_matching_endpoints',
      `the partner's ${wanted_version} details list no credentials endpoint`,
    );
  }
  return { version: wanted_version, endpoints };
}

/** One OCPI GET with bounded attempts; the envelope's `data`, or a 3001 naming the reason. */
async function getOcpiUntil(
  url: string,
  token: string,
  limits: PartnerCallLimits,
  deadline_ms: number,
): Promise<unknown> {
  let last_failure = `no time left of the exchange's ${limits.exchange_ms} ms`;
  for (let attempt = 1; attempt <= limits.attempts_max; attempt += 1) {
    if (attempt > 1) await sleep(limits.backoff_ms * (attempt - 1));
    const left_ms = deadline_ms - Date.now();
    if (left_ms <= 0) break;
    const outcome = await attemptGet(url, token, Math.min(limits.timeout_ms, left_ms));
    if (outcome.kind === 'answer') {
      const data = envelopeData(outcome.body);
      if (typeof data === 'string') throw unusable(`GET ${url}: ${data}`);
      return data.data;
    }
    last_failure = outcome.reason;
    if (!outcome.retry) break;
  }
  throw unusable(`GET ${url}: ${last_failure}`);
}

type Attempt =
  | { readonly kind: 'answer'; readonly body: unknown }
  | { readonly kind: 'failure'; readonly reason: string; readonly retry: boolean };

async function attemptGet(url: string, token: string, timeout_ms: number): Promise<Attempt> {
  try {
    const response = await fetch(url, {
      method: 'GET',
      redirect: 'error',
      headers: {
        Authorization: `Token ${Buffer.from(token, 'utf8').toString('base64')}`,
        Accept: 'application/json',
      },
      signal: AbortSignal.timeout(timeout_ms),
    });
    if (Number(response.headers.get('content-length') ?? 0) > ANSWER_BYTES_MAX) {
      await response.body?.cancel();
      return { kind: 'failure', reason: 'the answer is too large', retry: false };
    }
    const text = await response.text();
    if (response.status >= 500) {
      return { kind: 'failure', reason: `HTTP ${response.status}`, retry: true };
    }
    if (response.status !== 200) {
      return { kind: 'failure', reason: `HTTP ${response.status}`, retry: false };
    }
    if (text.length > ANSWER_BYTES_MAX) {
      return { kind: 'failure', reason: 'the answer is too large', retry: false };
    }
    try {
      return { kind: 'answer', body: JSON.parse(text) as unknown };
    } catch {
      return { kind: 'failure', reason: 'the answer is not JSON', retry: false };
    }
  } catch (error) {
    return { kind: 'failure', reason: describeFetchError(error, timeout_ms), retry: true };
  }
}

function describeFetchError(error: unknown, timeout_ms: number): string {
  if (error instanceof DOMException && error.name === 'TimeoutError') {
    return `no answer within ${timeout_ms} ms`;
  }
  const cause = (error as { cause?: { code?: unknown; message?: unknown } } | null)?.cause;
  if (cause && typeof cause.code === 'string') return `unreachable (${cause.code})`;
  return `unreachable (${error instanceof Error ? error.message : String(error)})`;
}

function unusable(message: string): OcpiRefusal {
  return new OcpiRefusal(
    400,
    OcpiStatus.UNABLE_TO_USE_CLIENT_API,
    'unable_to_use_client_api',
    `cannot use the partner's OCPI API: ${message}`,
  );
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
