import { describe, expect, it } from 'vitest';
import { readInputs } from '../src/inputs.ts';

const credential = {
  apiUrl: 'https://api.prismacloud.io',
  accessKeyId: 'id-1',
  secretKey: 'secret-value-1234',
};
const base: Record<string, string> = {
  'current-secret': JSON.stringify(credential),
  'github-token': 'ghs_app_token',
  targets: 'repo:acme/api:PRISMA_CLOUD',
};
const read = (inputs: Record<string, string>, mask: (s: string) => void = () => {}) =>
  readInputs((name) => inputs[name] ?? '', mask);

describe('Action inputs', () => {
  it('reads defaults and masks every secret it finds', () => {
    const masked: string[] = [];
    const inputs = read({ ...base, 'workflow-token': 'ghs_workflow' }, (s) => masked.push(s));
    expect(inputs).toMatchObject({
      currentValue: base['current-secret'],
      format: 'json',
      mode: 'self',
      dryRun: false,
      force: false,
      githubApiUrl: 'https://api.github.com',
      policy: { mode: 'self', validityDays: 90, rotateAfterDays: 60, minAgeHours: 24 },
      concurrency: 10,
      minWriteIntervalMs: 1000,
    });
    expect(masked).toEqual(
      expect.arrayContaining([base['current-secret'], 'secret-value-1234', 'ghs_app_token', 'ghs_workflow']),
    );
  });

  it('turns <id>::<secret> plus api-url into the canonical JSON', () => {
    const inputs = read({
      ...base,
      'current-secret': 'id-1::secret::with-colons',
      'api-url': 'https://api2.prismacloud.io',
      format: 'pair',
      targets: 'repo:acme/api:A_ID,A_KEY',
    });
    expect(JSON.parse(inputs.currentValue)).toEqual({
      apiUrl: 'https://api2.prismacloud.io',
      accessKeyId: 'id-1',
      secretKey: 'secret::with-colons',
    });
    expect(inputs.targets[0]!.layout).toEqual({
      format: 'pair',
      accessKeyIdName: 'A_ID',
      secretKeyName: 'A_KEY',
    });
  });

  it.each([
    [{ 'current-secret': '' }, /current-secret is required/],
    [{ 'current-secret': 'id::secret' }, /api-url .* is required/],
    [{ 'current-secret': 'just-a-secret-value' }, /must be the secret JSON/],
    [{ 'github-token': '' }, /github-token is required/],
    [{ format: 'yaml' }, /format must be one of json, pair, checkov/],
    [{ 'dry-run': 'yes' }, /dry-run must be true or false/],
    [{ mode: 'admin' }, /admin-secret/],
    [{ 'validity-days': '1.5' }, /validity-days must be a whole number/],
    [{ 'min-age-hours': '-1' }, /min-age-hours must be a number/],
    [{ 'allowed-api-origins': 'not a url' }, /not a valid origin/],
  ] as const)('rejects %j', (override, message) => {
    expect(() => read({ ...base, ...override })).toThrow(message);
  });

  it('never quotes the secret in its errors', () => {
    let caught: unknown;
    try {
      read({
        ...base,
        'current-secret': '{"apiUrl":"https://api.prismacloud.io","secretKey":"leaky-secret-1234"}',
      });
    } catch (err) {
      caught = err;
    }
    expect(String((caught as Error).message)).not.toContain('leaky-secret-1234');
  });

  it('grace-hours and retire-when-unused-minutes map onto the policy; usage-aware retirement needs a grace', () => {
    expect(read(base).policy).toMatchObject({ graceHours: 0 });
    expect(read(base).policy).not.toHaveProperty('retireWhenUnusedMinutes');
    expect(read({ ...base, 'grace-hours': '24', 'retire-when-unused-minutes': '30' }).policy).toMatchObject({
      graceHours: 24,
      retireWhenUnusedMinutes: 30,
    });
    expect(() => read({ ...base, 'retire-when-unused-minutes': '30' })).toThrow(
      /retire-when-unused-minutes acts within the grace period: set grace-hours/,
    );
    expect(() => read({ ...base, 'grace-hours': '24', 'retire-when-unused-minutes': 'soon' })).toThrow(
      /the input retire-when-unused-minutes must be a number/,
    );
  });
});
