export * from './conformance.ts';
export * from './faults.ts';
