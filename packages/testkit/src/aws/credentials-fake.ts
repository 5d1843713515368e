import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { FaultInjector, sleep } from '../faults.ts';

/**
 * The container credentials endpoint (ECS tasks, Lambda SnapStart, EKS Pod Identity) that the SDK's
 * default chain reads when `AWS_CONTAINER_CREDENTIALS_FULL_URI` is set (loopback http is allowed), with
 * `AWS_CONTAINER_AUTHORIZATION_TOKEN` sent as the Authorization header. It answers
 * `{AccessKeyId, SecretAccessKey, Token, Expiration}`.
 *
 * Fault call name: `GetCredentials`.
 */
export interface ContainerCredentialsFake {
  readonly url: string;
  /** The variables to put in process.env before creating a client. */
  readonly env: { AWS_CONTAINER_CREDENTIALS_FULL_URI: string; AWS_CONTAINER_AUTHORIZATION_TOKEN: string };
  readonly faults: FaultInjector;
  /** Access key ids handed out; a service fake can accept only these. */
  readonly issued: Set<string>;
  readonly requests: Array<{ authorized: boolean }>;
  close(): Promise<void>;
}

export async function startContainerCredentialsFake(
  options: { faults?: FaultInjector; lifetimeSeconds?: number } = {},
): Promise<ContainerCredentialsFake> {
  const faults = options.faults ?? new FaultInjector();
  const authToken = randomBytes(16).toString('hex');
  const issued = new Set<string>();
  const requests: Array<{ authorized: boolean }> = [];
  const sockets = new Set<Socket>();

  const server = http.createServer(async (req, res) => {
    const authorized = req.headers.authorization === authToken;
    requests.push({ authorized });
    const fault = faults.take('GetCredentials');
    if (fault?.kind === 'timeout' || fault?.kind === 'hang-after-apply') return;
    if (fault?.kind === 'delay') await sleep(fault.delayMs ?? 0);
    if (fault?.kind === 'error' || !authorized || req.method !== 'GET' || req.url !== '/creds') {
      res.writeHead(fault?.status ?? 403, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ code: 'AccessDenied', message: 'Not authorized.' }));
      return;
    }
    const accessKeyId = `ASIA${randomBytes(8).toString('hex').toUpperCase()}`;
    issued.add(accessKeyId);
    if (fault?.kind === 'drop-after-apply') {
      req.socket.destroy();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        AccessKeyId: accessKeyId,
        SecretAccessKey: randomBytes(20).toString('base64'),
        Token: randomBytes(32).toString('base64'),
        Expiration: new Date(Date.now() + (options.lifetimeSeconds ?? 3600) * 1000).toISOString(),
      }),
    );
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}/creds`;
  return {
    url,
    env: { AWS_CONTAINER_CREDENTIALS_FULL_URI: url, AWS_CONTAINER_AUTHORIZATION_TOKEN: authToken },
    faults,
    issued,
    requests,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
