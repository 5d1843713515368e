#!/usr/bin/env node
// The CLI ships as TypeScript; tsx runs it without a build step.
import { register } from 'tsx/esm/api';

register();
await import('../src/main.ts');
