import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { ConfigError, normalizeOrigin, type RotationPolicy, resolvePolicy } from '@keyroll/core';
import { parseDocument } from 'yaml';
import type { z } from 'zod/mini';
import type { GitHubAppSettings, LockSettings } from '../vaults/drivers/types.ts';
import { canBePrimary } from '../vaults/registry.ts';
import { formatVaultUri, parseVaultUri, type VaultRef } from '../vaults/uri.ts';
import { type FleetConfigDocument, fleetConfigSchema } from './schema.ts';

export const DEFAULT_CONFIG_FILE = 'keyroll.yaml';

export interface FleetAccount {
  name: string;
  mode: 'self' | 'admin';
  policy: RotationPolicy;
  primary: VaultRef;
  mirrors: VaultRef[];
  serviceAccount?: string;
  adminKey?: VaultRef;
}

export interface FleetConfig {
  /** Absolute path of the file read ('' when parsed from text without a path). */
  path: string;
  accounts: FleetAccount[];
  allowApiOrigins: string[];
  concurrency: number;
  rateLimit?: { ratePerSecond: number; burst: number };
  github: {
    writesPerHour: number;
    writesPerMinute: number;
    token?: string;
    app?: GitHubAppSettings;
    apiUrl?: string;
  };
  stateFile: string;
  /** keyroll.yaml's `notify`: env variable names only; notifierWebhooksFromConfig reads them. */
  notify?: FleetNotify;
  /** Where cross-host locks live (an Azure Key Vault primary's blob lease). */
  locks?: LockSettings;
}

export interface FleetNotify {
  onSuccess: boolean;
  webhooks: Array<{ kind: 'json' | 'slack' | 'teams'; urlFromEnv: string }>;
  events: Array<{ urlFromEnv: string }>;
}

/** Reads and validates keyroll.yaml. Every problem is a ConfigError naming the file and the field. */
export async function loadFleetConfig(path = DEFAULT_CONFIG_FILE): Promise<FleetConfig> {
  const absolute = resolve(path);
  let text: string;
  try {
    text = await readFile(absolute, 'utf8');
  } catch (err) {
    const code = (err as { code?: string }).code;
    throw new ConfigError(
      'config_unreadable',
      code === 'ENOENT'
        ? `${absolute}: no such file (write a keyroll.yaml, see docs/configuration.md, or pass --config)`
        : `${absolute}: cannot be read (${code ?? 'error'})`,
    );
  }
  return parseFleetConfig(text, absolute);
}

/** Parses keyroll.yaml text; relative `file:` paths resolve against the file's directory. */
export function parseFleetConfig(text: string, path = ''): FleetConfig {
  const label = path || DEFAULT_CONFIG_FILE;
  const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: false, merge: false });
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    const line = e.linePos?.[0];
    throw new ConfigError(
      'invalid_config',
      `${label}${line ? `:${line.line}:${line.col}` : ''}: not valid YAML (${e.code})`,
    );
  }
  const parsed = fleetConfigSchema.safeParse(doc.toJS({ maxAliasCount: 100 }));
  if (!parsed.success) throw new ConfigError('invalid_config', `${label}: ${describeIssues(parsed.error)}`);
  return resolveConfig(parsed.data, path);
}

