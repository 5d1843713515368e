import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Points the SDK's own configuration at the fakes through the environment, the way a Lambda or an ECS
 * task is configured: the service endpoint (`AWS_ENDPOINT_URL_SECRETS_MANAGER`), the container
 * credentials endpoint, the region. Every other source of the default credential chain is switched
 * off (environment keys, profiles, web identity, EC2 metadata) so the chain cannot reach anything but
 * the fake. Returns a function that puts the previous environment back.
 */
export function useAwsFakeEnvironment(settings: {
  endpoint: string;
  credentials: Record<string, string>;
  region?: string;
}): () => void {
  const missing = join(tmpdir(), 'keyroll-no-aws-config-here');
  const next: Record<string, string | undefined> = {
    AWS_ENDPOINT_URL_SECRETS_MANAGER: settings.endpoint,
    AWS_REGION: settings.region ?? 'us-east-1',
    AWS_DEFAULT_REGION: undefined,
    AWS_ACCESS_KEY_ID: undefined,
    AWS_SECRET_ACCESS_KEY: undefined,
    AWS_SESSION_TOKEN: undefined,
    AWS_PROFILE: undefined,
    AWS_ROLE_ARN: undefined,
    AWS_WEB_IDENTITY_TOKEN_FILE: undefined,
    AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: undefined,
    AWS_ENDPOINT_URL: undefined,
    AWS_CONFIG_FILE: missing,
    AWS_SHARED_CREDENTIALS_FILE: missing,
    AWS_EC2_METADATA_DISABLED: 'true',
    ...settings.credentials,
  };
  const previous = Object.fromEntries(Object.keys(next).map((k) => [k, process.env[k]]));
  const apply = (values: Record<string, string | undefined>) => {
    for (const [k, v] of Object.entries(values)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  };
  apply(next);
  return () => apply(previous);
}
