import { assertAllowedApiUrl } from '../../credential.ts';
import { ConfigError } from '../../errors.ts';
import type { RotationRun } from '../start.ts';
import type { RotationResult } from '../types.ts';

/**
 * R1 step 4: log in with the current key (self) or the admin key, confirm the identity, list the
 * account's keys. The key in the primary must be one of them.
 */
export async function login(run: RotationRun): Promise<RotationResult | undefined> {
  const { state, policy, context } = run;
  const primary = state.targets[0]!;
  const admin = policy.mode === 'admin';
  const credential = admin ? context.adminCredential! : primary.parsed.credential;
  if (admin) {
    run.redactor.add(credential.secretKey);
    assertAllowedApiUrl(credential.apiUrl, context.allowedApiOrigins);
    if (credential.accessKeyId === primary.parsed.credential.accessKeyId) {
      throw new ConfigError(
        'admin_key_is_target',
        'the admin key is the key being rotated; use a separate admin key',
      );
    }
  }
  const { session, owner, keys } = await run.recorder.step(
    'login',
    async () => {
      const session = run.track(await context.issuer.login(credential));
      const me = await session.identity();
      const owner = admin ? (context.serviceAccount ?? primary.snapshot.metadata.serviceAccount) : me.name;
      if (!owner) {
        throw new ConfigError(
          'service_account_required',
          'admin mode needs the service account whose key is rotated (configure serviceAccount)',
        );
      }
      const keys = await session.listKeys(owner);
      return { session, owner, keys };
    },
    (r) => `as ${admin ? 'admin' : r.owner}; ${r.owner} has ${r.keys.length} key(s)`,
  );
  Object.assign(state, { session, owner, keys });
  run.recorder.serviceAccount = owner;
  const currentId = primary.parsed.credential.accessKeyId;
  const currentKey = keys.find((k) => k.id === currentId);
  if (!currentKey) {
    return run.finish(
      'needs_attention',
      'current_key_unknown',
      `the key ${currentId} stored in ${primary.adapter.id} is not a key of ${owner} in Prisma Cloud; ` +
        'check the service account configured for this secret',
    );
  }
  state.currentKey = currentKey;
  if (currentKey.status !== 'active') {
    run.recorder.warn(
      `the stored key ${currentKey.id} is ${currentKey.status}: consumers cannot log in until it is replaced`,
    );
  }
  return undefined;
}
