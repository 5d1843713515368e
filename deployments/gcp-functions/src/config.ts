import { allowedOriginsFromEnv, ConfigError, type LogLevel, type RotationPolicy } from '@keyroll/core';
import { POLICY_SETTINGS, policyFromSettings } from '@keyroll/runtime/handler';
import { NOTIFY_SETTINGS } from '@keyroll/runtime/report';
import { type ProjectIdentity, parseSecretName } from '@keyroll/vault-gcp-secret-manager';
import * as z from 'zod/mini';
import { checkedProject } from './project.ts';

/**
 * Environment variables the functions read. The Terraform module sets them; a test checks that it sets
 * every required one (so these names are the single source of truth).
 */
export const ENV = {
  /** The policy knobs, named as in every deployment (@keyroll/runtime POLICY_SETTINGS). */
  ...POLICY_SETTINGS,
  adminSecret: 'KEYROLL_ADMIN_SECRET',
  serviceAccount: 'KEYROLL_SERVICE_ACCOUNT',
  allowedApiOrigins: 'KEYROLL_ALLOWED_API_ORIGINS',
  managedSecrets: 'KEYROLL_MANAGED_SECRETS',
  rotateNewSecrets: 'KEYROLL_ROTATE_NEW_SECRETS',
  logLevel: 'KEYROLL_LOG_LEVEL',
  /** keyroll.yaml for the sweep: gs://<bucket>/<object> or a deployed file (fleet.ts). */
  fleetConfig: 'KEYROLL_CONFIG',
  /** keyroll.yaml's text itself (wins over KEYROLL_CONFIG). */
  fleetConfigYaml: 'KEYROLL_CONFIG_YAML',
  /** The function's own project (both or neither; unset: asked from the metadata server). */
  projectId: 'KEYROLL_PROJECT_ID',
  projectNumber: 'KEYROLL_PROJECT_NUMBER',
  /**
   * The notifier (@keyroll/runtime NOTIFY_SETTINGS, the same names in every deployment). The webhook lists
   * are secrets: terraform/gcp exposes Secret Manager secrets as these variables.
   */
  ...NOTIFY_SETTINGS,
} as const;

/** Always set by the Terraform module (the others are optional or only needed in admin mode). */
export const REQUIRED_ENV: readonly string[] = [ENV.mode, ENV.managedSecrets];

export interface FunctionConfig {
  mode: 'self' | 'admin';
  /** Admin mode: the secret (projects/P/secrets/S) holding the admin key, read at each rotation. */
  adminSecret: string | undefined;
  serviceAccount: string | undefined;
  allowedApiOrigins: string[];
  /** Secrets this deployment may rotate; undefined = any secret carrying the keyroll-managed label. */
  managedSecrets: string[] | undefined;
  /** Rotate a new managed secret at once when its first version is added (nobody keeps a live key). */
  rotateNewSecrets: boolean;
  logLevel: LogLevel;
  policy: RotationPolicy;
  /** The function's own project, when configured; otherwise the metadata server tells. */
  project: ProjectIdentity | undefined;
}

const bool = (name: string) =>
  z.pipe(
    z.enum(['true', 'false', '1', '0'], { message: `${name} must be true or false` }),
    z.transform((v) => v === 'true' || v === '1'),
  );
/** Reads and validates the configuration; the error names the variable that is missing or wrong. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): FunctionConfig {
  const get = (name: string) => {
    const value = env[name]?.trim();
    return value === '' ? undefined : value;
  };
  const parse = <T>(name: string, schema: z.ZodMiniType<T, string>, fallback?: T): T => {
    const raw = get(name);
    if (raw === undefined) {
      if (fallback !== undefined) return fallback;
      throw new ConfigError('missing_setting', `${name} is not set`);
    }
    const result = schema.safeParse(raw);
    if (!result.success) {
      throw new ConfigError(
        'invalid_setting',
        `${name}: ${result.error.issues.map((i) => i.message).join('; ')}`,
      );
    }
    return result.data;
  };
  const secretList = (name: string) => {
    const raw = get(name);
    if (raw === undefined) return undefined;
    return raw
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)
      .map((s) => {
        parseSecretName(s, name);
        return s;
      });
  };

  const mode = parse(
    ENV.mode,
    z.enum(['self', 'admin'], { message: `${ENV.mode} must be self or admin` }),
    'self',
  );
  const adminSecret = get(ENV.adminSecret);
  if (mode === 'admin' && !adminSecret) {
    throw new ConfigError('missing_setting', `${ENV.adminSecret} is required when ${ENV.mode}=admin`);
  }
  if (adminSecret) parseSecretName(adminSecret, ENV.adminSecret);
  // Fails now, at start, rather than at the first event.
  const policy = policyFromSettings(get, 'environment variable');

  let allowedApiOrigins: string[];
  try {
    allowedApiOrigins = allowedOriginsFromEnv(env);
  } catch (err) {
    throw new ConfigError('invalid_setting', `${ENV.allowedApiOrigins}: ${(err as Error).message}`, err);
  }
  const projectId = get(ENV.projectId);
  const projectNumber = get(ENV.projectNumber);
  if ((projectId === undefined) !== (projectNumber === undefined)) {
    throw new ConfigError(
      'missing_setting',
      `${ENV.projectId} and ${ENV.projectNumber} go together: set both, or neither (the metadata server tells)`,
    );
  }
  let project: ProjectIdentity | undefined;
  if (projectId !== undefined && projectNumber !== undefined) {
    project = checkedProject(projectId, projectNumber, `${ENV.projectId}/${ENV.projectNumber}`);
  }
  return {
    mode,
    adminSecret,
    project,
    serviceAccount: get(ENV.serviceAccount),
    allowedApiOrigins,
    managedSecrets: secretList(ENV.managedSecrets),
    rotateNewSecrets: parse(ENV.rotateNewSecrets, bool(ENV.rotateNewSecrets), true),
    logLevel: parse(
      ENV.logLevel,
      z.enum(['debug', 'info', 'warn', 'error'], {
        message: `${ENV.logLevel} must be debug, info, warn or error`,
      }),
      'info',
    ),
    policy,
  };
}
