import {
  type Clock,
  type CredentialStatus,
  DAY_MS,
  InputError,
  type RotationPolicy,
  rotationDue,
  systemClock,
  type VaultAdapter,
} from '@keyroll/core';

/**
 * `status` of a write-only store (a GitHub-only account, rotated by the Action): there is no value to log
 * in with, so the answer comes from keyroll's metadata beside the secret (the `<SECRET>_KEYROLL` Actions
 * variable): key id, when it was rotated, when it expires. Prisma Cloud is not asked; `keys` stays empty.
 */
export async function statusFromMetadata(
  target: VaultAdapter,
  policy: RotationPolicy,
  clock: Clock = systemClock,
): Promise<CredentialStatus> {
  const { managed, metadata } = await target.readMetadata();
  if (!metadata.keyId)
    throw new InputError(
      'no_metadata',
      `${target.id} is write-only and carries no keyroll metadata yet (keyroll has not rotated it): nothing to report`,
    );
  const now = clock.now();
  const status: CredentialStatus = {
    target: target.id,
    managed,
    keyId: metadata.keyId,
    serviceAccount: metadata.serviceAccount ?? '?',
    keys: [],
  };
  if (metadata.rotatedAt) status.rotatedAt = metadata.rotatedAt;
  if (metadata.rotationId) status.rotationId = metadata.rotationId;
  if (metadata.keyExpiresOn) status.keyExpiresOn = metadata.keyExpiresOn;
  const created = metadata.rotatedAt ? Date.parse(metadata.rotatedAt) : Number.NaN;
  const expires = metadata.keyExpiresOn ? Date.parse(metadata.keyExpiresOn) : Number.NaN;
  if (Number.isFinite(created)) status.ageDays = Math.floor(((now - created) / DAY_MS) * 10) / 10;
  // The key was created (at most minutes) before it was stored, so its rotation time stands in for its
  // creation; without one only the expiry can make it due.
  const due = rotationDue(
    {
      id: metadata.keyId,
      name: '',
      status: 'active',
      owner: status.serviceAccount,
      createdAt: new Date(Number.isFinite(created) ? created : now),
      ...(Number.isFinite(expires) ? { expiresOn: new Date(expires) } : {}),
    },
    policy,
    now,
  );
  if (due) status.due = due;
  return status;
}
