import { HttpRequest, InvocationContext, type Timer } from '@azure/functions';
import { type Credential, DAY_MS } from '@keyroll/core';
import {
  FaultInjector,
  type KeyVaultFake,
  type ManagedIdentityFake,
  ManualClock,
  type PrismaSimulator,
  startKeyVaultFake,
  startManagedIdentityFake,
  startPrismaSimulator,
} from '@keyroll/testkit';
import { tagsFor } from '@keyroll/vault-azure-keyvault';
import { configureRuntime, type KeyrollRuntime, type RuntimeOptions } from '../src/runtime.ts';

export const VAULT = 'kv-prod-weu';
export const SECRET = 'prisma-cloud';
export const ACCOUNT = 'keyroll-ci';

export interface LogLine {
  level: string;
  msg: string;
  record: Record<string, unknown>;
}

/**
 * Everything a Function invocation talks to, on loopback: the Key Vault fake (production URL form,
 * reached through the transport seam), the managed-identity endpoint (DefaultAzureCredential runs its
 * production chain), and the Prisma Cloud simulator on a manual clock shared with the engine.
 */
export interface AzureHarness {
  kv: KeyVaultFake;
  identity: ManagedIdentityFake;
  sim: PrismaSimulator;
  clock: ManualClock;
  logs: LogLine[];
  runtime: KeyrollRuntime;
  /** The credential the seeded secret holds. */
  initial: Credential;
  /** Version id of the seeded secret. */
  seededVersion: string;
  vaultUrl: string;
  /** `<vault>.vault.azure.net:<port>`, for event Ids. */
  host: string;
  context(functionName?: string): InvocationContext;
  /** Rebuilds the runtime with extra settings or seams. */
  reconfigure(env?: Record<string, string>, options?: Partial<RuntimeOptions>): KeyrollRuntime;
  seedSecret(name: string, credential: Credential, options?: { managed?: boolean; account?: string }): string;
  close(): Promise<void>;
}

const T0 = Date.UTC(2026, 0, 1);

export async function startAzureHarness(): Promise<AzureHarness> {
  const clock = new ManualClock(T0);
  const sim = await startPrismaSimulator({ clock });
  const identity = await startManagedIdentityFake();
  // MSAL caches managed-identity tokens process-wide (a static cache), so a token from an earlier test's
  // identity fake may be reused: accept any token an identity fake issued, and nothing else.
  const kv = await startKeyVaultFake({
    faults: new FaultInjector(),
    acceptToken: (t) => t.startsWith('fake-mi-'),
  });
  const saved = {
    IDENTITY_ENDPOINT: process.env.IDENTITY_ENDPOINT,
    IDENTITY_HEADER: process.env.IDENTITY_HEADER,
  };
  Object.assign(process.env, identity.env);

  const initial = sim.addServiceAccount(ACCOUNT);
  clock.advance(60 * DAY_MS); // the key is 60 days old: older than the minimum age, due by age
  const vaultUrl = kv.vaultUrl(VAULT);
  const logs: LogLine[] = [];

  const seedSecret: AzureHarness['seedSecret'] = (name, credential, o = {}) =>
    kv.seed(VAULT, name, JSON.stringify(credential), {
      contentType: 'application/json',
      ...(o.managed !== false && {
        tags: tagsFor({ keyId: credential.accessKeyId, serviceAccount: o.account ?? ACCOUNT }, true),
      }),
      expiresOn: new Date(clock.now() + 20 * DAY_MS),
    });
  const seededVersion = seedSecret(SECRET, initial);

  const baseEnv = { KEYROLL_VAULT_URLS: vaultUrl, KEYROLL_ALLOWED_API_ORIGINS: sim.url };
  const reconfigure: AzureHarness['reconfigure'] = (env = {}, options = {}) =>
    configureRuntime({
      env: { ...baseEnv, ...env },
      // Only the transport is redirected; no SDK retries so an injected fault is seen once.
      keyVaultClientOptions: { agent: kv.agent, retryOptions: { maxRetries: 0 } },
      clock,
      ...options,
    });
  const harness: AzureHarness = {
    kv,
    identity,
    sim,
    clock,
    logs,
    initial,
    seededVersion,
    vaultUrl,
    host: `${VAULT}.vault.azure.net:${kv.port}`,
    runtime: reconfigure(),
    reconfigure: (env, options) => {
      harness.runtime = reconfigure(env, options);
      return harness.runtime;
    },
    seedSecret,
    context: (functionName = 'keyrollKeyVaultEvent') =>
      new InvocationContext({
        invocationId: `inv-${logs.length}-${Math.random().toString(16).slice(2, 8)}`,
        functionName,
        logHandler: (level, ...args) => {
          const msg = args.map(String).join(' ');
          let record: Record<string, unknown> = {};
          try {
            record = JSON.parse(msg) as Record<string, unknown>;
          } catch {
            // not one of ours
          }
          logs.push({ level, msg: typeof record.msg === 'string' ? record.msg : msg, record });
        },
      }),
    close: async () => {
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
      await Promise.allSettled([kv.close(), identity.close(), sim.close()]);
    },
  };
  return harness;
}

export function httpRequest(body: unknown, raw?: string): HttpRequest {
  return new HttpRequest({
    method: 'POST',
    url: 'http://localhost:7071/api/rotate',
    headers: { 'content-type': 'application/json', 'x-functions-key': 'test-key' },
    body: { string: raw ?? JSON.stringify(body) },
  });
}

export const timer = (isPastDue = false): Timer => ({
  isPastDue,
  schedule: { adjustForDST: true },
  scheduleStatus: {
    last: '2026-03-01T03:17:00Z',
    next: '2026-03-03T03:17:00Z',
    lastUpdated: '2026-03-02T03:17:00Z',
  },
});

/** Everything the logs said, for leak scans. */
export function allLogText(logs: LogLine[]): string {
  return logs.map((l) => JSON.stringify(l)).join('\n');
}
