import { HttpRequest } from '@azure/functions';
import { type Credential, DAY_MS, InMemoryLockProvider, type RotationResult } from '@keyroll/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { httpStatusFor } from '../src/handlers/http.ts';
import { handleSweep } from '../src/handlers/timer.ts';
import { onKeyVaultEvent, rotateHttp, sweepTimer } from '../src/main.ts';
import {
  ACCOUNT,
  type AzureHarness,
  allLogText,
  httpRequest,
  SECRET,
  startAzureHarness,
  timer,
  VAULT,
} from './harness.ts';
import { eventGridEvent } from './payloads.ts';

describe('HTTP trigger: manual rotation', () => {
  let h: AzureHarness;
  beforeEach(async () => {
    h = await startAzureHarness();
  });
  afterEach(async () => {
    await h.close();
  });

  const call = (body: unknown, raw?: string) =>
    rotateHttp(httpRequest(body, raw), h.context('keyrollRotate'));

  it('rotates and answers 200 with the result; a second call is skipped as too young', async () => {
    const res = await call({ vault: VAULT, secret: SECRET });
    expect(res.status).toBe(200);
    const result = res.jsonBody as RotationResult;
    expect(result).toMatchObject({ outcome: 'rotated', oldKeyId: h.initial.accessKeyId, dryRun: false });
    expect(h.kv.versions(VAULT, SECRET)).toHaveLength(2);
    expect(JSON.stringify(res.jsonBody)).not.toContain(h.initial.secretKey);

    const again = await call({ vault: `${h.vaultUrl}/`, secret: SECRET });
    expect(again.status).toBe(200);
    // The old key is in its 24 h grace (Key Vault references refresh within a day).
    expect(again.jsonBody).toMatchObject({ outcome: 'skipped', reason: 'grace_period' });
    expect(h.kv.versions(VAULT, SECRET)).toHaveLength(2);
  });

  it('force rotates a young key; dryRun changes nothing', async () => {
    await call({ vault: VAULT, secret: SECRET });
    const dry = await call({ vault: VAULT, secret: SECRET, force: true, dryRun: true });
    expect(dry.status).toBe(200);
    expect(dry.jsonBody).toMatchObject({ outcome: 'skipped', reason: 'dry_run', dryRun: true });
    expect(h.kv.versions(VAULT, SECRET)).toHaveLength(2);
    const forced = await call({ vault: VAULT, secret: SECRET, force: true });
    expect(forced.jsonBody).toMatchObject({ outcome: 'rotated' });
    expect(h.kv.versions(VAULT, SECRET)).toHaveLength(3);
  });

  it('bad requests get 400 with the reason, and touch nothing', async () => {
    const cases: Array<[unknown, string | undefined, RegExp]> = [
      [undefined, '', /the request body is empty/i],
      [undefined, '{not json', /not valid JSON/i],
      [undefined, '"just a string"', /body: .*expected object/i],
      [{ vault: VAULT }, undefined, /secret: /],
      [{ vault: VAULT, secret: 'a/b' }, undefined, /secret: must be a Key Vault secret name/],
      [{ vault: VAULT, secret: SECRET, dry_run: true }, undefined, /dry_run/],
      [{ vault: VAULT, secret: SECRET, force: 'yes' }, undefined, /force: /],
      [{ vault: '', secret: SECRET }, undefined, /vault: is required/],
    ];
    for (const [body, raw, reason] of cases) {
      const res = await call(body, raw);
      expect(res.status, JSON.stringify(body ?? raw)).toBe(400);
      expect((res.jsonBody as { error: { message: string } }).error.message).toMatch(reason);
    }
    const other = await call({ vault: 'kv-elsewhere', secret: SECRET });
    expect(other).toMatchObject({ status: 400, jsonBody: { error: { code: 'vault_not_configured' } } });
    expect(h.kv.requests).toHaveLength(0);
  });

  it('shared HTTP rules: 415 unless JSON, 413 over 16 KiB, errors never echo the request, refusals logged without it', async () => {
    const big = JSON.stringify({ vault: VAULT, secret: SECRET, pad: 'S3CR3T-'.repeat(5_000) });
    const req = (body: string, type: string) =>
      new HttpRequest({
        method: 'POST',
        url: 'http://localhost:7071/api/rotate',
        headers: { 'content-type': type },
        body: { string: body },
      });
    const asText = await rotateHttp(req('{"vault":"x"}', 'text/plain'), h.context('keyrollRotate'));
    expect(asText).toMatchObject({ status: 415, jsonBody: { error: { code: 'unsupported_media_type' } } });
    const tooBig = await rotateHttp(req(big, 'application/json'), h.context('keyrollRotate'));
    expect(tooBig).toMatchObject({ status: 413, jsonBody: { error: { code: 'request_too_large' } } });
    const echoed = await call({ vault: VAULT, secret: 'S3CR3T-value/with-slash' });
    expect(echoed.status).toBe(400);
    for (const res of [asText, tooBig, echoed]) expect(JSON.stringify(res.jsonBody)).not.toContain('S3CR3T');
    expect(allLogText(h.logs)).not.toContain('S3CR3T');
    expect(
      h.logs.filter((l) => l.msg === 'manual rotation request refused').map((l) => l.record.status),
    ).toEqual([415, 413, 400]);
    expect(h.kv.requests).toHaveLength(0);
  });

  it('a secret keyroll does not manage is a clear 422 not_managed, and its value is never read', async () => {
    h.seedSecret('other-team', h.sim.addServiceAccount('other-team'), { managed: false });
    const res = await call({ vault: VAULT, secret: 'other-team' });
    expect(res).toMatchObject({ status: 422, jsonBody: { error: { code: 'not_managed' } } });
    expect(h.kv.requests.filter((r) => r.call === 'GetSecret')).toHaveLength(0);
    // The engine decides from one metadata read; the Function does not read it again beforehand.
    expect(h.kv.requests.filter((r) => r.call === 'GetSecretVersions')).toHaveLength(1);
  });

  it('a rotation reads the metadata once (the engine), then the value once', async () => {
    const res = await call({ vault: VAULT, secret: SECRET, force: true });
    expect(res.status).toBe(200);
    expect(h.kv.requests.filter((r) => r.call === 'GetSecretVersions')).toHaveLength(1);
  });

  it('an unknown secret is 404, a malformed secret value 422', async () => {
    expect(await call({ vault: VAULT, secret: 'no-such-secret' })).toMatchObject({
      status: 404,
      jsonBody: { error: { code: 'unknown_secret' } },
    });
    h.kv.seed(VAULT, 'broken', '{"apiUrl":', { tags: { 'keyroll-managed': 'true' } });
    expect(await call({ vault: VAULT, secret: 'broken' })).toMatchObject({
      status: 422,
      jsonBody: { error: { code: 'malformed_secret' } },
    });
  });

  it('409 while another rotation of the secret holds the lock', async () => {
    const lock = new InMemoryLockProvider();
    h.reconfigure({}, { lock });
    const id = h.runtime.adapter(h.vaultUrl, SECRET).id;
    expect(await lock.acquire(`keyroll:${id}`, 'someone-else', 60_000)).not.toBeNull();
    const res = await call({ vault: VAULT, secret: SECRET });
    expect(res).toMatchObject({ status: 409, jsonBody: { outcome: 'skipped', reason: 'in_progress' } });
  });

  it('502 when the rotation failed and was rolled back', async () => {
    h.kv.faults.add({ match: 'SetSecret', kind: 'error', status: 500, times: 1 });
    const res = await call({ vault: VAULT, secret: SECRET });
    expect(res.status).toBe(502);
    expect(res.jsonBody).toMatchObject({ outcome: 'rolled_back' });
  });

  it('maps every outcome to a status', () => {
    const r = (outcome: RotationResult['outcome'], reason?: string) =>
      ({ outcome, reason }) as RotationResult;
    expect(httpStatusFor(r('rotated'))).toBe(200);
    expect(httpStatusFor(r('skipped', 'stale_event'))).toBe(200);
    expect(httpStatusFor(r('skipped', 'in_progress'))).toBe(409);
    expect(httpStatusFor(r('rolled_back'))).toBe(502);
    expect(httpStatusFor(r('needs_attention'))).toBe(500);
  });
});

