import { randomBytes } from 'node:crypto';

/** The service's settings, read once from the environment (INTERFACES.md "HTTP API"). */
export interface ApiConfig {
  readonly port: number;
  readonly data_dir: string;
  /** `sqlite` (default) or a `kurrentdb://` / `esdb://` connection string. */
  readonly event_store: string;
  readonly admin_token: string;
  /** True when the admin token was generated at start and must be shown to the operator. */
  readonly admin_token_generated: boolean;
  /** Write one JSON log line per request. */
  readonly request_log: boolean;
}

export const API_CONFIG = Symbol('API_CONFIG');

export function configFromEnv(env: NodeJS.ProcessEnv = process.env): ApiConfig {
  const admin_token = env.LEDGER_ADMIN_TOKEN;
  return {
    port: Number(env.PORT ?? 3000),
    data_dir: env.LEDGER_DATA_DIR ?? './data',
    event_store: env.LEDGER_EVENT_STORE ?? 'sqlite',
    admin_token: admin_token || randomBytes(24).toString('base64url'),
    admin_token_generated: !admin_token,
    request_log: env.LEDGER_REQUEST_LOG !== 'off',
  };
}
