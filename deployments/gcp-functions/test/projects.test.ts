import { startMetadataServerFake } from '@keyroll/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { ENV } from '../src/index.ts';
import {
  type Deployment,
  deploy,
  messagePublished,
  notification,
  PROJECT_NUMBER,
  postEvent,
  postJson,
  SECRET,
  stored,
} from './harness.ts';

/** Same-named secrets in other projects: by number, by another number, by id. */
const FOREIGN = ['projects/999', 'projects/424242', 'projects/evil-proj'].map(
  (p) => `${p}/secrets/prisma-sa`,
);

function seedForeign(d: Deployment, labelled: boolean) {
  for (const secret of FOREIGN) {
    d.sm.seed(secret, {
      value: JSON.stringify(d.initial),
      ...(labelled ? { labels: { 'keyroll-managed': 'true' } } : {}),
    });
  }
}

describe('only secrets of this project (exact project matching)', () => {
  let d: Deployment;
  let closeMetadata: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await d.close();
    await closeMetadata?.();
    closeMetadata = undefined;
  });

  it.each([
    ['listed by id (KEYROLL_MANAGED_SECRETS)', {}],
    ['label mode (no list)', { [ENV.managedSecrets]: '' }],
  ])('refuses other projects’ secrets, %s, over Pub/Sub and HTTP, reading nothing', async (_name, env) => {
    d = await deploy(env);
    seedForeign(d, true);
    for (const secret of FOREIGN) {
      expect((await postEvent(d.eventUrl, 'binary', notification('SECRET_ROTATE', secret))).status).toBe(204);
      const admin = messagePublished({}, { action: 'rotate', secret, force: true });
      expect((await postEvent(d.eventUrl, 'structured', admin)).status).toBe(204);
      const http = await postJson(d.httpUrl, { secret, force: true });
      expect(http).toMatchObject({ status: 403, json: { error: { code: 'not_allowed' } } });
    }
    expect(d.sm.calls).toHaveLength(0);
    expect(d.prisma.requests).toHaveLength(0);
    for (const secret of FOREIGN) expect(d.sm.versions(secret)).toHaveLength(1);
    expect(d.logs.filter((l) => String(l.message).startsWith('ignored'))).toHaveLength(6);
  });

  it('takes the project number in a notification as this project (the form Secret Manager sends)', async () => {
    d = await deploy();
    const byNumber = SECRET.replace('acme-prod', PROJECT_NUMBER);
    expect((await postEvent(d.eventUrl, 'binary', notification('SECRET_ROTATE', byNumber))).status).toBe(204);
    expect(stored(d).accessKeyId).not.toBe(d.initial.accessKeyId);
    expect(d.sm.versions(SECRET).map((v) => v.state)).toEqual(['DISABLED', 'ENABLED']);
  });

  it('learns its project from the metadata server when not configured', async () => {
    const metadata = await startMetadataServerFake({ projectId: 'acme-prod', projectNumber: PROJECT_NUMBER });
    closeMetadata = metadata.close;
    d = await deploy({
      [ENV.managedSecrets]: '',
      [ENV.projectId]: '',
      [ENV.projectNumber]: '',
      GCE_METADATA_HOST: metadata.host,
    });
    seedForeign(d, true);
    const byNumber = SECRET.replace('acme-prod', PROJECT_NUMBER);
    for (const secret of FOREIGN) {
      expect((await postEvent(d.eventUrl, 'binary', notification('SECRET_ROTATE', secret))).status).toBe(204);
    }
    expect(d.sm.calls).toHaveLength(0);
    expect((await postEvent(d.eventUrl, 'binary', notification('SECRET_ROTATE', byNumber))).status).toBe(204);
    expect(stored(d).accessKeyId).not.toBe(d.initial.accessKeyId);
    expect(metadata.requests).toEqual(
      expect.arrayContaining([
        '/computeMetadata/v1/project/project-id',
        '/computeMetadata/v1/project/numeric-project-id',
      ]),
    );
  });

  it('fails the delivery (retry) when it cannot tell its project, changing nothing', async () => {
    const metadata = await startMetadataServerFake();
    closeMetadata = metadata.close;
    metadata.faults.add({
      match: 'GET /computeMetadata/v1/project/numeric-project-id',
      kind: 'error',
      status: 503,
    });
    d = await deploy({ [ENV.projectId]: '', [ENV.projectNumber]: '', GCE_METADATA_HOST: metadata.host });
    const res = await postEvent(d.eventUrl, 'binary', notification('SECRET_ROTATE'));
    expect(res.status).toBe(500);
    expect(d.sm.calls).toHaveLength(0);
    // Asked again on the next delivery, which now succeeds.
    expect((await postEvent(d.eventUrl, 'binary', notification('SECRET_ROTATE'))).status).toBe(204);
    expect(stored(d).accessKeyId).not.toBe(d.initial.accessKeyId);
  });
});
