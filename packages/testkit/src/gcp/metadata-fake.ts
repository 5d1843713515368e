import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FaultInjector, sleep } from '../faults.ts';

/**
 * A GCE metadata server on 127.0.0.1, the one every Cloud Run function has: point `GCE_METADATA_HOST`
 * at `host` and Application Default Credentials take their token from here, exactly as in production.
 * Like the real one it answers only requests carrying `Metadata-Flavor: Google` and stamps the same
 * header on every answer (google-auth-library rejects answers without it).
 */
export interface MetadataServerFakeOptions {
  faults?: FaultInjector;
  projectId?: string;
  projectNumber?: string;
  serviceAccount?: string;
  /** The access token handed out (tests look for it in the Authorization header the service sees). */
  accessToken?: string;
}

export interface MetadataServerFake {
  /** `127.0.0.1:<port>`, the value for GCE_METADATA_HOST. */
  host: string;
  accessToken: string;
  faults: FaultInjector;
  /** Paths requested (without query), in order. */
  requests: string[];
  close(): Promise<void>;
}

export async function startMetadataServerFake(
  options: MetadataServerFakeOptions = {},
): Promise<MetadataServerFake> {
  const faults = options.faults ?? new FaultInjector();
  const accessToken =
    options.accessToken ?? `ya29.fake-metadata-token-${Math.random().toString(36).slice(2, 10)}`;
  const requests: string[] = [];
  const values: Record<string, string> = {
    '/computeMetadata/v1/project/project-id': options.projectId ?? 'acme-prod',
    '/computeMetadata/v1/project/numeric-project-id': options.projectNumber ?? '123456789012',
    '/computeMetadata/v1/universe/universe-domain': 'googleapis.com',
    '/computeMetadata/v1/instance/service-accounts/default/email':
      options.serviceAccount ?? 'keyroll-rotator@acme-prod.iam.gserviceaccount.com',
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? '/', 'http://metadata').pathname.replace(/\/+$/, '');
    requests.push(path);
    const send = (status: number, body: string, type = 'application/text') => {
      res.writeHead(status, { 'Metadata-Flavor': 'Google', 'Content-Type': type });
      res.end(body);
    };
    const fault = faults.take(`GET ${path}`);
    if (fault?.kind === 'error') return send(fault.status ?? 503, fault.body ?? 'injected fault');
    if (fault?.kind === 'timeout' || fault?.kind === 'hang-after-apply') return;
    if (fault?.kind === 'drop-after-apply') return req.socket.destroy();
    if (fault?.kind === 'delay') await sleep(fault.delayMs ?? 0);
    if (req.headers['metadata-flavor'] !== 'Google')
      return send(403, 'Missing Metadata-Flavor:Google header.');
    if (path === '/computeMetadata/v1/instance/service-accounts/default/token') {
      return send(
        200,
        JSON.stringify({ access_token: accessToken, expires_in: 3599, token_type: 'Bearer' }),
        'application/json',
      );
    }
    const value = values[path];
    if (value !== undefined) return send(200, value);
    // Directory listings (the availability ping asks for /instance).
    if (path === '/computeMetadata/v1/instance' || path === '/computeMetadata/v1/project')
      return send(200, '');
    return send(404, 'Not Found');
  };

  const server = createServer((req, res) => {
    handle(req, res).catch(() => res.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    host: `127.0.0.1:${port}`,
    accessToken,
    faults,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
