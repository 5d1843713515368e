export { type CredentialStatus, inspectCredential, type KeyStatusLine } from './inspect.ts';
export { rotateCredential } from './rotate.ts';
export { exitCodeFor, httpStatusFor, keyNameFor, newRotationId } from './run.ts';
export * from './types.ts';
