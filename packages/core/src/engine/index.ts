export { type Effects, liveEffects, recordingEffects, type Say, type WriteSay } from './effects.ts';
export { type CredentialStatus, inspectCredential, type KeyStatusLine } from './inspect.ts';
export { rotateCredential } from './rotate.ts';
export { exitCodeFor, httpStatusFor, keyNameFor, newRotationId, RunRecorder } from './run.ts';
export * from './steps/index.ts';
export * from './types.ts';
