import { createLogger, memorySink } from '@keyroll/core';
import { type ConnectProxy, startConnectProxy, startPrismaSimulator } from '@keyroll/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { PrismaCloudIssuer } from '../src/index.ts';

/**
 * HTTPS_PROXY / HTTP_PROXY / NO_PROXY reach the undici client (EnvHttpProxyAgent): through a local CONNECT
 * proxy on 127.0.0.1, or straight past it for a NO_PROXY host. Proxy credentials never reach the log.
 */
const saved = { ...process.env };
let proxy: ConnectProxy | undefined;
afterEach(async () => {
  for (const k of ['HTTP_PROXY', 'HTTPS_PROXY', 'NO_PROXY', 'http_proxy', 'https_proxy', 'no_proxy']) {
    if (saved[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
  }
  await proxy?.close();
});

async function loginThroughEnv(env: Record<string, string>) {
  const sim = await startPrismaSimulator();
  const port = Number(new URL(sim.url).port);
  proxy = await startConnectProxy(port);
  for (const [k, v] of Object.entries(env))
    process.env[k] = v.replace('{proxy}', proxy.url.replace('http://', ''));
  const sink = memorySink();
  const issuer = new PrismaCloudIssuer({
    allowedOrigins: [sim.url],
    logger: createLogger({ sink, level: 'debug' }),
  });
  const cred = sim.addServiceAccount('sa-proxy');
  const session = await issuer.login(cred);
  const me = await session.identity();
  await session.close();
  await sim.close();
  return { me, authorities: proxy.authorities, log: JSON.stringify(sink.records), port };
}

describe('proxy settings', () => {
  it('HTTP_PROXY / HTTPS_PROXY: every call is tunnelled through the proxy (CONNECT)', async () => {
    const r = await loginThroughEnv({ HTTP_PROXY: 'http://keyroll:proxy-pass-123456@{proxy}' });
    expect(r.me.name).toBe('sa-proxy');
    expect(r.authorities.length).toBeGreaterThan(0);
    expect(new Set(r.authorities)).toEqual(new Set([`127.0.0.1:${r.port}`]));
    expect(r.log).not.toContain('proxy-pass-123456');
  });

  it('NO_PROXY: a listed host is reached directly', async () => {
    const r = await loginThroughEnv({ HTTP_PROXY: 'http://{proxy}', NO_PROXY: '127.0.0.1' });
    expect(r.me.name).toBe('sa-proxy');
    expect(r.authorities).toEqual([]);
  });

  it('no proxy variable: a plain connection pool', async () => {
    const r = await loginThroughEnv({});
    expect(r.authorities).toEqual([]);
  });
});
