import { createServer } from 'node:http';
import { type AddressInfo, connect, type Socket } from 'node:net';

/**
 * An HTTP CONNECT proxy on 127.0.0.1 that tunnels every CONNECT to one local port. With
 * `grpc_proxy=http://127.0.0.1:<port>` (read by @grpc/grpc-js, not by the HTTP clients that talk to the
 * metadata server), a client keeps its production target (`secretmanager.googleapis.com:443`, TLS with
 * that name) and still reaches the local fake: no endpoint option, no DNS, no Internet.
 */
export interface ConnectProxy {
  url: string;
  /** `host:port` of every CONNECT seen, in order. */
  authorities: string[];
  close(): Promise<void>;
}

export async function startConnectProxy(targetPort: number): Promise<ConnectProxy> {
  const authorities: string[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((_req, res) => {
    res.writeHead(405).end('CONNECT only');
  });
  server.on('connect', (req, client: Socket, head: Buffer) => {
    authorities.push(req.url ?? '');
    const upstream = connect(targetPort, '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    authorities,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
