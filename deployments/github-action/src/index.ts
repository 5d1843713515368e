export { type ActionInputs, type GetInput, readInputs } from './inputs.ts';
export { type Mask, MaskingRedactor, maskingIssuer } from './masking.ts';
export { type RunOptions, runAction } from './run.ts';
export { renderFailureSummary, renderSummary } from './summary.ts';
