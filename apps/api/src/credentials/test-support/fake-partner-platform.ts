import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** How the fake platform answers the ledger's GETs. */
export type FakeBehaviour =
  | 'ocpi' // a correct 2.2.1 versions list and details
  | 'not-ocpi' // 200 with JSON that is not an OCPI response
  | 'html' // 200 with an HTML page
  | 'other-version' // offers only 2.1.1
  | 'no-credentials' // details without a credentials endpoint
  | 'hang'; // accepts the connection and never answers

/**
 * A partner's OCPI platform faked on loopback (a node http server on 127.0.0.1, a free port
 * chosen by the system): it serves `/ocpi/versions` and `/ocpi/2.2.1` to a caller presenting
 * the expected token, and records the Authorization headers it received.
 */
export class FakePartnerPlatform {
  behaviour: FakeBehaviour = 'ocpi';
  /** The token (CREDENTIALS_TOKEN_B) it expects, plain; sent base64-encoded by OCPI 2.2.x. */
  expected_token = '';
  readonly authorizations: string[] = [];
  private readonly hanging: ServerResponse[] = [];

  private constructor(private readonly server: Server) {}

  static async start(): Promise<FakePartnerPlatform> {
    let platform: FakePartnerPlatform | null = null;
    const server = createServer((request, response) => platform!.answer(request, response));
    platform = new FakePartnerPlatform(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return platform;
  }

  get base_url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  get versions_url(): string {
    return `${this.base_url}/ocpi/versions`;
  }

  async stop(): Promise<void> {
    for (const response of this.hanging) response.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private answer(request: IncomingMessage, response: ServerResponse): void {
    this.authorizations.push(request.headers.authorization ?? '');
    if (this.behaviour === 'hang') {
      this.hanging.push(response);
      return;
    }
    const expected = `Token ${Buffer.from(this.expected_token).toString('base64')}`;
    if (request.headers.authorization !== expected)
      return this.send(response, 401, envelope(null, 2000));
    if (this.behaviour === 'html') {
      response.writeHead(200, { 'Content-Type': 'text/html' }).end('<html>It works!</html>');
      return;
    }
    if (this.behaviour === 'not-ocpi') return this.send(response, 200, { versions: ['2.2.1'] });
    if (request.url === '/ocpi/versions') {
      const version = this.behaviour === 'other-version' ? '2.1.1' : '2.2.1';
      return this.send(
        response,
        200,
        envelope([{ version, url: `${this.base_url}/ocpi/${version}` }]),
      );
    }
    if (request.url === '/ocpi/2.2.1') {
      const modules = this.behaviour === 'no-credentials' ? ['cdrs'] : ['credentials', 'cdrs'];
      const endpoints = modules.map((identifier) => ({
        identifier,
        role: 'SENDER',
        url: `${this.base_url}/ocpi/2.2.1/${identifier}`,
      }));
      return this.send(response, 200, envelope({ version: '2.2.1', endpoints }));
    }
    this.send(response, 404, envelope(null, 2000));
  }

  private send(response: ServerResponse, status: number, body: unknown): void {
    response.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
  }
}

function envelope(data: unknown, status_code = 1000) {
  return { data, status_code, timestamp: '2026-12-03T09:00:00Z' };
}
