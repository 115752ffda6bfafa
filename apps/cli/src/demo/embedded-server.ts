/**
 * The API served in this process on the embedded (sqlite) store, listening on an ephemeral
 * loopback port, so the demo can drive it over real HTTP like any partner.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { createApp } from '../../../api/src/main.js';

export interface EmbeddedServer {
  readonly base_url: string;
  readonly admin_token: string;
  close(): Promise<void>;
}

export async function startEmbeddedServer(data_dir: string): Promise<EmbeddedServer> {
  mkdirSync(data_dir, { recursive: true });
  const admin_token = randomBytes(24).toString('base64url');
  const app = await createApp({
    data_dir,
    event_store: 'sqlite',
    admin_token,
    admin_token_generated: false,
    request_log: false,
  });
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  return {
    base_url: `http://127.0.0.1:${port}`,
    admin_token,
    close: () => app.close(),
  };
}
