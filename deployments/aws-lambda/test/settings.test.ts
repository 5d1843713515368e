import { ConfigError } from '@keyroll/core';
import { describe, expect, it } from 'vitest';
import { createHandler, ENV, loadConfig, REQUIRED_ENV } from '../src/index.ts';

const ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/keyroll/prisma-ci-AbCdEf';
const base = { KEYROLL_MODE: 'self', KEYROLL_MANAGED_SECRETS: ARN };

const problem = (env: Record<string, string>) => {
  try {
    loadConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  return undefined;
};

describe('loadConfig', () => {
  it('reads the settings terraform/aws sets', () => {
    const config = loadConfig({
      ...base,
      KEYROLL_VALIDITY_DAYS: '60',
      KEYROLL_GRACE_HOURS: '2',
      KEYROLL_ALLOWED_API_ORIGINS: 'https://api.private.example',
      KEYROLL_MIRRORS:
        'aws-secrets-manager://eu-west-1/ci/prisma, github://acme/api/PRISMA_CLOUD?format=checkov',
      KEYROLL_GITHUB_TOKEN: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:gh-token-AbCdEf',
      KEYROLL_LOG_LEVEL: 'WARN',
    });
    expect(config).toMatchObject({
      managedSecrets: [ARN],
      allowedApiOrigins: ['https://api.private.example'],
      mirrors: ['aws-secrets-manager://eu-west-1/ci/prisma', 'github://acme/api/PRISMA_CLOUD?format=checkov'],
      logLevel: 'warn',
    });
    expect(config.policy).toMatchObject({ mode: 'self', validityDays: 60, graceHours: 2 });
  });

  it('requires the managed secrets and names each wrong variable', () => {
    expect(REQUIRED_ENV).toEqual([ENV.mode, ENV.managedSecrets]);
    expect(problem({})).toMatch(/KEYROLL_MANAGED_SECRETS is not set/);
    expect(problem({ KEYROLL_MANAGED_SECRETS: 'arn:aws:s3:::bucket' })).toMatch(/KEYROLL_MANAGED_SECRETS/);
    expect(problem({ ...base, KEYROLL_MODE: 'admin' })).toMatch(/KEYROLL_ADMIN_SECRET is required/);
    expect(problem({ ...base, KEYROLL_GRACE_HOURS: '2h' })).toMatch(/KEYROLL_GRACE_HOURS/);
    expect(problem({ ...base, KEYROLL_ALLOWED_API_ORIGINS: 'not a url' })).toMatch(
      /KEYROLL_ALLOWED_API_ORIGINS/,
    );
    expect(problem({ ...base, KEYROLL_MIRRORS: 'ftp://x' })).toMatch(/KEYROLL_MIRRORS \(item 1\)/);
    expect(problem({ ...base, KEYROLL_LOG_LEVEL: 'loud' })).toMatch(/KEYROLL_LOG_LEVEL/);
  });

  it('a wrong setting fails every invocation with the same error, and nothing is contacted', async () => {
    const lines: string[] = [];
    const write = process.stdout.write;
    process.stdout.write = ((s: string) => lines.push(s) > 0) as typeof process.stdout.write;
    let handler: ReturnType<typeof createHandler>;
    try {
      handler = createHandler({ env: { KEYROLL_MODE: 'self' } });
    } finally {
      process.stdout.write = write;
    }
    expect(lines.join('')).toMatch(/keyroll configuration error: .*KEYROLL_MANAGED_SECRETS/);
    for (let i = 0; i < 2; i++) {
      await expect(handler({ keyroll: 'sweep' })).rejects.toThrow(/KEYROLL_MANAGED_SECRETS is not set/);
    }
  });
});
