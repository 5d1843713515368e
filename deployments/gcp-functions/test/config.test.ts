import { isKeyrollError } from '@keyroll/core';
import { describe, expect, it } from 'vitest';
import { ENV, loadConfig } from '../src/index.ts';

const SECRET = 'projects/acme-prod/secrets/prisma-sa';

function configError(env: NodeJS.ProcessEnv): { code: string; message: string } {
  try {
    loadConfig(env);
  } catch (err) {
    expect(isKeyrollError(err) && err.category).toBe('config');
    return err as { code: string; message: string };
  }
  throw new Error('expected a ConfigError');
}

describe('function configuration from the environment', () => {
  it('reads a full configuration', () => {
    const config = loadConfig({
      [ENV.mode]: 'admin',
      [ENV.adminSecret]: 'projects/acme-prod/secrets/prisma-admin',
      [ENV.serviceAccount]: 'sa-ci',
      [ENV.allowedApiOrigins]: 'https://api.eu.example.test',
      [ENV.managedSecrets]: `${SECRET}, projects/acme-prod/secrets/other`,
      [ENV.rotateNewSecrets]: 'false',
      [ENV.logLevel]: 'debug',
      [ENV.validityDays]: '30',
      [ENV.minAgeHours]: '12',
      [ENV.keyLimit]: '2',
      [ENV.lockLeaseMinutes]: '10',
    });
    expect(config).toMatchObject({
      mode: 'admin',
      adminSecret: 'projects/acme-prod/secrets/prisma-admin',
      serviceAccount: 'sa-ci',
      allowedApiOrigins: ['https://api.eu.example.test'],
      managedSecrets: [SECRET, 'projects/acme-prod/secrets/other'],
      rotateNewSecrets: false,
      logLevel: 'debug',
      policy: { mode: 'admin', validityDays: 30, minAgeHours: 12, keyLimit: 2, lockLeaseMinutes: 10 },
    });
  });

  it('defaults to self mode, any labelled secret, rotating new secrets', () => {
    expect(loadConfig({})).toMatchObject({
      mode: 'self',
      managedSecrets: undefined,
      rotateNewSecrets: true,
      logLevel: 'info',
    });
  });

  it.each([
    [{ [ENV.mode]: 'sideways' }, ENV.mode],
    [{ [ENV.mode]: 'admin' }, ENV.adminSecret],
    [{ [ENV.adminSecret]: 'prisma-admin' }, ENV.adminSecret],
    [{ [ENV.managedSecrets]: 'prisma-sa' }, ENV.managedSecrets],
    [{ [ENV.allowedApiOrigins]: 'not a url' }, ENV.allowedApiOrigins],
    [{ [ENV.rotateNewSecrets]: 'yes' }, ENV.rotateNewSecrets],
    [{ [ENV.validityDays]: 'ninety' }, ENV.validityDays],
    // A value out of range is named by the policy field (the runtime's policyFromSettings message).
    [{ [ENV.keyLimit]: '3' }, 'keyLimit'],
    [{ [ENV.logLevel]: 'loud' }, ENV.logLevel],
    [{ [ENV.projectId]: 'acme-prod' }, ENV.projectNumber],
    [{ [ENV.projectId]: 'acme-prod', [ENV.projectNumber]: 'acme-prod' }, ENV.projectNumber],
    [{ [ENV.projectId]: 'Acme Prod!', [ENV.projectNumber]: '123456789012' }, ENV.projectId],
  ])('names the variable that is wrong (%o)', (env, variable) => {
    expect(configError(env).message).toContain(variable);
  });

  it('rejects a policy the engine would reject, at start', () => {
    expect(configError({ [ENV.validityDays]: '5000' }).code).toBe('invalid_setting');
  });

  it('takes its own project from KEYROLL_PROJECT_ID and KEYROLL_PROJECT_NUMBER (both or neither)', () => {
    expect(loadConfig({ [ENV.projectId]: 'acme-prod', [ENV.projectNumber]: '123456789012' }).project).toEqual(
      {
        id: 'acme-prod',
        number: '123456789012',
      },
    );
    expect(loadConfig({}).project).toBeUndefined();
  });
});
