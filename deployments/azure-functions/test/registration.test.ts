import { createRequire } from 'node:module';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * What the Functions host would be told. @azure/functions loads the host API lazily with
 * `require('@azure/functions-core')` on the first `app.*` call; standing in for that module (before the
 * app is imported) captures the real registration metadata.
 */
interface Registered {
  name: string;
  bindings: Record<string, Record<string, unknown>>;
}

const registered: Registered[] = [];
const require = createRequire(import.meta.url);
const Module = require('node:module') as { _load: (request: string, ...rest: unknown[]) => unknown };
const originalLoad = Module._load;
Module._load = function patched(this: unknown, request: string, ...rest: unknown[]) {
  if (request === '@azure/functions-core') {
    return {
      registerFunction: (metadata: Registered) => {
        registered.push(metadata);
        return { dispose() {} };
      },
      setProgrammingModel() {},
      registerHook: () => ({ dispose() {} }),
      getProgrammingModel: () => undefined,
    };
  }
  return originalLoad.call(this, request, ...rest);
};

describe('function registrations', () => {
  afterAll(() => {
    Module._load = originalLoad;
  });

  it('registers the Event Grid, HTTP (function key, POST only) and timer (six-field NCRONTAB) functions', async () => {
    const { FUNCTION_NAMES, SWEEP_SCHEDULE } = await import('../src/main.ts');
    const byName = Object.fromEntries(registered.map((r) => [r.name, r]));
    expect(Object.keys(byName).sort()).toEqual(Object.values(FUNCTION_NAMES).sort());

    const event = Object.values(byName[FUNCTION_NAMES.keyVaultEvent]!.bindings);
    expect(event).toEqual([expect.objectContaining({ type: 'eventGridTrigger', direction: 'in' })]);

    const http = Object.values(byName[FUNCTION_NAMES.rotateHttp]!.bindings);
    expect(http).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          type: 'httpTrigger',
          methods: ['POST'],
          authLevel: 'function',
          route: 'rotate',
        }),
        expect.objectContaining({ type: 'http', direction: 'out' }),
      ]),
    );

    const sweep = Object.values(byName[FUNCTION_NAMES.sweep]!.bindings);
    expect(sweep).toEqual([expect.objectContaining({ type: 'timerTrigger', schedule: SWEEP_SCHEDULE })]);
    expect(SWEEP_SCHEDULE.split(' ')).toHaveLength(6);
  });
});
