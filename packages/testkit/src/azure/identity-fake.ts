import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { FaultInjector, sleep } from '../faults.ts';

/**
 * The App Service / Functions managed-identity endpoint (`IDENTITY_ENDPOINT` + `IDENTITY_HEADER`), so
 * `DefaultAzureCredential` runs its production chain unchanged. It answers
 * `GET <path>?api-version=2019-08-01&resource=<r>` carrying the `x-identity-header` secret with
 * `{access_token, expires_on (unix seconds, string), resource, token_type}`.
 *
 * Fault call name: `GetToken` (detail: the requested resource).
 */
export interface ManagedIdentityFakeOptions {
  faults?: FaultInjector;
  /** Token lifetime in seconds. */
  lifetimeSeconds?: number;
}

export interface ManagedIdentityTokenRequest {
  resource: string | null;
  apiVersion: string | null;
  clientId: string | null;
  headerOk: boolean;
}

export interface ManagedIdentityFake {
  /** http://127.0.0.1:<port>/msi/token */
  readonly endpoint: string;
  /** The secret the caller must send as x-identity-header. */
  readonly header: string;
  /** The two settings a Function App has; assign them to process.env before creating the credential. */
  readonly env: { IDENTITY_ENDPOINT: string; IDENTITY_HEADER: string };
  readonly faults: FaultInjector;
  readonly requests: ManagedIdentityTokenRequest[];
  /** Tokens handed out so far; a resource fake can accept only these. */
  readonly issued: Set<string>;
  close(): Promise<void>;
}

export async function startManagedIdentityFake(
  options: ManagedIdentityFakeOptions = {},
): Promise<ManagedIdentityFake> {
  const faults = options.faults ?? new FaultInjector();
  const header = randomBytes(16).toString('hex');
  const requests: ManagedIdentityTokenRequest[] = [];
  const issued = new Set<string>();
  const sockets = new Set<Socket>();

  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const headerOk = req.headers['x-identity-header'] === header;
    const resource = url.searchParams.get('resource');
    requests.push({
      resource,
      apiVersion: url.searchParams.get('api-version'),
      clientId: url.searchParams.get('client_id'),
      headerOk,
    });
    const fault = faults.take('GetToken', resource);
    if (fault?.kind === 'timeout' || fault?.kind === 'hang-after-apply') return;
    if (fault?.kind === 'delay') await sleep(fault.delayMs ?? 0);
    if (fault?.kind === 'error') {
      res.writeHead(fault.status ?? 500, { 'content-type': 'application/json', ...fault.headers });
      res.end(fault.body ?? JSON.stringify({ error: 'injected', error_description: 'Injected fault.' }));
      return;
    }
    if (req.method !== 'GET' || url.pathname !== '/msi/token' || !headerOk || !resource) {
      res.writeHead(400, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: 'invalid_request', error_description: 'Bad token request.' }));
      return;
    }
    const token = `fake-mi-${randomBytes(12).toString('hex')}`;
    issued.add(token);
    if (fault?.kind === 'drop-after-apply') {
      req.socket.destroy();
      return;
    }
    const expiresOn = Math.floor(Date.now() / 1000) + (options.lifetimeSeconds ?? 3600);
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        access_token: token,
        expires_on: String(expiresOn),
        resource,
        token_type: 'Bearer',
        client_id: url.searchParams.get('client_id') ?? '00000000-0000-0000-0000-000000000001',
      }),
    );
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const endpoint = `http://127.0.0.1:${port}/msi/token`;

  return {
    endpoint,
    header,
    env: { IDENTITY_ENDPOINT: endpoint, IDENTITY_HEADER: header },
    faults,
    requests,
    issued,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
