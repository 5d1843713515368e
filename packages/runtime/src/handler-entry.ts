// `@keyroll/runtime/handler`: what a deployment's request and event handlers need (settings → policy, the
// HTTP rules, the answer for an outcome, the escalation event), without keyroll.yaml's parser, its schema
// or the fleet runner. Importing the package root instead would put those in the chunk every rotation
// loads, since the root re-exports them (a sweep imports them from `./fleet`, lazily).
export { type Answer, answerFor, isRotationResult, outcomeLogLine } from './answer.ts';
export { HttpRefusal, type HttpRequestLike, MAX_REQUEST_BYTES, readJsonBody } from './http.ts';
export { escalationEvent } from './notify/events.ts';
export { defaultGraceHours, POLICY_SETTINGS, type PolicySetting, policyFromSettings } from './settings.ts';
export { keepWasmOnBaseline, WASM_BASELINE_FLAG } from './wasm-baseline.ts';
