export { fakeCrc32c } from './crc32c.ts';
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
