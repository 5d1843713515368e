export { type ConnectProxy, startConnectProxy } from './connect-proxy.ts';
export { fakeCrc32c } from './crc32c.ts';
export {
  type MetadataServerFake,
  type MetadataServerFakeOptions,
  startMetadataServerFake,
} from './metadata-fake.ts';
export {
  type SecretManagerFake,
  type SecretManagerFakeOptions,
  startSecretManagerFake,
} from './secret-manager-fake.ts';
export {
  type FakeSecret,
  FakeStatusError,
  type FakeVersion,
  type SecretInit,
  SecretManagerState,
  type VersionState,
} from './secret-manager-state.ts';
export { type GcpFakeTls, gcpFakeTls, REGIONAL_TEST_LOCATIONS } from './tls.ts';
