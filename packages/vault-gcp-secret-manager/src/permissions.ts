/**
 * Every IAM permission the adapter, the lock and the request log use on a secret, and the call that needs
 * it. terraform/gcp grants exactly these in one custom role (a test compares them): notably not
 * `versions.destroy` (the rotator disables, never destroys) nor `setIamPolicy`/`delete`.
 */
export const ROTATOR_PERMISSIONS = {
  'secretmanager.secrets.get': 'GetSecret: labels, annotations (rotation metadata, lock, request records)',
  'secretmanager.secrets.update': 'UpdateSecret with updateMask=annotations, under the etag',
  'secretmanager.versions.access': 'AccessSecretVersion: the current value',
  'secretmanager.versions.add': 'AddSecretVersion: the new value',
  'secretmanager.versions.get': 'GetSecretVersion: which version is latest, and its state before disabling',
  'secretmanager.versions.list': 'ListSecretVersions: is this the first value of a new secret?',
  'secretmanager.versions.disable': 'DisableSecretVersion: the superseded version',
} as const;

/**
 * What `keyroll undo` needs beyond reading, when it takes the old value from the primary itself (no
 * --previous-from): a person's permission, never granted to the rotator (terraform/gcp leaves it out).
 */
export const UNDO_PERMISSIONS = {
  'secretmanager.versions.enable':
    'EnableSecretVersion: the superseded (disabled) version, for the read only',
  'secretmanager.versions.disable': 'DisableSecretVersion: the same version again, right after the read',
} as const;