function resolveConfig(data: FleetConfigDocument, path: string): FleetConfig {
  const label = path || DEFAULT_CONFIG_FILE;
  const baseDir = path ? dirname(path) : process.cwd();
  const uri = (text: string, where: string) => parseVaultUri(text, { baseDir, where: `${label} ${where}` });
  const seenNames = new Set<string>();
  const seenPrimaries = new Map<string, string>();
  const accounts = data.accounts.map((a, i): FleetAccount => {
    const at = `accounts[${i}]`;
    if (seenNames.has(a.name))
      throw new ConfigError('invalid_config', `${label} ${at}.name: ${a.name} is used by two accounts`);
    seenNames.add(a.name);
    const primary = uri(a.primary, `${at}.primary`);
    // A github:// primary is a GitHub-only account: the Action rotates it (it takes the current value as
    // an input), `status` reports it from its metadata, and `rotate --all` elsewhere skips it.
    const primaryKey = formatVaultUri(primary).toLowerCase();
    const other = seenPrimaries.get(primaryKey);
    if (other !== undefined)
      throw new ConfigError(
        'invalid_config',
        `${label} ${at}.primary: ${formatVaultUri(primary)} is also the primary of ${other}`,
      );
    seenPrimaries.set(primaryKey, a.name);
    const mirrors = a.mirrors.map((m, j) => uri(m, `${at}.mirrors[${j}]`));
    const all = [primary, ...mirrors].map((r) => formatVaultUri(r).toLowerCase());
    const dup = all.find((u, k) => all.indexOf(u) !== k);
    if (dup) throw new ConfigError('invalid_config', `${label} ${at}: ${dup} is listed twice`);
    const mode = a.mode ?? data.defaults?.mode ?? 'self';
    let policy: RotationPolicy;
    try {
      policy = resolvePolicy({ ...data.defaults?.policy, ...a.policy, mode });
    } catch (err) {
      throw new ConfigError('invalid_config', `${label} ${at}.policy: ${(err as Error).message}`);
    }
    const adminText = a.adminKey ?? data.defaults?.adminKey;
    if (mode === 'admin' && !adminText)
      throw new ConfigError(
        'invalid_config',
        `${label} ${at}: admin mode needs adminKey (here or in defaults)`,
      );
    const account: FleetAccount = { name: a.name, mode, policy, primary, mirrors };
    if (a.serviceAccount) account.serviceAccount = a.serviceAccount;
    if (mode === 'admin' && adminText) {
      account.adminKey = uri(adminText, a.adminKey ? `${at}.adminKey` : 'defaults.adminKey');
      if (!canBePrimary(account.adminKey))
        throw new ConfigError('invalid_config', `${label} ${at}.adminKey: a GitHub secret cannot be read`);
    }
    return account;
  });
  const fleet = data.fleet;
  const github = data.credentials?.github;
  return {
    path,
    accounts,
    allowApiOrigins: (data.allowApiOrigins ?? []).map((o) => {
      try {
        return normalizeOrigin(o);
      } catch (err) {
        throw new ConfigError('invalid_config', `${label} allowApiOrigins: ${(err as Error).message}`);
      }
    }),
    concurrency: fleet?.concurrency ?? 32,
    ...(fleet?.rateLimit ? { rateLimit: fleet.rateLimit } : {}),
    github: {
      writesPerHour: fleet?.github?.writesPerHour ?? 500,
      writesPerMinute: fleet?.github?.writesPerMinute ?? 80,
      ...(github?.token ? { token: github.token } : {}),
      ...(github?.app
        ? {
            app: {
              appId: String(github.app.appId),
              privateKey: formatVaultUri(uri(github.app.privateKey, 'credentials.github.app.privateKey')),
              ...(github.app.installationId ? { installationId: github.app.installationId } : {}),
            },
          }
        : {}),
      ...(github?.apiUrl ? { apiUrl: github.apiUrl } : {}),
    },
    stateFile: resolve(baseDir, fleet?.stateFile ?? '.keyroll-state.json'),
    ...(data.notify
      ? {
          notify: {
            onSuccess: data.notify.onSuccess === true,
            webhooks: data.notify.webhooks ?? [],
            events: data.notify.events ?? [],
          },
        }
      : {}),
    ...(data.locks?.azureBlob ? { locks: { azureBlob: { ...data.locks.azureBlob } } } : {}),
  };
}

function describeIssues(error: z.core.$ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((i) => `${formatPath(i.path)}: ${i.message}`)
    .join('; ');
}

function formatPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(top level)';
  return path
    .map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${String(p)}`))
    .join('');
}