describe('Event Grid trigger: what is ignored and what fails the invocation', () => {
  let h: AzureHarness;
  beforeEach(async () => {
    h = await startAzureHarness();
  });
  afterEach(async () => {
    await h.close();
  });

  it('a malformed event fails the invocation (Event Grid redelivers, then dead-letters) and changes nothing', async () => {
    const bad = eventGridEvent({ vault: VAULT, secret: SECRET, version: h.seededVersion, exp: 'soon' });
    await expect(onKeyVaultEvent([bad], h.context())).rejects.toMatchObject({
      name: 'InputError',
      code: 'malformed_event',
      message: expect.stringContaining('data.EXP'),
    });
    expect(h.kv.requests).toHaveLength(0);
    expect(h.logs.some((l) => l.level === 'error' && l.msg.startsWith('malformed Key Vault event'))).toBe(
      true,
    );
  });

  it('events of other types and for vaults not configured are ignored with a log line', async () => {
    await onKeyVaultEvent(
      [
        eventGridEvent({
          vault: VAULT,
          secret: SECRET,
          version: h.seededVersion,
          type: 'Microsoft.KeyVault.SecretNewVersionCreated',
        }),
        eventGridEvent({ vault: 'kv-unknown', secret: SECRET, version: h.seededVersion }),
      ],
      h.context(),
    );
    expect(h.kv.requests).toHaveLength(0);
    expect(h.logs.map((l) => l.msg)).toEqual(
      expect.arrayContaining([
        'event ignored: event type Microsoft.KeyVault.SecretNewVersionCreated is not handled',
        'event ignored: vault kv-unknown is not in KEYROLL_VAULT_URLS',
      ]),
    );
  });

  it('an event for a secret that no longer exists is ignored', async () => {
    await onKeyVaultEvent(
      [eventGridEvent({ vault: VAULT, secret: 'gone', version: h.seededVersion })],
      h.context(),
    );
    expect(h.logs.some((l) => l.level === 'error' && l.msg.includes('no such secret'))).toBe(true);
  });

  it('needs attention fails the invocation: the current key is rejected by Prisma Cloud', async () => {
    const dead: Credential = { ...h.initial, secretKey: 'not-the-right-secret-key' };
    const version = h.seedSecret('dead-key', dead);
    await expect(
      onKeyVaultEvent([eventGridEvent({ vault: VAULT, secret: 'dead-key', version })], h.context()),
    ).rejects.toThrow(/must be redelivered/);
    expect(h.logs.some((l) => l.level === 'error' && l.record.outcome === 'needs_attention')).toBe(true);
  });

  it('a missing app setting is named at start and fails every invocation', async () => {
    const { configureAtStartup } = await import('../src/runtime.ts');
    const reported: string[] = [];
    const saved = process.env.KEYROLL_VAULT_URLS;
    delete process.env.KEYROLL_VAULT_URLS;
    try {
      configureAtStartup((m) => reported.push(m));
    } finally {
      if (saved !== undefined) process.env.KEYROLL_VAULT_URLS = saved;
    }
    expect(reported).toEqual([expect.stringMatching(/app setting KEYROLL_VAULT_URLS is missing/)]);
    await expect(
      onKeyVaultEvent(
        [eventGridEvent({ vault: VAULT, secret: SECRET, version: h.seededVersion })],
        h.context(),
      ),
    ).rejects.toMatchObject({ name: 'ConfigError', code: 'missing_setting' });
    const res = await rotateHttp(httpRequest({ vault: VAULT, secret: SECRET }), h.context('keyrollRotate'));
    // A configuration error: the shared outcome table's 400 (nothing was touched).
    expect(res).toMatchObject({ status: 400, jsonBody: { error: { code: 'missing_setting' } } });
    await expect(sweepTimer(timer(), h.context('keyrollSweep'))).rejects.toThrow(/KEYROLL_VAULT_URLS/);
    expect(h.kv.requests).toHaveLength(0);
  });
});

