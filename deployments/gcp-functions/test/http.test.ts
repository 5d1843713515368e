import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Deployment, deploy, postJson, SA, SECRET, stored } from './harness.ts';

describe('HTTP function (IAM-invoker-only deployment)', () => {
  let d: Deployment;
  beforeEach(async () => {
    d = await deploy();
  });
  afterEach(async () => {
    await d.close();
  });

  it('rotates and answers with the RotationResult', async () => {
    const res = await postJson(d.httpUrl, { secret: SECRET });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({
      outcome: 'rotated',
      oldKeyId: d.initial.accessKeyId,
      serviceAccount: SA,
    });
    expect(res.json.newKeyId).toBe(stored(d).accessKeyId);
    expect(JSON.stringify(res.json)).not.toContain(stored(d).secretKey);
    expect(JSON.stringify(res.json)).not.toContain(d.initial.secretKey);
  });

  it('reports a skip with 200 and a dry run changes nothing', async () => {
    await postJson(d.httpUrl, { secret: SECRET });
    const young = await postJson(d.httpUrl, { secret: SECRET });
    expect(young).toMatchObject({ status: 200, json: { outcome: 'skipped', reason: 'too_young' } });
    const versions = d.sm.versions(SECRET).length;
    const dry = await postJson(d.httpUrl, { secret: SECRET, force: true, dryRun: true });
    expect(dry).toMatchObject({ status: 200, json: { outcome: 'skipped', reason: 'dry_run', dryRun: true } });
    expect(d.sm.versions(SECRET)).toHaveLength(versions);
  });

  it('answers 409 while another rotation holds the lock', async () => {
    const lease = await d.runtime.lock.acquire(
      `keyroll:gcp-secret-manager:${SECRET}`,
      'other-instance',
      60_000,
    );
    expect(lease).not.toBeNull();
    const res = await postJson(d.httpUrl, { secret: SECRET, force: true });
    expect(res).toMatchObject({ status: 409, json: { outcome: 'skipped', reason: 'in_progress' } });
    await lease!.release();
  });

  it('answers 502 when the rotation rolled back', async () => {
    d.sm.faults.add({ match: 'AddSecretVersion', kind: 'error', status: 8 });
    const res = await postJson(d.httpUrl, { secret: SECRET, force: true });
    expect(res).toMatchObject({ status: 502, json: { outcome: 'rolled_back' } });
    expect(stored(d)).toEqual(d.initial);
  });

  it.each([
    ['no body fields', {}, 'secret'],
    ['secret not a string', { secret: 42 }, 'secret'],
    ['force not a boolean', { secret: SECRET, force: 'yes' }, 'force'],
    ['unknown field', { secret: SECRET, version: '3' }, 'version'],
    ['not a secret name', { secret: 'prisma-sa' }, 'projects/<project>/secrets/<secret>'],
  ])('rejects a bad request with 422 and the reason (%s), touching nothing', async (_name, body, reason) => {
    const res = await postJson(d.httpUrl, body);
    expect(res.status).toBe(422);
    expect(res.json.error.message).toContain(reason);
    expect(d.sm.calls).toHaveLength(0);
  });

  it('answers malformed JSON with the documented JSON error, never echoing the body', async () => {
    const res = await postJson(
      d.httpUrl,
      '{"secret":"projects/acme-prod/secrets/x","token":"hunter2-hunter2"',
    );
    expect(res).toMatchObject({ status: 400, json: { error: { code: 'malformed_json' } } });
    expect(JSON.stringify(res.json)).not.toContain('hunter2');
    expect(d.sm.calls).toHaveLength(0);
  });

  it('refuses bodies that are not JSON (415) or too large (413) with JSON errors', async () => {
    const text = await fetch(d.httpUrl, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: 'x',
    });
    expect(text.status).toBe(415);
    expect(await text.json()).toMatchObject({ error: { code: 'unsupported_media_type' } });
    const big = await postJson(d.httpUrl, { secret: SECRET, pad: 'x'.repeat(17_000) });
    expect(big).toMatchObject({ status: 413, json: { error: { code: 'request_too_large' } } });
    expect(d.sm.calls).toHaveLength(0);
  });

  it('refuses other methods and secrets outside the allow-list', async () => {
    expect((await postJson(d.httpUrl, undefined, 'GET')).status).toBe(405);
    const other = await postJson(d.httpUrl, { secret: 'projects/acme-prod/secrets/other' });
    expect(other).toMatchObject({ status: 403, json: { error: { code: 'not_allowed' } } });
    expect(d.sm.calls).toHaveLength(0);
  });

  it('answers 404 for a listed secret that does not exist', async () => {
    d.runtime.config.managedSecrets?.push('projects/acme-prod/secrets/gone');
    const res = await postJson(d.httpUrl, { secret: 'projects/acme-prod/secrets/gone' });
    expect(res).toMatchObject({ status: 404, json: { error: { code: 'unknown_secret' } } });
  });
});
