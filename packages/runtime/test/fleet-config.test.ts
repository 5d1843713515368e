import { readFileSync } from 'node:fs';
import { isKeyrollError } from '@keyroll/core';
import { describe, expect, it } from 'vitest';
import { fleetJsonSchema, SCHEMA_FILE } from '../src/config/write-schema.ts';
import { parseFleetConfig } from '../src/index.ts';

const GOOD = `
# yaml-language-server: $schema=./keyroll.schema.json
version: 1
defaults:
  mode: admin
  adminKey: azure-keyvault://kv-ops.vault.azure.net/prisma-admin
  policy: { validityDays: 30, rotateAfterDays: 20 }
allowApiOrigins: [https://api2.prismacloud.io]
fleet:
  concurrency: 16
  rateLimit: { ratePerSecond: 20, burst: 20 }
credentials:
  github: { token: azure-keyvault://kv-ops.vault.azure.net/github-token }
accounts:
  - name: ci-scanner
    serviceAccount: ci-scanner
    primary: azure-keyvault://kv-prod.vault.azure.net/prisma-ci
    mirrors:
      - github://acme/api/PRISMA
      - github://acme/web/environments/prod/PRISMA
  - name: local
    mode: self
    policy: { minAgeHours: 1 }
    primary: file:secrets/local.json
`;

function configError(text: string): string {
  try {
    parseFleetConfig(text, '/etc/keyroll/keyroll.yaml');
  } catch (err) {
    if (isKeyrollError(err) && err.category === 'config') return err.message;
    throw err;
  }
  throw new Error('expected a configuration error');
}

describe('keyroll.yaml', () => {
  it('reads accounts with defaults, policy, primary and mirrors; relative files resolve beside the file', () => {
    const config = parseFleetConfig(GOOD, '/etc/keyroll/keyroll.yaml');
    expect(config.accounts.map((a) => [a.name, a.mode])).toEqual([
      ['ci-scanner', 'admin'],
      ['local', 'self'],
    ]);
    const [ci, local] = config.accounts;
    expect(ci!.policy).toMatchObject({
      validityDays: 30,
      rotateAfterDays: 20,
      mode: 'admin',
      minAgeHours: 24,
    });
    expect(ci!.adminKey).toEqual({
      scheme: 'azure-keyvault',
      vaultUrl: 'https://kv-ops.vault.azure.net',
      secretName: 'prisma-admin',
    });
    expect(ci!.mirrors.map((m) => m.scheme)).toEqual(['github', 'github']);
    expect(local!.primary).toEqual({ scheme: 'file', path: '/etc/keyroll/secrets/local.json' });
    expect(local!.policy).toMatchObject({ validityDays: 30, minAgeHours: 1, mode: 'self' });
    expect(config).toMatchObject({
      concurrency: 16,
      rateLimit: { ratePerSecond: 20, burst: 20 },
      allowApiOrigins: ['https://api2.prismacloud.io'],
      stateFile: '/etc/keyroll/.keyroll-state.json',
      github: { writesPerHour: 500, writesPerMinute: 80 },
    });
  });

  it.each([
    ['version: 2\naccounts: [{name: a, primary: "file:a"}]', /version/],
    ['version: 1\naccounts: []', /accounts/],
    ['version: 1\naccounts: [{name: a, primary: "file:a", extra: 1}]', /accounts\[0\].*extra/],
    [
      'version: 1\naccounts: [{name: a, mode: admin, adminKey: "github://o/r/S", primary: "file:a"}]',
      /accounts\[0\]\.adminKey: a GitHub secret cannot be read/,
    ],
    ['version: 1\naccounts: [{name: a, primary: "s3://b/k"}]', /accounts\[0\]\.primary.*unknown scheme/],
    ['version: 1\naccounts: [{name: a, primary: "file:a", mirrors: ["file:b", "file:b"]}]', /listed twice/],
    [
      'version: 1\naccounts: [{name: a, primary: "file:a"}, {name: a, primary: "file:b"}]',
      /used by two accounts/,
    ],
    [
      'version: 1\naccounts: [{name: a, primary: "file:x"}, {name: b, primary: "file:x"}]',
      /also the primary of a/,
    ],
    ['version: 1\naccounts: [{name: a, mode: admin, primary: "file:a"}]', /admin mode needs adminKey/],
    ['version: 1\naccounts: [{name: a, primary: "file:a", policy: {validityDays: -1}}]', /validityDays/],
    ['version: 1\naccounts: [{name: a, primary: "file:a", policy: {mode: admin}}]', /mode/],
    ['version: 1\nversion: 1\naccounts: []', /not valid YAML/],
    ['version: 1\naccounts: [{name: "a b", primary: "file:a"}]', /name/],
  ])('refuses %j clearly', (text, why) => {
    const message = configError(text);
    expect(message).toMatch(why);
    expect(message).toContain('/etc/keyroll/keyroll.yaml');
  });

  it('takes a github:// primary as a GitHub-only account (rotated by the Action, status from its metadata)', () => {
    const config = parseFleetConfig(
      'version: 1\naccounts: [{name: gh, primary: "repo:acme/api:PRISMA", mirrors: ["github://acme/web/PRISMA"]}]',
      '/etc/keyroll/keyroll.yaml',
    );
    expect(config.accounts[0]!.primary).toMatchObject({ scheme: 'github', names: ['PRISMA'] });
  });

  it('the committed JSON Schema is the one the zod schema generates (regenerate with write-schema.ts)', () => {
    expect(JSON.parse(readFileSync(SCHEMA_FILE, 'utf8'))).toEqual(fleetJsonSchema());
  });

  it('the JSON Schema refuses what zod refuses and names every account field', () => {
    const schema = fleetJsonSchema() as {
      required: string[];
      additionalProperties: boolean;
      properties: { accounts: { items: { required: string[]; properties: Record<string, unknown> } } };
    };
    expect(schema.required.sort()).toEqual(['accounts', 'version']);
    expect(schema.additionalProperties).toBe(false);
    expect(schema.properties.accounts.items.required.sort()).toEqual(['name', 'primary']);
    expect(Object.keys(schema.properties.accounts.items.properties).sort()).toEqual(
      ['adminKey', 'mirrors', 'mode', 'name', 'policy', 'primary', 'serviceAccount'].sort(),
    );
  });
});