describe('Timer trigger: the daily sweep', () => {
  let h: AzureHarness;
  beforeEach(async () => {
    h = await startAzureHarness();
  });
  afterEach(async () => {
    await h.close();
  });

  it('rotates managed secrets that are due, skips the rest, never reads unmanaged ones', async () => {
    // A second account whose key is fresh: managed, but not due.
    const fresh = h.sim.addServiceAccount('keyroll-fresh');
    h.seedSecret('fresh-key', fresh, { account: 'keyroll-fresh' });
    h.seedSecret('not-ours', h.sim.addServiceAccount('other-team'), { managed: false });

    await sweepTimer(timer(true), h.context('keyrollSweep'));

    expect(h.kv.versions(VAULT, SECRET)).toHaveLength(2); // due by age (60 days): rotated
    expect(h.kv.versions(VAULT, 'fresh-key')).toHaveLength(1); // not due
    expect(h.kv.versions(VAULT, 'not-ours')).toHaveLength(1);
    expect(h.kv.requests.some((r) => r.path.startsWith('/secrets/not-ours'))).toBe(false);
    // Both keys stay active through the 24 h grace; a later sweep retires the old one.
    expect(h.sim.keys(ACCOUNT).filter((k) => k.status === 'active')).toHaveLength(2);
    const done = h.logs.find((l) => l.msg === 'sweep finished');
    expect(done?.record).toMatchObject({ secrets: 2, rotated: 1, skipped: 1, needsAttention: 0, errors: 0 });
    expect(h.logs.some((l) => l.msg.includes('past due'))).toBe(true);
    expect(allLogText(h.logs)).not.toContain(h.initial.secretKey);
  });

  it('fails the run when a vault cannot be listed, after sweeping the others', async () => {
    h.kv.faults.add({ match: 'GetSecrets', kind: 'error', status: 403 });
    await expect(sweepTimer(timer(), h.context('keyrollSweep'))).rejects.toThrow(/forbidden/);
    expect(h.logs.some((l) => l.level === 'error' && l.msg.includes('Key Vault Secrets Officer'))).toBe(true);
  });

  it('a failed rotation is acknowledged while waiting is harmless, and fails the sweep (keyroll.escalation) once the key expires soon', async () => {
    h.kv.faults.add({ match: 'SetSecret', kind: 'error', status: 500, times: 1 });
    // Key Vault exp 20 days out: rolled back, acknowledged; the next sweep retries.
    const calm = await handleSweep(timer(), h.context('keyrollSweep'), () => h.runtime);
    expect(calm.find((e) => e.secret === SECRET)).toMatchObject({ outcome: 'rolled_back' });
    expect(h.logs.some((l) => l.record.event === 'keyroll.escalation')).toBe(false);

    // The same failure with the vault expiry 5 days out escalates and fails the invocation.
    h.kv.faults.clear();
    h.kv.faults.add({ match: 'SetSecret', kind: 'error', status: 500, times: 1 });
    h.kv.seed(VAULT, SECRET, JSON.stringify(h.initial), {
      contentType: 'application/json',
      tags: h.kv.latest(VAULT, SECRET)!.tags!,
      expiresOn: new Date(h.clock.now() + 5 * DAY_MS),
    });
    await expect(handleSweep(timer(), h.context('keyrollSweep'), () => h.runtime)).rejects.toThrow(
      /escalation: expiring_key/,
    );
    const fired = h.logs.find((l) => l.record.event === 'keyroll.escalation');
    expect(fired?.level).toBe('error');
    expect(fired?.record).toMatchObject({ cause: 'expiring_key', serviceAccount: ACCOUNT });
    expect(allLogText(h.logs)).not.toContain(h.initial.secretKey);
  });
});
