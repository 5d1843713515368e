import selfsigned from 'selfsigned';

/** A self-signed certificate for the Secret Manager fake, valid for the production host name. */
export interface GcpFakeTls {
  /** PEM; trust it as the root (GRPC_DEFAULT_SSL_ROOTS_FILE_PATH) on the client side. */
  cert: string;
  key: string;
}

let cached: Promise<GcpFakeTls> | undefined;

/**
 * One per process (generation costs ~0.3 s). SAN: secretmanager.googleapis.com, *.googleapis.com, the
 * regional endpoints of REGIONAL_TEST_LOCATIONS (a wildcard covers one label only), 127.0.0.1.
 */
export const REGIONAL_TEST_LOCATIONS = ['europe-west1', 'us-central1'] as const;

export function gcpFakeTls(): Promise<GcpFakeTls> {
  cached ??= selfsigned
    .generate([{ name: 'commonName', value: 'secretmanager.googleapis.com' }], {
      keySize: 2048,
      algorithm: 'sha256',
      notAfterDate: new Date(Date.now() + 7 * 86_400_000),
      extensions: [
        { name: 'basicConstraints', cA: true },
        { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, keyCertSign: true },
        { name: 'extKeyUsage', serverAuth: true },
        {
          name: 'subjectAltName',
          altNames: [
            { type: 2, value: 'secretmanager.googleapis.com' },
            { type: 2, value: '*.googleapis.com' },
            ...REGIONAL_TEST_LOCATIONS.map((l) => ({
              type: 2 as const,
              value: `secretmanager.${l}.rep.googleapis.com`,
            })),
            { type: 7, ip: '127.0.0.1' },
          ],
        },
      ],
    })
    .then((pems) => ({ cert: pems.cert, key: pems.private }));
  return cached;
}
