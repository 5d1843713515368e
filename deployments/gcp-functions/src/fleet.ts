import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, describeError, type Logger, type RotationTrigger } from '@keyroll/core';
import { escalationEvent } from '@keyroll/runtime';
import {
  type FleetConfig,
  type FleetItem,
  fleetEscalation,
  loadFleetConfig,
  parseFleetConfig,
  rotateFleet,
} from '@keyroll/runtime/fleet';
import type { NotifierConfig } from '@keyroll/runtime/report';
import { ENV } from './config.ts';
import type { GcpRuntime } from './runtime.ts';

/**
 * keyroll.yaml for the functions (docs/configuration.md, "Deployments"), from the first of:
 * - KEYROLL_CONFIG_YAML: the file's text itself (an environment variable the Terraform module can render);
 * - KEYROLL_CONFIG: `gs://<bucket>/<object>` (read with the function's service account, which needs
 *   roles/storage.objectViewer on that bucket only), or a file deployed with the function's source
 *   (a path relative to the source root, e.g. `keyroll.yaml`).
 * Read at every sweep: an edit takes effect at the next one.
 */
export const FLEET_ENV = { config: ENV.fleetConfig, yaml: ENV.fleetConfigYaml } as const;

export async function readFunctionFleetConfig(
  env: NodeJS.ProcessEnv,
  runtime: GcpRuntime,
): Promise<FleetConfig | undefined> {
  const inline = env[FLEET_ENV.yaml]?.trim();
  const where = env[FLEET_ENV.config]?.trim();
  // The function's file system is read-only: last outcomes go to the instance's temp directory.
  const state = join(tmpdir(), 'keyroll-state.json');
  if (inline) return { ...parseFleetConfig(inline, ''), path: FLEET_ENV.yaml, stateFile: state };
  if (!where) return undefined;
  if (!where.startsWith('gs://')) return loadFleetConfig(where);
  const m = /^gs:\/\/([a-z0-9][a-z0-9._-]{1,220})\/(.+)$/.exec(where);
  if (!m)
    throw new ConfigError('invalid_setting', `${FLEET_ENV.config}: ${where} is not gs://<bucket>/<object>`);
  const text = await readObject(m[1]!, m[2]!, env, runtime);
  return { ...parseFleetConfig(text, ''), path: where, stateFile: state };
}

/**
 * One Cloud Storage JSON API media download. STORAGE_EMULATOR_HOST, the variable Google's own storage
 * clients honour, points it at an emulator (unauthenticated, as those clients do); otherwise Application
 * Default Credentials through the Secret Manager client's own auth (scope cloud-platform).
 */
async function readObject(
  bucket: string,
  object: string,
  env: NodeJS.ProcessEnv,
  runtime: GcpRuntime,
): Promise<string> {
  const emulator = env.STORAGE_EMULATOR_HOST?.trim().replace(/\/+$/, '');
  const base = emulator || 'https://storage.googleapis.com';
  const url = `${base}/storage/v1/b/${encodeURIComponent(bucket)}/o/${encodeURIComponent(object)}?alt=media`;
  const headers: Record<string, string> = emulator ? {} : await runtime.authHeaders(url);
  let res: Response;
  try {
    res = await fetch(url, { headers, signal: AbortSignal.timeout(15_000) });
  } catch (err) {
    throw new ConfigError(
      'config_unreadable',
      `${FLEET_ENV.config}: gs://${bucket}/${object} cannot be read (${(err as Error).name})`,
    );
  }
  if (!res.ok)
    throw new ConfigError(
      'config_unreadable',
      `${FLEET_ENV.config}: gs://${bucket}/${object} cannot be read (${res.status}); the function's service account needs roles/storage.objectViewer on the bucket`,
    );
  return res.text();
}

/** One account's line of the sweep, as the handler reports it. */
export interface FleetSweepLine {
  account: string;
  /** rotated | skipped | rolled_back | needs_attention, or the disposition of what stopped it. */
  outcome: string;
  /** The outcome table's exit code: 3 means a person (or a retry) is needed. */
  exitCode: number;
}

/**
 * The sweep over keyroll.yaml's accounts: each through the engine with a `schedule` trigger (only due keys
 * rotate), primary and mirrors as configured (all or nothing), the lock following each primary (a Secret
 * Manager primary: its annotation lease). Each account is reported as it finishes, as a managed secret is:
 * its audit record, metrics and notifier (the function's webhooks plus keyroll.yaml's `notify`), and
 * keyroll.escalation (the log line the alert policy counts, and the people webhooks) when the engine's
 * shared rule says a person must act.
 */
export async function sweepFleet(
  runtime: GcpRuntime,
  config: FleetConfig,
  id: string | undefined,
  log: Logger,
): Promise<FleetSweepLine[]> {
  const trigger = { kind: 'schedule', ...(id ? { id } : {}), detail: 'sweep (keyroll.yaml)' } as const;
  const notify = runtime.notifyWith(config.notify, config.path || 'keyroll.yaml', log);
  const reports: Promise<void>[] = [];
  const report = await rotateFleet(config, {
    issuer: runtime.issuer,
    logger: log,
    env: runtime.env,
    clock: runtime.clock,
    allowApiOrigins: runtime.config.allowedApiOrigins,
    trigger,
    sdk: { gcp: runtime.sdkOptions() },
    // Not awaited here: a slow webhook never holds an account's place in the pool.
    onEvent: (e) => {
      if (e.kind === 'done') reports.push(reportAccount(runtime, e.item, trigger, log, notify));
    },
  });
  await Promise.all(reports);
  return report.items.map((i) => {
    log[i.exitCode === 0 ? 'info' : i.exitCode === 1 ? 'warn' : 'error'](
      `sweep: ${i.account} ${i.outcome}: ${i.message}`,
      { account: i.account, ...(i.error ? { error: describeError(i.error) } : {}) },
    );
    return { account: i.account, outcome: i.outcome, exitCode: i.exitCode };
  });
}

/** One finished account: reportRun, then keyroll.escalation if the engine's rule (or a stop) calls for it. */
async function reportAccount(
  runtime: GcpRuntime,
  item: FleetItem,
  trigger: RotationTrigger,
  log: Logger,
  notify: NotifierConfig | undefined,
): Promise<void> {
  const alog = log.child({ account: item.account });
  try {
    if (item.result) await runtime.report(item.result, trigger, notify, alog);
    const escalation = fleetEscalation(item);
    if (!escalation) return;
    const { event: _type, ...data } = escalation;
    const event = escalationEvent(data, 'keyroll/gcp-functions', () => new Date(runtime.clock.now()));
    // The same line as a managed secret's (jsonPayload.event = keyroll.escalation: the alert policy).
    alog.error(`keyroll.escalation: ${item.account} (${item.primary}) needs a person (${escalation.cause})`, {
      event: event.type,
      cause: escalation.cause,
      secretName: item.primary,
      cloudEvent: event,
    });
    // People: a needs_attention result has told them already (keyroll.needs_attention), as for a managed
    // secret; every other escalation, and an account stopped before any result, is told here.
    if (!(item.result && escalation.cause === 'needs_attention')) await runtime.escalate(escalation, notify);
  } catch (err) {
    alog.warn(`reporting ${item.account} failed; its outcome stands`, { error: describeError(err) });
  }
}
