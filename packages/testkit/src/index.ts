export * from './aws/index.ts';
export * from './azure/index.ts';
export * from './conformance.ts';
export * from './faults.ts';
export * from './gcp/index.ts';
export * from './github/index.ts';
export * from './prisma/index.ts';
export * from './vault-faults.ts';
