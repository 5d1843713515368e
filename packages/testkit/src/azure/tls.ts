import https from 'node:https';
import type { LookupFunction } from 'node:net';
import selfsigned from 'selfsigned';

/** A self-signed server certificate for fakes that stand in for public Azure hosts. */
export interface AzureFakeTls {
  /** PEM certificate; trust it as a CA on the client side. */
  cert: string;
  /** PEM private key of the fake server. */
  key: string;
}

let cached: Promise<AzureFakeTls> | undefined;

/**
 * One certificate per test process (generation costs ~0.3 s). The SAN covers the production host names
 * (`*.vault.azure.net`) so the SDK can keep its real URL and challenge-resource check, plus loopback.
 */
export function azureFakeTls(): Promise<AzureFakeTls> {
  cached ??= selfsigned
    .generate([{ name: 'commonName', value: 'vault.azure.net' }], {
      keySize: 2048,
      algorithm: 'sha256',
      notAfterDate: new Date(Date.now() + 7 * 86_400_000),
      extensions: [
        { name: 'basicConstraints', cA: false },
        { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
        { name: 'extKeyUsage', serverAuth: true },
        {
          name: 'subjectAltName',
          altNames: [
            { type: 2, value: '*.vault.azure.net' },
            { type: 2, value: 'localhost' },
            { type: 7, ip: '127.0.0.1' },
          ],
        },
      ],
    })
    .then((pems) => ({ cert: pems.cert, key: pems.private }));
  return cached;
}

/** Resolves every host name to 127.0.0.1, so production URLs reach the local fake and nothing else. */
export const loopbackLookup: LookupFunction = (_hostname, options, callback) => {
  if (options?.all) {
    (callback as unknown as (err: null, addresses: Array<{ address: string; family: number }>) => void)(
      null,
      [{ address: '127.0.0.1', family: 4 }],
    );
  } else {
    callback(null, '127.0.0.1', 4);
  }
};

/**
 * The transport seam: an https.Agent that sends every host to loopback and trusts the fake's certificate.
 * Pass it as `clientOptions.agent` to an Azure SDK client; production code is otherwise unchanged.
 */
export function loopbackAgent(ca: string): https.Agent {
  return new https.Agent({ ca, lookup: loopbackLookup, keepAlive: false });
}
