import { startPrismaSimulator } from '@keyroll/testkit';
import { describe, expect, it } from 'vitest';
import { PrismaCloudIssuer } from '../src/index.ts';

/**
 * A fleet run opens hundreds of sessions; with shareConnections they use the issuer's one pool. A session
 * closing must not end the others' connections (the pool is the issuer's); issuer.close() ends them all.
 */
describe('PrismaCloudIssuer shareConnections', () => {
  it('sessions share the issuer pool: closing one leaves the other working; issuer.close() ends the pool', async () => {
    const sim = await startPrismaSimulator();
    try {
      const issuer = new PrismaCloudIssuer({ allowedOrigins: [sim.url], shareConnections: true });
      const a = await issuer.login(sim.addServiceAccount('sa-a'));
      const b = await issuer.login(sim.addServiceAccount('sa-b'));
      await a.close();
      expect((await b.identity()).name).toBe('sa-b');
      await issuer.close();
      await expect(b.identity()).rejects.toThrow();
      // A login after close() gets a new pool.
      const c = await issuer.login(sim.addServiceAccount('sa-c'));
      expect((await c.identity()).name).toBe('sa-c');
      await issuer.close();
    } finally {
      await sim.close();
    }
  });
});
