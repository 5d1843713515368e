export { type Answer, answerFor } from './answer.ts';
export * from './config/index.ts';
export * from './fleet/index.ts';
export { HttpRefusal, type HttpRequestLike, MAX_REQUEST_BYTES, readJsonBody } from './http.ts';
export { POLICY_SETTINGS, type PolicySetting, policyFromSettings } from './settings.ts';
export * from './vaults/index.ts';
