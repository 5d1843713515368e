import { type PreviousValue, VaultError } from '@keyroll/core';
import type { SecretHandle } from './client.ts';
import { checksumValue, crc32c } from './crc32c.ts';
import { versionId } from './names.ts';

/**
 * `keyroll undo` on a Secret Manager primary: the version just before the newest one (by version id) holds
 * the value the last rotation replaced. Versions carry no per-version metadata, so which key it holds is
 * checked by the caller, exactly, against the primary's previous key id. A retired key's version is
 * disabled (tidy): it is enabled for the read (secretmanager.versions.enable — a person's undo permission,
 * not the rotator's) and disabled again before this returns; failing to disable it again is a warning.
 * A destroyed version is gone: undefined.
 */
export async function readPreviousVersion(
  handle: SecretHandle,
  id: string,
): Promise<PreviousValue | undefined> {
  const { client, callOptions } = handle;
  if (!handle.project) await handle.getSecret(); // learn the project number versions are named with
  const [versions] = await handle.call('ListSecretVersions', handle.name, false, () =>
    client.listSecretVersions({ parent: handle.name }, callOptions),
  );
  const [latest] = await handle.call('GetSecretVersion', `${handle.name}/versions/latest`, false, () =>
    client.getSecretVersion({ name: `${handle.name}/versions/latest` }, callOptions),
  );
  // Version ids are increasing integers: the one before the newest is the highest id below latest's.
  const number = (name: string | null | undefined) => Number(versionId(name ?? '')) || 0;
  const newest = number(latest.name);
  const before = versions
    .filter((v) => v.name && number(v.name) < newest)
    .sort((a, b) => number(b.name) - number(a.name))[0];
  if (!before?.name || before.state === 'DESTROYED') return undefined;
  const name = before.name;
  const disabled = before.state === 'DISABLED';
  const warnings: string[] = [];
  if (disabled) {
    await handle.call('EnableSecretVersion', name, true, () =>
      client.enableSecretVersion({ name, etag: before.etag ?? '' }, callOptions),
    );
  }
  let value: string;
  try {
    const [response] = await handle.call('AccessSecretVersion', name, false, () =>
      client.accessSecretVersion({ name }, callOptions),
    );
    const raw = response.payload?.data;
    if (raw === null || raw === undefined)
      throw new VaultError('malformed_response', `${id}: AccessSecretVersion returned no payload`, {
        category: 'internal',
      });
    const bytes = typeof raw === 'string' ? Buffer.from(raw, 'base64') : Buffer.from(raw);
    const expected = checksumValue(response.payload?.dataCrc32c);
    if (expected !== undefined && expected !== crc32c(bytes))
      throw new VaultError('checksum_mismatch', `${id}: the payload of ${name} does not match its CRC-32C`, {
        category: 'unavailable',
        retryable: true,
      });
    value = bytes.toString('utf8');
  } finally {
    if (disabled) {
      await handle
        .call('DisableSecretVersion', name, true, async () => {
          const [now] = await client.getSecretVersion({ name }, callOptions);
          return client.disableSecretVersion({ name, etag: now.etag ?? '' }, callOptions);
        })
        .catch((err: unknown) => {
          warnings.push(
            `${name} was enabled to read it and could not be disabled again (${(err as Error).message}); ` +
              `disable it: gcloud secrets versions disable ${name}`,
          );
        });
    }
  }
  return {
    value,
    version: `${name}${disabled ? (warnings.length ? ', enabled for the read' : ', enabled for the read and disabled again') : ''}`,
    warnings,
  };
}
