import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BlobClient } from '@azure/storage-blob';
import {
  ConfigError,
  describeError,
  type Escalation,
  type Logger,
  type RotationTrigger,
} from '@keyroll/core';
import { storageServiceFromSettings } from '@keyroll/lock-azure-blob';
import { PrismaCloudIssuer } from '@keyroll/prisma-cloud';
import {
  type FleetConfig,
  type FleetItem,
  fleetEscalation,
  loadFleetConfig,
  parseFleetConfig,
  rotateFleet,
} from '@keyroll/runtime/fleet';
import type { NotifierConfig } from '@keyroll/runtime/report';
import { ESCALATION_EVENT } from './handlers/escalation.ts';
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
  /** Set when this account raised keyroll.escalation, as a secret of KEYROLL_VAULT_URLS does. */
  escalation?: Escalation;
}

/**
 * The sweep over keyroll.yaml's accounts: every account through the engine with a `schedule` trigger (only
 * due keys rotate), primaries and mirrors as configured (all or nothing), under the app's blob-lease lock.
 * Each account is reported as it finishes, the way a KEYROLL_VAULT_URLS secret is: its audit record, metrics
 * and notifier (the app's webhooks plus keyroll.yaml's `notify`), and keyroll.escalation (the log line the
 * alert rule queries, and the people webhooks) when the engine's shared rule says a person must act.
 */
export async function sweepFleet(
  rt: KeyrollRuntime,
  config: FleetConfig,
  invocationId: string,
  log: Logger,
): Promise<FleetSweepEntry[]> {
  const seams = rt.seams();
  const trigger = { kind: 'schedule', id: invocationId, detail: 'sweep (keyroll.yaml)' } as const;
  const notify = rt.notifyWith(config.notify, config.path || 'keyroll.yaml', log);
  const reported = new Map<string, Promise<Escalation | undefined>>();
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
    trigger,
    ...(rt.lock ? { lock: rt.lock } : {}),
    ...(seams.clock ? { clock: seams.clock } : {}),
    sdk: {
      azure: {
        credential: seams.credential,
        ...(seams.keyVaultClientOptions ? { clientOptions: seams.keyVaultClientOptions } : {}),
      },
    },
    // Not awaited here: a slow webhook never holds an account's place in the pool.
    onEvent: (e) => {
      if (e.kind === 'done') reported.set(e.account, reportAccount(rt, e.item, trigger, log, notify));
    },
  });
  const entries: FleetSweepEntry[] = [];
  for (const i of report.items) {
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
    const escalation = await reported.get(i.account);
    if (escalation) entry.escalation = escalation;
    entries.push(entry);
  }
  return entries;
}

/** One finished account: reportRun, then keyroll.escalation if the engine's rule (or a stop) calls for it. */
async function reportAccount(
  rt: KeyrollRuntime,
  item: FleetItem,
  trigger: RotationTrigger,
  log: Logger,
  notify: NotifierConfig | undefined,
): Promise<Escalation | undefined> {
  const alog = log.child({ account: item.account });
  try {
    if (item.result) await rt.report(item.result, trigger, alog, notify);
    const escalation = fleetEscalation(item);
    if (!escalation) return undefined;
    // The same structured line as a KEYROLL_VAULT_URLS secret's: the Terraform alert rule queries it.
    alog.error(
      `${ESCALATION_EVENT}: ${item.account}: ${escalation.cause} (${escalation.lastFailure ?? 'no failure recorded'})`,
      { ...escalation, event: ESCALATION_EVENT },
    );
    await rt.escalate(escalation, alog, notify);
    return escalation;
  } catch (err) {
    alog.warn(`reporting ${item.account} failed; its outcome stands`, { error: describeError(err) });
    return undefined;
  }
}
