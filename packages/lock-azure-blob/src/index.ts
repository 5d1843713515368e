export {
  type BlobLeaseLockOptions,
  BlobLeaseLockProvider,
  LOCK_METADATA,
  LockUnavailableError,
} from './lock.ts';
export {
  type BlobLockSettingsOptions,
  blobLockFromSettings,
  DEFAULT_LOCK_CONTAINER,
  STORAGE_SETTINGS,
  serviceClient as storageServiceFromSettings,
} from './settings.ts';
export { blobLockForStorage, type LockStorage, type StorageLockOptions } from './storage.ts';
