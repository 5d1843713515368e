import {
  type Clock,
  ConfigError,
  type Credential,
  type CredentialStatus,
  DAY_MS,
  dispositionFor,
  type ExitCode,
  inspectCredential,
  isKeyrollError,
  type KeyIssuer,
  type LockProvider,
  type Logger,
  normalizeOrigin,
  type RotationResult,
  type RotationTrigger,
  rotateCredential,
  type StepRecord,
  silentLogger,
  systemClock,
} from '@keyroll/core';
import { type RateLimiter, sharedRateLimiter } from '@keyroll/prisma-cloud';
import { loadAdminAccess } from '../admin.ts';
import type { FleetAccount, FleetConfig } from '../config/load.ts';
import type { SdkOverrides } from '../vaults/drivers/types.ts';
import { statusFromMetadata } from '../vaults/metadata-status.ts';
import { canBePrimary, openTargets, openVault } from '../vaults/registry.ts';
import { formatVaultUri } from '../vaults/uri.ts';
import { assertGitHubPlanFits, type GitHubPlan, githubPlan } from './github-plan.ts';
import { runPool } from './pool.ts';
import { type FleetState, readFleetState, recordFleetState } from './state.ts';

export interface FleetOptions {
  issuer: KeyIssuer;
  logger?: Logger;
  clock?: Clock;
  env?: NodeJS.ProcessEnv;
  /** Origins allowed besides the config's allowApiOrigins (CLI flag, environment). */
  allowApiOrigins?: readonly string[];
  /** Only these accounts (by name); unknown names are a configuration error. */
  only?: readonly string[];
  sdk?: SdkOverrides;
  lockDir?: string;
  onEvent?: (event: FleetEvent) => void;
  /**
   * Current values of GitHub-only accounts (write-only primaries), by account name: the Action hands its
   * `current-secret` input in here. An account with a write-only primary and no value is skipped.
   */
  currentValues?: Readonly<Record<string, string>>;
  /** What started the run (default: manual). A deployment's sweep passes `schedule`: only due keys rotate. */
  trigger?: RotationTrigger;
  /** One lock for every account (a deployment's own, e.g. the Function App's blob lease); default: the primary's. */
  lock?: LockProvider;
  /** GitHub token when keyroll.yaml names none (the Action's github-token input). */
  githubToken?: string;
}

export type FleetEvent =
  | { kind: 'start'; account: string }
  | { kind: 'step'; account: string; step: StepRecord }
  | { kind: 'done'; account: string; item: FleetItem };

/** One account's line of a fleet run: its result, or what stopped it, with the outcome table's verdict. */
export interface FleetItem {
  account: string;
  primary: string;
  mirrors: string[];
  /** rotated | skipped | rolled_back | needs_attention, or the disposition of a thrown error. */
  outcome: string;
  exitCode: ExitCode;
  message: string;
  result?: RotationResult;
  status?: CredentialStatus;
  error?: { code: string; category: string; message: string };
  /** status: days until the current key expires (absent: no expiry or unknown). */
  expiresInDays?: number;
  /** status: the last recorded rotation of this account. */
  lastRun?: FleetState[string];
  /** status --warn-days: why a person should look. */
  attention?: string[];
}

export interface FleetReport {
  items: FleetItem[];
  exitCode: ExitCode;
  github: GitHubPlan;
  /** Most accounts that ran at once. */
  peakConcurrency: number;
  durationMs: number;
}

function selected(config: FleetConfig, only: readonly string[] | undefined): FleetAccount[] {
  if (!only || only.length === 0) return config.accounts;
  const names = new Set(config.accounts.map((a) => a.name));
  const unknown = only.filter((n) => !names.has(n));
  if (unknown.length > 0)
    throw new ConfigError(
      'unknown_account',
      `--account: no account named ${unknown.join(', ')} in ${config.path || 'the configuration'}`,
    );
  return config.accounts.filter((a) => only.includes(a.name));
}

