/** Answers are read with a size cap: a huge body fails that call clearly instead of being buffered. */
import { mayHaveApplied } from '@keyroll/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PrismaCloudClient } from '../src/index.ts';
import { MAX_RESPONSE_BYTES } from '../src/transport.ts';
import { type Harness, rejection, startHarness } from './helpers.ts';

const huge = () => 'x'.repeat(MAX_RESPONSE_BYTES + 1024);

describe('response size cap (10 MiB)', () => {
  let h: Harness;
  let client: PrismaCloudClient;
  beforeEach(async () => {
    h = await startHarness();
    // Generous per-call timeout: 10 MiB must arrive before it on a loaded machine.
    client = await h.login(h.sim.addServiceAccount('sa'), { requestTimeoutMs: 60_000 });
  });
  afterEach(async () => {
    await client.close();
    await h.sim.close();
  });

  it('a read whose answer is over the cap fails with response_too_large, not retried', async () => {
    h.sim.faults.add({
      match: 'GET /access_keys',
      kind: 'rewrite',
      rewrite: () => ({ status: 200, body: huge() }),
    });
    const err = await rejection(client.listAccessKeys());
    expect(err.code).toBe('response_too_large');
    expect(err.message).toMatch(/more than 10 MiB/);
    expect(h.sim.requestCount('GET /access_keys')).toBe(1);
  });

  it('a create whose answer is over the cap is ambiguous (the key may exist)', async () => {
    h.sim.faults.add({
      match: 'POST /access_keys',
      kind: 'rewrite',
      rewrite: () => ({ status: 200, body: huge() }),
    });
    const err = await rejection(client.createAccessKey({ name: 'r1' }));
    expect(err.code).toBe('response_too_large');
    expect(mayHaveApplied(err)).toBe(true);
  });

  it('a large answer under the cap is still read', async () => {
    const name = 'n'.repeat(MAX_RESPONSE_BYTES - 64 * 1024);
    h.sim.faults.add({
      match: 'GET /access_keys',
      kind: 'rewrite',
      rewrite: (a) => ({
        ...a,
        body: (a.body as Array<Record<string, unknown>>).map((k) => ({ ...k, name })),
      }),
    });
    const keys = await client.listAccessKeys();
    expect(keys[0]?.name).toHaveLength(name.length);
  });
});
