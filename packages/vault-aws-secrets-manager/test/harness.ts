import {
  type ContainerCredentialsFake,
  type SecretsManagerFake,
  type SecretsManagerFakeOptions,
  startContainerCredentialsFake,
  startSecretsManagerFake,
  useAwsFakeEnvironment,
} from '@keyroll/testkit';
import { AwsSecretsManagerAdapter, type AwsSecretsManagerAdapterOptions } from '../src/index.ts';

/**
 * The Secrets Manager fake and the container-credentials fake, reached the way a Lambda reaches AWS:
 * through the SDK's default chain, configured only by environment variables. Adapters get no endpoint
 * and no credentials in code; fault tests pass SDK settings (maxAttempts, requestTimeout) as clientConfig.
 */
export interface AwsWorld {
  sm: SecretsManagerFake;
  creds: ContainerCredentialsFake;
  open(secret: string, options?: Partial<AwsSecretsManagerAdapterOptions>): AwsSecretsManagerAdapter;
  close(): Promise<void>;
}

export async function startAwsWorld(options: SecretsManagerFakeOptions = {}): Promise<AwsWorld> {
  const creds = await startContainerCredentialsFake();
  const sm = await startSecretsManagerFake({ ...options, acceptAccessKeyId: (id) => creds.issued.has(id) });
  const restore = useAwsFakeEnvironment({ endpoint: sm.url, credentials: creds.env, region: sm.region });
  const adapters: AwsSecretsManagerAdapter[] = [];
  return {
    sm,
    creds,
    open(secret, extra = {}) {
      const a = new AwsSecretsManagerAdapter({ secret, ...extra });
      adapters.push(a);
      return a;
    },
    async close() {
      for (const a of adapters) a.close();
      restore();
      await Promise.all([sm.close(), creds.close()]);
    },
  };
}

/** SDK settings for fault tests: one attempt, a short socket timeout (the SDK's own configuration). */
export const oneShot = {
  maxAttempts: 1,
  // Without throwOnRequestTimeout, the SDK only logs a warning when requestTimeout passes.
  requestHandler: { requestTimeout: 500, throwOnRequestTimeout: true },
} as const;