/** Shared per run: admin keys read once, the limiter of each admin identity. */
class RunContext {
  readonly #admin = new Map<string, Promise<Credential>>();
  readonly limiters = new Set<RateLimiter>();
  constructor(
    readonly config: FleetConfig,
    readonly options: FleetOptions,
  ) {}

  get env(): NodeJS.ProcessEnv {
    return this.options.env ?? process.env;
  }

  get origins(): string[] {
    return [...this.config.allowApiOrigins, ...(this.options.allowApiOrigins ?? [])];
  }

  adminCredential(account: FleetAccount): Promise<Credential> | undefined {
    if (account.mode !== 'admin' || !account.adminKey) return undefined;
    const uri = formatVaultUri(account.adminKey);
    let pending = this.#admin.get(uri);
    if (!pending) {
      pending = (async () => {
        const vault = await openVault(account.adminKey!, {
          env: this.env,
          where: `${account.name} adminKey`,
          ...this.#sdk(),
        });
        const setting = `${account.name} adminKey`;
        const { adminCredential } = await loadAdminAccess({
          mode: 'admin',
          adminKey: { vault: vault.adapter, setting },
          adminKeySetting: setting,
          redact: (s) => this.options.logger?.redactor.add(s),
        });
        const credential = adminCredential!;
        // Every rotation under this admin key shares its Prisma Cloud budget: one limiter, and the
        // fleet's concurrency follows it (see limit()).
        this.limiters.add(
          sharedRateLimiter(
            normalizeOrigin(credential.apiUrl),
            credential.accessKeyId,
            this.config.rateLimit,
          ),
        );
        return credential;
      })();
      this.#admin.set(uri, pending);
    }
    return pending;
  }

  /**
   * Reads the admin keys first, so the fleet starts at the limiter's cautious concurrency instead of the
   * configured maximum. A key that cannot be read fails its accounts, each on its own, later.
   */
  async preload(accounts: readonly FleetAccount[]): Promise<void> {
    await Promise.all(accounts.map((a) => this.adminCredential(a)?.catch(() => undefined)));
  }

  /**
   * Fleet concurrency follows each shared admin budget: twice its burst capacity, so that while some
   * rotations are busy elsewhere (verifying the new key as the service account, writing vaults) others
   * are queued at the limiter and no token goes unused; never more than `fleet.concurrency`.
   */
  limit(): number {
    let n = this.config.concurrency;
    for (const l of this.limiters) n = Math.min(n, Math.max(1, Math.floor(2 * l.capacity)));
    return n;
  }

  #sdk() {
    return this.options.sdk ? { sdk: this.options.sdk } : {};
  }

  /** The primary alone, for status; a write-only one is opened like a mirror (its metadata is readable). */
  open(account: FleetAccount, writeOnly: boolean) {
    return openVault(account.primary, {
      ...this.#github(),
      role: writeOnly ? 'mirror' : 'primary',
      env: this.env,
      where: account.name,
      ...(this.options.logger ? { logger: this.options.logger } : {}),
    });
  }

  /** GitHub credentials and API root from the configuration. */
  #github() {
    return {
      ...((this.config.github.token ?? this.options.githubToken)
        ? { githubToken: this.config.github.token ?? this.options.githubToken }
        : {}),
      ...(this.config.github.app ? { githubApp: this.config.github.app } : {}),
      ...(this.config.github.apiUrl
        ? {
            sdk: {
              ...this.options.sdk,
              github: { ...this.options.sdk?.github, baseUrl: this.config.github.apiUrl },
            },
          }
        : this.#sdk()),
    };
  }

  async targets(account: FleetAccount) {
    const current = this.options.currentValues?.[account.name];
    return openTargets(account.primary, account.mirrors, {
      ...(current !== undefined ? { currentValue: current } : {}),
      env: this.env,
      where: account.name,
      ...(this.options.logger ? { logger: this.options.logger } : {}),
      ...(this.options.lockDir ? { lockDir: this.options.lockDir } : {}),
      ...(this.config.locks ? { locks: this.config.locks } : {}),
      ...this.#github(),
    });
  }
}

