import { type Credential, DAY_MS } from '@keyroll/core';
import { credentialWorks } from '@keyroll/testkit';
import { metadataFromTags, tagsFor } from '@keyroll/vault-azure-keyvault';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { onKeyVaultEvent, sweepTimer } from '../src/main.ts';
import {
  ACCOUNT,
  type AzureHarness,
  allLogText,
  SECRET,
  startAzureHarness,
  timer,
  VAULT,
} from './harness.ts';
import { cloudEvent, eventGridEvent } from './payloads.ts';

/**
 * End to end, R1/R2 on Azure: an Event Grid delivery → the exported handler → DefaultAzureCredential
 * (fake managed identity) → the real SecretClient against the Key Vault fake, and PrismaCloudIssuer
 * against the Prisma Cloud simulator.
 */
describe('Key Vault near-expiry event, end to end', () => {
  let h: AzureHarness;
  beforeEach(async () => {
    h = await startAzureHarness();
  });
  afterEach(async () => {
    await h.close();
  });

  const nearExpiry = (version: string, id = 'evt-1') =>
    eventGridEvent({
      vault: VAULT,
      secret: SECRET,
      version,
      id,
      host: h.host,
      exp: String(h.clock.now() / 1000),
    });

  it('rotates: new version with tags and vault expiry, old version disabled, old key inactive (R1)', async () => {
    await onKeyVaultEvent([nearExpiry(h.seededVersion)], h.context());

    const versions = h.kv.versions(VAULT, SECRET);
    expect(versions).toHaveLength(2);
    const [old, fresh] = versions as [(typeof versions)[0], (typeof versions)[0]];
    const stored = JSON.parse(fresh.value) as Credential;
    expect(stored.apiUrl).toBe(h.initial.apiUrl);
    expect(stored.accessKeyId).not.toBe(h.initial.accessKeyId);
    expect(fresh.contentType).toBe('application/json');
    const meta = metadataFromTags(fresh.tags);
    expect(fresh.tags?.['keyroll-managed']).toBe('true');
    expect(meta).toMatchObject({
      keyId: stored.accessKeyId,
      previousKeyId: h.initial.accessKeyId,
      serviceAccount: ACCOUNT,
      rotationId: expect.any(String),
    });
    // Vault exp = key expiry (90 days) minus the 7-day margin, so the next SecretNearExpiry comes in time.
    const keyExpires = Date.parse(meta.keyExpiresOn!);
    expect(keyExpires).toBe(h.clock.now() + 90 * DAY_MS);
    expect(fresh.exp).toBe(Math.floor((keyExpires - 7 * DAY_MS) / 1000));
    // R1 steps 9-10 with the Key Vault consumer window (24 h) as grace: the old key keeps working and
    // its version stays enabled, so a Key Vault reference that has not refreshed yet still works.
    expect(old.enabled).toBe(true);
    expect(fresh.enabled).toBe(true);
    let keys = h.sim.keys(ACCOUNT);
    expect(keys.find((k) => k.id === h.initial.accessKeyId)?.status).toBe('active');
    expect(keys.find((k) => k.id === stored.accessKeyId)?.status).toBe('active');
    expect(credentialWorks(h.sim, stored)).toBe(true);
    expect(credentialWorks(h.sim, h.initial)).toBe(true);

    // Within the grace the sweep leaves both alone; after it, the sweep retires the old key and only
    // then disables the old version.
    h.clock.advance(23 * 3_600_000);
    await sweepTimer(timer(), h.context('keyrollSweep'));
    expect(credentialWorks(h.sim, h.initial)).toBe(true);
    expect(h.kv.versions(VAULT, SECRET)[0]!.enabled).toBe(true);
    h.clock.advance(2 * 3_600_000);
    await sweepTimer(timer(), h.context('keyrollSweep'));
    keys = h.sim.keys(ACCOUNT);
    expect(keys.find((k) => k.id === h.initial.accessKeyId)?.status).toBe('inactive');
    expect(credentialWorks(h.sim, h.initial)).toBe(false);
    expect(h.kv.versions(VAULT, SECRET).map((v) => v.enabled)).toEqual([false, true]);
    expect(credentialWorks(h.sim, stored)).toBe(true);

    // No secret reached the logs.
    expect(h.logs.some((l) => l.msg.startsWith('rotated:'))).toBe(true);
    const text = allLogText(h.logs);
    expect(text).not.toContain(stored.secretKey);
    expect(text).not.toContain(h.initial.secretKey);
  });

  it('a duplicate delivery (same event again, either schema) does not rotate twice (R1 step 3)', async () => {
    await onKeyVaultEvent([nearExpiry(h.seededVersion)], h.context());
    const afterFirst = h.kv.versions(VAULT, SECRET);
    const keysAfterFirst = h.sim.keys(ACCOUNT);
    h.sim.clearRequests();

    await onKeyVaultEvent([nearExpiry(h.seededVersion)], h.context());
    await onKeyVaultEvent(
      cloudEvent({ vault: VAULT, secret: SECRET, version: h.seededVersion, host: h.host, exp: null }),
      h.context(),
    );

    expect(h.kv.versions(VAULT, SECRET)).toEqual(afterFirst);
    expect(h.sim.keys(ACCOUNT)).toEqual(keysAfterFirst);
    expect(h.sim.requestCount('POST /access_keys')).toBe(0);
    // Skipped before logging in to Prisma Cloud at all.
    expect(h.sim.requestCount('POST /login')).toBe(0);
    const skips = h.logs.filter((l) => l.record.reason === 'stale_event');
    expect(skips).toHaveLength(2);
  });

  it('a failed Key Vault write rolls back: old value restored as a new version, new key deleted (R2 row 8)', async () => {
    h.kv.faults.add({ match: 'SetSecret', kind: 'error', status: 500, times: 1 });
    const before = h.sim.keys(ACCOUNT).map((k) => k.id);

    await onKeyVaultEvent([nearExpiry(h.seededVersion)], h.context());

    const versions = h.kv.versions(VAULT, SECRET);
    // The failed PUT stored nothing; the restore wrote the old value back as a new version.
    expect(versions).toHaveLength(2);
    expect(versions[1]!.value).toBe(versions[0]!.value);
    // The old tags again, plus the failure count the record step writes after a rollback (issue 9).
    expect(versions[1]!.tags).toEqual({
      ...versions[0]!.tags,
      'keyroll-failures': expect.stringMatching(/^1 \S+ rolled_back /),
    });
    expect(versions[1]!.enabled).toBe(true);
    expect(h.kv.faults.hits).toEqual([{ call: 'SetSecret', kind: 'error' }]);

    // Only the old key is left, still active: consumers keep logging in.
    expect(h.sim.keys(ACCOUNT).map((k) => k.id)).toEqual(before);
    expect(h.sim.keys(ACCOUNT)[0]!.status).toBe('active');
    expect(h.sim.requestCount('POST /access_keys')).toBe(1);
    expect(h.sim.requestCount('DELETE /access_keys/:id')).toBe(1);
    expect(credentialWorks(h.sim, h.initial)).toBe(true);
    expect(JSON.parse(h.kv.latest(VAULT, SECRET)!.value)).toEqual(h.initial);

    // Acknowledged (no throw), but logged as an error a person can read.
    const failure = h.logs.find((l) => l.level === 'warning' && l.record.outcome === 'rolled_back');
    expect(failure?.msg).toMatch(/^rolled_back: /);
  });

  it('a write applied but unanswered (dropped connection) is rolled back too', async () => {
    h.kv.faults.add({ match: 'SetSecret', kind: 'drop-after-apply', times: 1 });
    await onKeyVaultEvent([nearExpiry(h.seededVersion)], h.context());

    const versions = h.kv.versions(VAULT, SECRET);
    // seeded, the new value (applied), and the restored old value on top.
    expect(versions).toHaveLength(3);
    expect(JSON.parse(versions[1]!.value).accessKeyId).not.toBe(h.initial.accessKeyId);
    expect(JSON.parse(versions[2]!.value)).toEqual(h.initial);
    expect(h.sim.keys(ACCOUNT).map((k) => k.id)).toEqual([h.initial.accessKeyId]);
    expect(credentialWorks(h.sim, h.initial)).toBe(true);
  });

  it('SecretExpired rotates at once, forced, and says loudly that it was late', async () => {
    // A key rotated an hour ago would be skipped as too young on a near-expiry event; expired is forced.
    h.clock.set(h.sim.keys(ACCOUNT)[0]!.createdTs + 3_600_000);
    await onKeyVaultEvent(
      cloudEvent({
        vault: VAULT,
        secret: SECRET,
        version: h.seededVersion,
        host: h.host,
        type: 'Microsoft.KeyVault.SecretExpired',
        exp: h.clock.now() / 1000,
      }),
      h.context(),
    );
    expect(h.kv.versions(VAULT, SECRET)).toHaveLength(2);
    const late = h.logs.find((l) => l.level === 'warning' && l.msg.startsWith('LATE:'));
    expect(late?.msg).toContain('EXPIRED');
    expect(h.logs.some((l) => l.msg.startsWith('rotated:'))).toBe(true);
  });

  it('ignores a secret that is not tagged as managed, and changes nothing (R4)', async () => {
    const other = h.sim.addKey(ACCOUNT, { name: 'hand-made' });
    const version = h.seedSecret('someone-elses', other, { managed: false });
    await onKeyVaultEvent(
      [eventGridEvent({ vault: VAULT, secret: 'someone-elses', version, host: h.host })],
      h.context(),
    );
    expect(h.kv.versions(VAULT, 'someone-elses')).toHaveLength(1);
    expect(h.sim.requestCount('POST /login')).toBe(0);
    expect(h.logs.some((l) => l.msg.startsWith('event ignored') && l.record.reason === 'not_managed')).toBe(
      true,
    );
    // Decided from the tags: the value of another team's secret is never read.
    expect(h.kv.requests.filter((r) => r.call === 'GetSecret')).toHaveLength(0);
  });

  it('admin mode: the admin key from Key Vault rotates the service account key', async () => {
    const admin = h.sim.addServiceAccount('keyroll-admin', { admin: true });
    h.seedSecret('prisma-admin', admin, { managed: false });
    h.reconfigure({ KEYROLL_MODE: 'admin', KEYROLL_ADMIN_SECRET_NAME: 'prisma-admin' });

    await onKeyVaultEvent([nearExpiry(h.seededVersion)], h.context());

    const stored = JSON.parse(h.kv.latest(VAULT, SECRET)!.value) as Credential;
    expect(stored.accessKeyId).not.toBe(h.initial.accessKeyId);
    expect(credentialWorks(h.sim, stored)).toBe(true);
    // The old key stays active for the 24 h grace (the Key Vault consumer window).
    expect(h.sim.keys(ACCOUNT).find((k) => k.id === h.initial.accessKeyId)?.status).toBe('active');
    // The admin key itself is untouched, and never logged.
    expect(h.kv.versions(VAULT, 'prisma-admin')).toHaveLength(1);
    expect(credentialWorks(h.sim, admin)).toBe(true);
    expect(allLogText(h.logs)).not.toContain(admin.secretKey);
  });

  it('admin mode: a secret without a service-account tag rotates with KEYROLL_SERVICE_ACCOUNT, not without', async () => {
    const admin = h.sim.addServiceAccount('keyroll-admin', { admin: true });
    h.seedSecret('prisma-admin', admin, { managed: false });
    // Seeded by a person: managed and its key id, no keyroll-service-account tag.
    const untagged = h.kv.seed(VAULT, SECRET, JSON.stringify(h.initial), {
      contentType: 'application/json',
      tags: tagsFor({ keyId: h.initial.accessKeyId }, true),
    });
    h.reconfigure({ KEYROLL_MODE: 'admin', KEYROLL_ADMIN_SECRET_NAME: 'prisma-admin' });
    await onKeyVaultEvent([nearExpiry(untagged)], h.context()).catch(() => undefined);
    expect(h.kv.latest(VAULT, SECRET)!.version).toBe(untagged);

    h.reconfigure({
      KEYROLL_MODE: 'admin',
      KEYROLL_ADMIN_SECRET_NAME: 'prisma-admin',
      KEYROLL_SERVICE_ACCOUNT: ACCOUNT,
    });
    await onKeyVaultEvent([nearExpiry(untagged)], h.context());
    const stored = JSON.parse(h.kv.latest(VAULT, SECRET)!.value) as Credential;
    expect(stored.accessKeyId).not.toBe(h.initial.accessKeyId);
    expect(credentialWorks(h.sim, stored)).toBe(true);
    expect(metadataFromTags(h.kv.latest(VAULT, SECRET)!.tags).serviceAccount).toBe(ACCOUNT);
  });
});
