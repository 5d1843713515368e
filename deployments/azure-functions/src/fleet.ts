import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BlobClient } from '@azure/storage-blob';
import { ConfigError, describeError, type Logger } from '@keyroll/core';
import { storageServiceFromSettings } from '@keyroll/lock-azure-blob';
import { PrismaCloudIssuer } from '@keyroll/prisma-cloud';
import { type FleetConfig, loadFleetConfig, parseFleetConfig, rotateFleet } from '@keyroll/runtime/fleet';
import type { KeyrollRuntime } from './runtime.ts';

/**
 * keyroll.yaml for the Function App (docs/configuration.md, "Deployments"): the app setting
 * KEYROLL_CONFIG names it, either
 * - a blob URL, `https://<account>.blob.core.windows.net/<container>/keyroll.yaml`: in the app's own
 *   storage account (AzureWebJobsStorage) it is read with that account's connection, elsewhere with the
 *   app's managed identity (it needs "Storage Blob Data Reader" on that container only); or
 * - a file deployed with the app (a path relative to the app's root, e.g. `keyroll.yaml`).
 * It is read at every sweep, so an edit takes effect at the next one without a restart.
 */
export const CONFIG_SETTING = 'KEYROLL_CONFIG';

export async function readAppFleetConfig(
  env: NodeJS.ProcessEnv,
  rt: KeyrollRuntime,
): Promise<FleetConfig | undefined> {
  const where = env[CONFIG_SETTING]?.trim();
  if (!where) return undefined;
  if (!/^https?:\/\//i.test(where)) return loadFleetConfig(where);
  const own = storageServiceFromSettings(env, undefined, {
    retryOptions: { maxTries: 3, tryTimeoutInMs: 10_000 },
  });
  let blob: BlobClient;
  if (own && where.startsWith(`${own.url.replace(/\/+$/, '')}/`)) {
    const [container, ...name] = where.slice(own.url.replace(/\/+$/, '').length + 1).split('/');
    blob = own.getContainerClient(container!).getBlobClient(decodeURIComponent(name.join('/')));
  } else {
    if (!where.startsWith('https://'))
      throw new ConfigError(
        'invalid_setting',
        `app setting ${CONFIG_SETTING} must be an https blob URL or a file path`,
      );
    blob = new BlobClient(where, rt.storageCredential());
  }
  let text: string;
  try {
    text = (await blob.downloadToBuffer()).toString('utf8');
  } catch (err) {
    const status = (err as { statusCode?: number }).statusCode;
    throw new ConfigError(
      'config_unreadable',
      `app setting ${CONFIG_SETTING}: ${where} cannot be read (${status ?? (err as Error).name}); the app's identity needs Storage Blob Data Reader on it`,
    );
  }
  const config = parseFleetConfig(text, '');
  // The app's file system is read-only (run from package): last outcomes go to the instance's temp dir.
  return { ...config, path: where, stateFile: join(tmpdir(), 'keyroll-state.json') };
}

export interface FleetSweepEntry {
  vaultUrl: string;
  secret: string;
  outcome: 'rotated' | 'skipped' | 'rolled_back' | 'needs_attention' | 'error';
  reason?: string;
}

/**
 * The sweep over keyroll.yaml's accounts: every account through the engine with a `schedule` trigger (only
 * due keys rotate), primaries and mirrors as configured (all or nothing), under the app's blob-lease lock.
 */
export async function sweepFleet(
  rt: KeyrollRuntime,
  config: FleetConfig,
  invocationId: string,
  log: Logger,
): Promise<FleetSweepEntry[]> {
  const seams = rt.seams();
  const report = await rotateFleet(config, {
    issuer:
      seams.issuer ??
      new PrismaCloudIssuer({
        allowedOrigins: [...config.allowApiOrigins, ...rt.config.allowedApiOrigins],
        logger: log,
        ...(config.rateLimit ? { rateLimit: config.rateLimit } : {}),
      }),
    logger: log,
    env: seams.env,
    allowApiOrigins: rt.config.allowedApiOrigins,
    trigger: { kind: 'schedule', id: invocationId, detail: 'sweep (keyroll.yaml)' },
    ...(rt.lock ? { lock: rt.lock } : {}),
    ...(seams.clock ? { clock: seams.clock } : {}),
    sdk: {
      azure: {
        credential: seams.credential,
        ...(seams.keyVaultClientOptions ? { clientOptions: seams.keyVaultClientOptions } : {}),
      },
    },
  });
  return report.items.map((i) => {
    const entry: FleetSweepEntry = {
      vaultUrl: i.primary,
      secret: i.account,
      outcome: i.error ? 'error' : (i.outcome as FleetSweepEntry['outcome']),
    };
    const reason = i.result?.reason ?? i.error?.code;
    if (reason) entry.reason = reason;
    const level = i.exitCode === 0 ? 'info' : i.exitCode === 1 ? 'warn' : 'error';
    log[level](`sweep: ${i.account} ${i.outcome}: ${i.message}`, {
      account: i.account,
      ...(i.result?.rotationId ? { rotationId: i.result.rotationId } : {}),
      ...(i.error ? { error: describeError(i.error) } : {}),
    });
    return entry;
  });
}