function itemFor(account: FleetAccount): Pick<FleetItem, 'account' | 'primary' | 'mirrors'> {
  return {
    account: account.name,
    primary: formatVaultUri(account.primary),
    mirrors: account.mirrors.map(formatVaultUri),
  };
}

/** A GitHub-only account outside the Action: nothing can be read to rotate from, so it is left alone. */
function writeOnlySkip(account: FleetAccount): FleetItem {
  return {
    ...itemFor(account),
    outcome: 'skipped',
    exitCode: 0,
    message:
      'GitHub-only account: the keyroll Action rotates it (GitHub never returns the current value; the workflow hands it in); `status --all` reports it from its metadata',
  };
}

function failedItem(account: FleetAccount, err: unknown): FleetItem {
  const d = dispositionFor(err);
  const error = isKeyrollError(err)
    ? { code: err.code, category: err.category, message: err.message }
    : {
        code: 'unexpected_error',
        category: 'internal',
        message: err instanceof Error ? err.message : String(err),
      };
  return { ...itemFor(account), outcome: d.kind, exitCode: d.exitCode, message: error.message, error };
}

function worst(items: readonly FleetItem[]): ExitCode {
  return items.reduce<ExitCode>((max, i) => Math.max(max, i.exitCode) as ExitCode, 0);
}

/**
 * `rotate --all`: every account, each on its own (one failing account never stops the others), with the
 * fleet's concurrency following the Prisma Cloud limiter, the GitHub plan checked first, and the last
 * outcome of each account recorded in the state file.
 */
export async function rotateFleet(
  config: FleetConfig,
  options: FleetOptions & { force?: boolean; dryRun?: boolean },
): Promise<FleetReport> {
  const clock = options.clock ?? systemClock;
  const started = clock.now();
  const accounts = selected(config, options.only);
  const plan = githubPlan(accounts, config.github);
  assertGitHubPlanFits(plan, config.github);
  const ctx = new RunContext(config, options);
  await ctx.preload(accounts);
  const items: FleetItem[] = new Array(accounts.length);
  let active = 0;
  let peak = 0;
  await runPool(
    accounts,
    () => ctx.limit(),
    async (account, index) => {
      active++;
      peak = Math.max(peak, active);
      options.onEvent?.({ kind: 'start', account: account.name });
      let item: FleetItem;
      try {
        if (!canBePrimary(account.primary) && options.currentValues?.[account.name] === undefined) {
          items[index] = writeOnlySkip(account);
          active--;
          options.onEvent?.({ kind: 'done', account: account.name, item: items[index]! });
          return;
        }
        const adminCredential = await ctx.adminCredential(account);
        const opened = await ctx.targets(account);
        const result = await rotateCredential(
          {
            targets: opened.targets,
            trigger: options.trigger ?? { kind: 'manual', detail: 'fleet' },
            force: options.force === true,
            dryRun: options.dryRun === true,
          },
          {
            issuer: options.issuer,
            policy: account.policy,
            lock: options.lock ?? opened.lock,
            logger: options.logger ?? silentLogger(),
            allowedApiOrigins: ctx.origins,
            ...(options.clock ? { clock: options.clock } : {}),
            ...(adminCredential ? { adminCredential } : {}),
            ...(account.serviceAccount ? { serviceAccount: account.serviceAccount } : {}),
            onStep: (step) => options.onEvent?.({ kind: 'step', account: account.name, step }),
          },
        );
        const d = dispositionFor(result);
        item = {
          ...itemFor(account),
          outcome: result.outcome,
          exitCode: d.exitCode,
          message: result.message,
          result,
        };
      } catch (err) {
        item = failedItem(account, err);
      }
      items[index] = item;
      active--;
      options.onEvent?.({ kind: 'done', account: account.name, item });
    },
  );
  if (!options.dryRun) {
    const now = new Date(clock.now()).toISOString();
    await recordFleetState(
      config.stateFile,
      Object.fromEntries(
        items.map((i) => [
          i.account,
          {
            outcome: i.outcome,
            ...(i.result?.reason ? { reason: i.result.reason } : i.error ? { reason: i.error.code } : {}),
            ...(i.result?.rotationId ? { rotationId: i.result.rotationId } : {}),
            finishedAt: i.result?.finishedAt ?? now,
          },
        ]),
      ),
    ).catch((err: unknown) =>
      options.logger?.warn('fleet state file not written', {
        path: config.stateFile,
        code: (err as { code?: string }).code,
      }),
    );
  }
  return {
    items,
    exitCode: worst(items),
    github: plan,
    peakConcurrency: peak,
    durationMs: clock.now() - started,
  };
}

