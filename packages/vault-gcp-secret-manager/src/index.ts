export { GcpSecretManagerAdapter, type GcpSecretManagerAdapterOptions } from './adapter.ts';
export {
  type CallOptions,
  type ClientOptions,
  type SecretClientOptions,
  SecretManagerServiceClient,
} from './client.ts';
export { crc32c } from './crc32c.ts';
export {
  formatLockHolder,
  parseLockHolder,
  type SecretManagerLockOptions,
  SecretManagerLockProvider,
} from './lock.ts';
export {
  ANNOTATION_KEYS,
  applyBookkeeping,
  applyMetadata,
  BOOKKEEPING_ANNOTATION,
  bookkeepingFromAnnotations,
  hasRotationAnnotations,
  isManagedLabel,
  LOCK_ANNOTATION,
  MANAGED_LABEL,
  MANAGED_LABEL_VALUE,
  metadataFromAnnotations,
} from './metadata.ts';
export {
  findSecretName,
  learnProject,
  type ProjectIdentity,
  parseSecretName,
  regionalEndpoint,
  type SecretName,
  sameProject,
  sameSecret,
  sameVersion,
} from './names.ts';
export { ROTATOR_PERMISSIONS, UNDO_PERMISSIONS } from './permissions.ts';
export {
  parseRequestRecord,
  pruneRequestRecords,
  REQUEST_ANNOTATION_PREFIX,
  REQUEST_RETENTION_MS,
  type RequestRecord,
  type RequestState,
  requestAnnotationKey,
  SecretManagerRequestLog,
} from './requests.ts';
