#!/usr/bin/env node
// The repository's bin: runs the TypeScript sources through tsx, no build step. The published package
// runs the bundle instead (publishConfig.bin → dist/keyroll.mjs, built by build.mjs on pack).
import { register } from 'tsx/esm/api';

register();
await import('../src/main.ts');