const FAILED = new Set(['rolled_back', 'needs_attention', 'unexpected']);

/**
 * `status --all`: the key of every account, read-only. With `warnDays`, an account needs attention when
 * its key expires within that many days or its last recorded rotation failed; the report's exit code is
 * then 3 (needs attention, as in the outcome table).
 */
export async function statusFleet(
  config: FleetConfig,
  options: FleetOptions & { warnDays?: number },
): Promise<FleetReport> {
  const clock = options.clock ?? systemClock;
  const started = clock.now();
  const accounts = selected(config, options.only);
  const state = await readFleetState(config.stateFile);
  const ctx = new RunContext(config, options);
  await ctx.preload(accounts);
  const items: FleetItem[] = new Array(accounts.length);
  await runPool(
    accounts,
    () => ctx.limit(),
    async (account, index) => {
      options.onEvent?.({ kind: 'start', account: account.name });
      let item: FleetItem;
      try {
        const writeOnly = !canBePrimary(account.primary);
        const adminCredential = writeOnly ? undefined : await ctx.adminCredential(account);
        const primary = await ctx.open(account, writeOnly);
        // A GitHub-only account has no value to log in with: its metadata variable answers.
        const status = writeOnly
          ? await statusFromMetadata(primary.adapter, account.policy, options.clock)
          : await inspectCredential(primary.adapter, {
              issuer: options.issuer,
              policy: account.policy,
              logger: options.logger ?? silentLogger(),
              allowedApiOrigins: ctx.origins,
              ...(options.clock ? { clock: options.clock } : {}),
              ...(adminCredential ? { adminCredential } : {}),
              ...(account.serviceAccount ? { serviceAccount: account.serviceAccount } : {}),
            });
        item = {
          ...itemFor(account),
          outcome: status.due ? 'due' : 'ok',
          exitCode: 0,
          // The old key's use during its grace (usage-aware retirement) belongs on the account's line too.
          message: [status.due ? `due (${status.due})` : 'not due', status.previousKey?.message]
            .filter(Boolean)
            .join('; '),
          status,
        };
        if (status.keyExpiresOn)
          item.expiresInDays =
            Math.floor(((Date.parse(status.keyExpiresOn) - clock.now()) / DAY_MS) * 10) / 10;
      } catch (err) {
        item = failedItem(account, err);
      }
      const last = state[account.name];
      if (last) item.lastRun = last;
      if (options.warnDays !== undefined) {
        const why: string[] = [];
        if (item.expiresInDays !== undefined && item.expiresInDays <= options.warnDays)
          why.push(`key expires in ${item.expiresInDays} day(s)`);
        if (last && FAILED.has(last.outcome)) why.push(`last rotation ${last.outcome} at ${last.finishedAt}`);
        if (why.length > 0) {
          item.attention = why;
          item.exitCode = 3;
        }
      }
      items[index] = item;
      options.onEvent?.({ kind: 'done', account: account.name, item });
    },
  );
  return {
    items,
    exitCode: worst(items),
    github: githubPlan(accounts, config.github),
    peakConcurrency: ctx.limit(),
    durationMs: clock.now() - started,
  };
}
