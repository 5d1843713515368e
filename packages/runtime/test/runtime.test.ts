import {
  ConfigError,
  dispositionFor,
  exitCodeFor,
  InputError,
  OUTCOME_TABLE,
  RESULT_SCHEMA_VERSION,
  Redactor,
  type RotationResult,
} from '@keyroll/core';
import { describe, expect, it } from 'vitest';
import {
  answerFor,
  HttpRefusal,
  MAX_REQUEST_BYTES,
  POLICY_SETTINGS,
  policyFromSettings,
  readJsonBody,
} from '../src/index.ts';

const result = (outcome: RotationResult['outcome'], reason?: string) =>
  ({
    schemaVersion: RESULT_SCHEMA_VERSION,
    rotationId: 'r1',
    outcome,
    ...(reason ? { reason } : {}),
    message: 'm',
    dryRun: false,
    targets: [],
    steps: [],
    warnings: [],
    startedAt: '',
    finishedAt: '',
  }) satisfies RotationResult;

describe('the outcome table (one meaning everywhere)', () => {
  it.each([
    ['rotated', undefined, 0, 200, 'acknowledge', 'none'],
    ['skipped', 'not_due', 0, 200, 'acknowledge', 'none'],
    ['skipped', 'in_progress', 0, 409, 'retry', 'none'],
    ['rolled_back', 'verify_failed', 1, 502, 'acknowledge', 'escalation'],
    ['needs_attention', 'rollback_failed', 3, 500, 'retry', 'immediate'],
  ] as const)('%s (%s) → exit %i, HTTP %i, %s, alert %s', (outcome, reason, exit, http, delivery, alert) => {
    const d = dispositionFor(result(outcome, reason));
    expect([d.exitCode, d.httpStatus, d.delivery, d.alert]).toEqual([exit, http, delivery, alert]);
    expect(exitCodeFor(result(outcome, reason))).toBe(exit);
  });

  it('thrown usage, configuration and input errors are acknowledged with exit 2 and 400/404/422', () => {
    expect(dispositionFor(new ConfigError('missing_setting', 'x'))).toMatchObject({
      kind: 'bad_request',
      exitCode: 2,
      httpStatus: 400,
      delivery: 'acknowledge',
    });
    expect(dispositionFor(new InputError('unknown_secret', 'x')).httpStatus).toBe(404);
    expect(dispositionFor(new InputError('malformed_secret', 'x')).httpStatus).toBe(422);
  });

  it('anything else thrown is unexpected: exit 3, 500, the invocation fails, a person is told', () => {
    expect(dispositionFor(new Error('boom'))).toEqual({ kind: 'unexpected', ...OUTCOME_TABLE.unexpected });
    expect(OUTCOME_TABLE.unexpected).toMatchObject({ exitCode: 3, delivery: 'retry', alert: 'immediate' });
  });
});

describe('answerFor', () => {
  it('redacts the result body with the run redactor', () => {
    const redactor = new Redactor();
    redactor.add('super-secret-value-123');
    const r = { ...result('rolled_back'), message: 'the vault said super-secret-value-123' };
    const answer = answerFor(r, redactor);
    expect(JSON.stringify(answer.body)).not.toContain('super-secret-value-123');
    expect(answer.httpStatus).toBe(502);
  });

  it('says nothing of an unexpected error’s internals', () => {
    const answer = answerFor(new Error('connect ECONNREFUSED with token abc'));
    expect(answer.body).toEqual({
      error: { code: 'unexpected_error', message: 'unexpected error; see the logs' },
    });
  });
});

describe('HTTP rules', () => {
  it('accepts application/json (with charset) under the size cap', () => {
    expect(readJsonBody({ contentType: 'application/json; charset=utf-8', body: '{"a":1}' })).toEqual({
      a: 1,
    });
  });

  it.each([
    [{ contentType: 'text/plain', body: '{}' }, 415],
    [{ contentType: undefined, body: '{}' }, 415],
    [{ contentType: 'application/json', body: 'x'.repeat(MAX_REQUEST_BYTES + 1) }, 413],
    [{ contentType: 'application/json', body: '{"secretKey": "hunter2-hunter2-hunter2"' }, 400],
    [{ contentType: 'application/json', body: '' }, 400],
  ])('refuses %j with %i and never echoes the body', (request, status) => {
    let thrown: unknown;
    try {
      readJsonBody(request);
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(HttpRefusal);
    const answer = answerFor(thrown);
    expect(answer.httpStatus).toBe(status);
    expect(answer.delivery).toBe('acknowledge');
    expect(JSON.stringify(answer.body)).not.toContain('hunter2');
  });
});

describe('policyFromSettings', () => {
  const from = (env: Record<string, string>) => policyFromSettings((n) => env[n], 'app setting');

  it('reads every knob by its one name', () => {
    const p = from({
      [POLICY_SETTINGS.mode]: 'admin',
      [POLICY_SETTINGS.validityDays]: '30',
      [POLICY_SETTINGS.graceHours]: '24',
      [POLICY_SETTINGS.keyLimit]: '2',
      [POLICY_SETTINGS.allowDeleteThenCreate]: 'false',
    });
    expect(p).toMatchObject({ mode: 'admin', validityDays: 30, graceHours: 24, keyLimit: 2 });
  });

  it('applies defaults (an adapter’s consumer window as grace) under explicit settings', () => {
    expect(policyFromSettings(() => undefined, 'setting', { graceHours: 24 }).graceHours).toBe(24);
    expect(
      policyFromSettings((n) => (n === POLICY_SETTINGS.graceHours ? '0' : undefined), 'setting', {
        graceHours: 24,
      }).graceHours,
    ).toBe(0);
  });

  it.each(['', ' ', '-1', 'abc', '1e3', '5x'])('refuses %j as a number, naming the setting', (raw) => {
    expect(() => from({ [POLICY_SETTINGS.validityDays]: raw })).toThrow(/KEYROLL_VALIDITY_DAYS/);
  });

  it('refuses an unknown mode and a non-boolean flag', () => {
    expect(() => from({ [POLICY_SETTINGS.mode]: 'root' })).toThrow(ConfigError);
    expect(() => from({ [POLICY_SETTINGS.allowDeleteThenCreate]: 'yes' })).toThrow(ConfigError);
  });
});

describe('defaultGraceHours (each adapter declares its consumers’ window)', () => {
  it('is the longest window of the targets, or undefined when none declares one', async () => {
    const { defaultGraceHours } = await import('../src/index.ts');
    const kv = { capabilities: { consumerWindowHours: 24 } };
    const file = { capabilities: {} };
    expect(defaultGraceHours([file, kv])).toBe(24);
    expect(defaultGraceHours([file])).toBeUndefined();
  });
});
