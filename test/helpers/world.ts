import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type Credential,
  createLogger,
  type LogRecord,
  memorySink,
  type RotationContext,
  type RotationPolicyInput,
  type RotationRequest,
  type RotationResult,
  rotateCredential,
} from '@keyroll/core';
import { PrismaCloudIssuer } from '@keyroll/prisma-cloud';
import { FaultInjector, type PrismaSimulator, startPrismaSimulator, withVaultFaults } from '@keyroll/testkit';
import { FileLockProvider, FileVaultAdapter } from '@keyroll/vault-file';
import { afterEach } from 'vitest';

export const SERVICE_ACCOUNT = 'ci-scanner';

export interface WorldOptions {
  targets?: number;
  keyLimit?: 1 | 2;
  /** Seed an inactive previous key, so the account is at its limit and make-room runs. */
  seedInactiveKey?: boolean;
  policy?: RotationPolicyInput;
  /** Value format of the seeded files. */
  format?: 'keyroll' | 'vendor';
  simulator?: Parameters<typeof startPrismaSimulator>[0];
}

/**
 * A Prisma Cloud simulator, a service account, and N file vaults holding its key — the real engine,
 * client and adapters, with fault injectors on the simulator and on the vault calls.
 */
export async function createWorld(options: WorldOptions = {}) {
  const sim: PrismaSimulator = await startPrismaSimulator(options.simulator);
  const keyLimit = options.keyLimit ?? 2;
  const first: Credential = sim.addServiceAccount(SERVICE_ACCOUNT, { keyLimit });
  if (options.seedInactiveKey) {
    sim.addKey(SERVICE_ACCOUNT, {
      name: 'previous',
      status: 'inactive',
      createdTs: Date.now() - 90 * 86_400_000,
    });
  }
  const dir = await mkdtemp(join(tmpdir(), 'keyroll-world-'));
  const paths = Array.from({ length: options.targets ?? 1 }, (_, i) => join(dir, `target-${i}.json`));
  const value =
    options.format === 'vendor'
      ? {
          PRISMA_CLOUD_CONSOLE_URL: sim.url,
          PRISMA_CLOUD_USER: first.accessKeyId,
          PRISMA_CLOUD_PASS: first.secretKey,
        }
      : first;
  for (const p of paths) await writeFile(p, `${JSON.stringify(value)}\n`, { mode: 0o600 });
  const vaultFaults = new FaultInjector();
  const adapters = paths.map((path) => withVaultFaults(new FileVaultAdapter({ path }), vaultFaults));
  const sink = memorySink();
  const logger = createLogger({ sink, level: 'debug' });
  const issuer = new PrismaCloudIssuer({
    allowedOrigins: [sim.url],
    logger,
    requestTimeoutMs: 400,
    retry: { maxAttempts: 4, baseDelayMs: 1, maxDelayMs: 10 },
  });
  const lock = new FileLockProvider({ directory: dir });

  // R0 "at every moment": checked synchronously whenever the simulator or a vault is called, i.e.
  // between any two calls the engine (or a child process) makes. A rule that never matches is an observer.
  const r0Violations: string[] = [];
  const checkR0Now = (call: string) => {
    for (const p of paths) {
      let c: Credential;
      try {
        c = parseStored(readFileSync(p, 'utf8'), sim.url);
      } catch {
        r0Violations.push(`before ${call}: ${p} is unreadable`);
        continue;
      }
      if (!sim.canLogin(c.accessKeyId, c.secretKey))
        r0Violations.push(`before ${call}: ${p} holds ${c.accessKeyId}, which cannot log in`);
    }
    const count = sim.keys(SERVICE_ACCOUNT).length;
    if (count > keyLimit) r0Violations.push(`before ${call}: ${count} keys over the limit ${keyLimit}`);
    return false;
  };
  const observe = () => {
    sim.faults.add({ match: checkR0Now, kind: 'delay', times: Number.POSITIVE_INFINITY });
    vaultFaults.add({ match: checkR0Now, kind: 'delay', times: Number.POSITIVE_INFINITY });
  };
  observe();

  const readVault = async (path: string): Promise<Credential> =>
    parseStored(await readFile(path, 'utf8'), sim.url);

  return {
    sim,
    dir,
    paths,
    adapters,
    vaultFaults,
    logger,
    logs: sink.records as LogRecord[],
    first,
    lock,
    r0Violations,
    /** Removes injected faults, keeping the R0 observer. */
    clearFaults(): void {
      sim.faults.clear();
      vaultFaults.clear();
      observe();
    },
    rotate(
      extra: Partial<RotationRequest> = {},
      policy: RotationPolicyInput = {},
      context: Partial<RotationContext> = {},
    ): Promise<RotationResult> {
      return rotateCredential(
        { targets: adapters, trigger: { kind: 'manual' }, force: true, ...extra },
        {
          issuer,
          lock,
          logger,
          allowedApiOrigins: [sim.url],
          policy: { verifyAttempts: 3, verifyBaseDelayMs: 1, keyLimit, ...options.policy, ...policy },
          ...context,
        },
      );
    },
    readVault,
    async vaultKeyIds(): Promise<string[]> {
      return Promise.all(paths.map(async (p) => (await readVault(p)).accessKeyId));
    },
    /** R0: every target holds a key that logs in, and the account is within its key limit — now and at every call so far. */
    async assertR0(): Promise<void> {
      if (r0Violations.length) throw new Error(`R0 violated: ${r0Violations.slice(0, 3).join('; ')}`);
      for (const p of paths) {
        const c = await readVault(p);
        if (!sim.canLogin(c.accessKeyId, c.secretKey)) {
          throw new Error(`R0 violated: ${p} holds key ${c.accessKeyId}, which cannot log in`);
        }
      }
      const count = sim.keys(SERVICE_ACCOUNT).length;
      if (count > keyLimit) throw new Error(`R0 violated: ${count} keys, limit ${keyLimit}`);
    },
    activeKeys: () => sim.keys(SERVICE_ACCOUNT).filter((k) => k.status === 'active'),
    /** Every secret the simulator ever minted or issued, to scan output for leaks. */
    secrets: () => [...sim.mintedSecrets(), ...sim.issuedTokens()],
    async close(): Promise<void> {
      await sim.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export type World = Awaited<ReturnType<typeof createWorld>>;

function parseStored(text: string, apiUrl: string): Credential {
  const raw = JSON.parse(text) as Record<string, string>;
  return raw.PRISMA_CLOUD_USER
    ? { apiUrl, accessKeyId: raw.PRISMA_CLOUD_USER, secretKey: raw.PRISMA_CLOUD_PASS! }
    : (raw as unknown as Credential);
}

/** Throws if any secret appears in any text. */
export function assertNoLeak(texts: string[], secrets: string[]): void {
  for (const secret of secrets) {
    for (const text of texts) {
      if (secret && text.includes(secret)) throw new Error('a secret value appeared in output');
    }
  }
}

/**
 * The worlds a test file opens: after each test, everything they logged and every result the test
 * recorded in `results` is leak-checked, then every world closes (also when the check fails).
 */
export function worldsPerTest() {
  let open: World[] = [];
  const results: RotationResult[] = [];
  afterEach(async () => {
    try {
      for (const w of open)
        assertNoLeak([...w.logs.map((r) => JSON.stringify(r)), JSON.stringify(results)], w.secrets());
    } finally {
      await Promise.all(open.map((w) => w.close()));
      open = [];
      results.length = 0;
    }
  });
  const track = (w: World): World => {
    open.push(w);
    return w;
  };
  return {
    results,
    track,
    world: async (options: WorldOptions = {}) => track(await createWorld(options)),
    /** One rotation of `w`, its result recorded for the leak check. */
    rotate: async (w: World, ...args: Parameters<World['rotate']>) => {
      const r = await w.rotate(...args);
      results.push(r);
      return r;
    },
  };
}
