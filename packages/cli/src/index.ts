export { type CliIO, runCli } from './program.ts';
export { resolveVaultSpec } from './vault-spec.ts';
