import { type Clock, DAY_MS, HOUR_MS, systemClock } from '../clock.ts';
import {
  assertAllowedApiUrl,
  type Credential,
  type ParsedSecret,
  parseSecretValue,
  serializeSecretValue,
} from '../credential.ts';
import {
  ConfigError,
  describeError,
  InputError,
  isKeyrollError,
  KeyrollError,
  mayHaveApplied,
} from '../errors.ts';
import type { IssuedKey, IssuerSession } from '../issuer.ts';
import { InMemoryLockProvider, type LockLease, type LockProvider } from '../lock.ts';
import { createLogger, type Logger } from '../log.ts';
import { isYoungerThanMinAge, type RotationPolicy, resolvePolicy, rotationDue } from '../policy.ts';
import { retry } from '../retry.ts';
import type { RotationMetadata, StoredSecret, VaultAdapter } from '../vault.ts';
import { readHeader, readTarget } from './read.ts';
import { deleteKeysNamedOurs, deleteOwnKey, type OwnKeys } from './rollback.ts';
import { keyNameFor, newRotationId, RunRecorder } from './run.ts';
import { storeEverywhere } from './store.ts';
import type { RotationContext, RotationRequest, RotationResult, StepRecord } from './types.ts';

/** One process-wide default lock, so two rotations of one secret in this process never overlap. */
const processLock = new InMemoryLockProvider();

/**
 * Rotates the credential held by `request.targets` (targets[0] is the primary) following the rotation
 * rules: lock → read → skip? → login → make room → create → verify → store → retire → tidy → record,
 * rolling back on failure so that every target always holds a working key (R0).
 *
 * Throws ConfigError/InputError for bad configuration or malformed input (nothing changed);
 * every other failure is reported in the result.
 */
export async function rotateCredential(
  request: RotationRequest,
  context: RotationContext,
): Promise<RotationResult> {
  const policy = resolvePolicy(context.policy ?? {});
  validateRequest(request, context, policy);
  const clock = context.clock ?? systemClock;
  const rotationId = newRotationId(clock.now());
  const baseLogger = context.logger ?? createLogger();
  const log = baseLogger.child({ rotationId });
  // Everything that leaves the engine passes the run's redactor, which knows every secret seen so far:
  // step lines, the result (and so the CLI, HTTP bodies, Action outputs built from it), thrown errors.
  const redactor = log.redactor;
  const onStep = context.onStep;
  const safeOnStep = onStep && ((step: StepRecord) => onStep(redactor.redact(step)));
  const targetIds = request.targets.map((t) => t.id);
  const run = new RunRecorder(rotationId, request.dryRun === true, targetIds, clock, log, safeOnStep);
  const rotation = new Rotation(request, context, policy, clock, log, run);
  try {
    const result = await rotation.execute();
    log.info('rotation finished', { audit: auditRecord(result, request) });
    return redactor.redact(result);
  } catch (err) {
    throw redactor.scrubError(err);
  } finally {
    await rotation.close();
  }
}

function validateRequest(request: RotationRequest, context: RotationContext, policy: RotationPolicy): void {
  if (request.targets.length === 0)
    throw new ConfigError('no_targets', 'a rotation needs at least one target');
  const ids = request.targets.map((t) => t.id);
  const dup = ids.find((id, i) => ids.indexOf(id) !== i);
  if (dup) throw new ConfigError('duplicate_target', `target ${dup} is listed twice`);
  if (policy.mode === 'admin' && !context.adminCredential) {
    throw new ConfigError('admin_credential_required', 'admin mode needs the admin key (adminCredential)');
  }
  if (policy.keyLimit === 1 && !policy.allowDeleteThenCreate) {
    throw new ConfigError(
      'key_limit_one',
      'this service account may hold only one key, so rotating it means deleting the key consumers use before ' +
        'the new one exists (downtime). Refusing. Set allowDeleteThenCreate to accept that, or give the ' +
        'service account a role that allows two keys.',
    );
  }
  if (policy.keyLimit === 1 && policy.mode === 'self') {
    throw new ConfigError(
      'key_limit_one_needs_admin',
      'delete-then-create needs admin mode: a key cannot create its successor after deleting itself',
    );
  }
}

function auditRecord(result: RotationResult, request: RotationRequest): Record<string, unknown> {
  return {
    event: 'keyroll.rotation',
    rotationId: result.rotationId,
    outcome: result.outcome,
    reason: result.reason,
    serviceAccount: result.serviceAccount,
    oldKeyId: result.oldKeyId,
    newKeyId: result.newKeyId,
    trigger: request.trigger,
    targets: result.targets,
    steps: result.steps.map((s) => `${s.name}:${s.status}:${s.durationMs}ms`),
    durationMs: Date.parse(result.finishedAt) - Date.parse(result.startedAt),
  };
}

/** What the read step learnt about one target. */
export interface TargetState {
  adapter: VaultAdapter;
  snapshot: StoredSecret;
  /** Parsed value; for a write-only target without a supplied value, the primary's (same credential). */
  parsed: ParsedSecret;
  /** Key id the target holds, if known. */
  keyId: string | undefined;
}

class Rotation {
  private readonly sessions: IssuerSession[] = [];
  private lease: LockLease | null = null;
  private readonly dryRun: boolean;
  private readonly now: () => number;

  constructor(
    private readonly request: RotationRequest,
    private readonly ctx: RotationContext,
    private readonly policy: RotationPolicy,
    private readonly clock: Clock,
    private readonly log: Logger,
    private readonly run: RunRecorder,
  ) {
    this.dryRun = request.dryRun === true;
    this.now = () => clock.now();
  }

  async close(): Promise<void> {
    await Promise.allSettled(this.sessions.map((s) => s.close()));
    if (this.lease) {
      await this.lease.release().catch((err: unknown) => {
        this.log.warn('could not release the rotation lock; it expires with its lease', { error: err });
      });
    }
  }

  async execute(): Promise<RotationResult> {
    const run = this.run;
    // 1. Lock
    const primaryAdapter = this.request.targets[0]!;
    if (this.dryRun) {
      run.note('lock', 'planned', 'a dry run takes no lock');
    } else {
      const lock: LockProvider = this.ctx.lock ?? processLock;
      try {
        this.lease = await run.step('lock', () =>
          lock.acquire(`keyroll:${primaryAdapter.id}`, run.rotationId, this.policy.lockLeaseMinutes * 60_000),
        );
      } catch (err) {
        return this.failedBeforeChanges(err);
      }
      if (!this.lease) {
        return run.finish(
          'skipped',
          'in_progress',
          'another rotation of this secret holds the lock; nothing changed',
        );
      }
      run.lease = this.lease;
      if (this.lease.tookOverFrom) {
        run.warn(`took over the lock of rotation ${this.lease.tookOverFrom.owner}, whose holder is gone`);
      }
    }

    // 2. Read the primary's managed mark before any value (R4), then every target; check them all.
    let states: TargetState[];
    try {
      const header = await run.step(
        'read',
        () => readHeader(primaryAdapter),
        (h) => `${primaryAdapter.id} is ${h.managed ? '' : 'not '}marked as managed`,
      );
      if (!header.managed) return this.notManaged();
      states = await run.step(
        'read',
        () => this.readTargets(),
        (s) => `${s.length} target(s) read`,
      );
      if (!states[0]!.snapshot.managed) return this.notManaged();
      await run.step(
        'check',
        () => Promise.all(this.request.targets.map((t) => t.check())),
        () => 'every target can take the new key',
      );
    } catch (err) {
      return this.failedBeforeChanges(err);
    }
    const primary = states[0]!;
    const current = primary.parsed.credential;
    run.oldKeyId = current.accessKeyId;

    // 3. Skip a stale or duplicate event before touching the issuer.
    const trigger = this.request.trigger;
    if (trigger?.version && primary.snapshot.version && trigger.version !== primary.snapshot.version) {
      run.note(
        'check',
        'ok',
        `event names version ${trigger.version}, current is ${primary.snapshot.version}`,
      );
      return run.finish(
        'skipped',
        'stale_event',
        'the event is about a version that is no longer current; nothing to do',
      );
    }

    // 4. Log in and look at the keys.
    let session: IssuerSession;
    let owner: string;
    let keys: IssuedKey[];
    try {
      ({ session, owner, keys } = await this.login(primary));
    } catch (err) {
      if (isKeyrollError(err) && err.category === 'auth' && this.policy.mode === 'self') {
        return run.finish(
          'needs_attention',
          'current_key_rejected',
          `Prisma Cloud rejects the key ${current.accessKeyId} stored in ${primaryAdapter.id} (inactive, expired or ` +
            'deleted), so its consumers cannot log in either. Store a working key there, or rotate in admin mode.',
          err,
        );
      }
      return this.failedBeforeChanges(err);
    }
    run.serviceAccount = owner;
    const currentKey = keys.find((k) => k.id === current.accessKeyId);
    if (!currentKey) {
      return run.finish(
        'needs_attention',
        'current_key_unknown',
        `the key ${current.accessKeyId} stored in ${primaryAdapter.id} is not a key of ${owner} in Prisma Cloud; ` +
          'check the service account configured for this secret',
      );
    }
    if (currentKey.status !== 'active') {
      run.warn(
        `the stored key ${currentKey.id} is ${currentKey.status}: consumers cannot log in until it is replaced`,
      );
    }

    try {
      // Bring lagging targets to the current key first (R3): afterwards no target holds any other key.
      await this.reconcile(states);
      const retired = await this.retirePrevious(states, keys, session);
      const skip = this.shouldSkip(currentKey, retired);
      if (skip) {
        run.note('check', 'ok', skip.message);
        return run.finish('skipped', skip.reason, skip.message);
      }
      run.note('check', 'ok', this.request.force ? 'forced rotation' : 'rotation is due');
      const roomProblem = await this.makeRoom(keys, currentKey, primary, session);
      if (roomProblem) return roomProblem;
    } catch (err) {
      return this.failedBeforeChanges(err);
    }

    if (this.dryRun) return this.planRest(states, owner);
    return this.rotate(states, session, owner, new Set(keys.map((k) => k.id)));
  }

  private notManaged(): RotationResult {
    const id = this.request.targets[0]!.id;
    this.log.info(`${id} is not marked as managed by keyroll; ignoring it`);
    return this.run.finish('skipped', 'not_managed', `${id} is not marked as managed by keyroll; ignored`);
  }

  /** Bad input and configuration are thrown (nothing changed); anything else is reported as rolled back. */
  private failedBeforeChanges(err: unknown): RotationResult {
    if (err instanceof InputError || err instanceof ConfigError) throw err;
    const e = describeError(err);
    return this.run.finish(
      'rolled_back',
      e.code,
      `rotation failed before any key or target changed: ${e.message}${e.retryable ? ' (retryable)' : ''}`,
      err,
    );
  }

  private async readTargets(): Promise<TargetState[]> {
    const snapshots = await Promise.all(this.request.targets.map(readTarget));
    const primaryAdapter = this.request.targets[0]!;
    const primarySnap = snapshots[0]!;
    if (primarySnap.value === undefined) {
      throw new InputError(
        'current_value_unknown',
        `${primaryAdapter.id} is write-only and no current value was supplied; the primary target must provide it`,
      );
    }
    const primaryParsed = parseSecretValue(primarySnap.value, primaryAdapter.id);
    this.log.redactor.add(primaryParsed.credential.secretKey);
    assertAllowedApiUrl(primaryParsed.credential.apiUrl, this.ctx.allowedApiOrigins);
    return snapshots.map((snapshot, i) => {
      const adapter = this.request.targets[i]!;
      if (i === 0)
        return { adapter, snapshot, parsed: primaryParsed, keyId: primaryParsed.credential.accessKeyId };
      if (snapshot.value === undefined) {
        return { adapter, snapshot, parsed: primaryParsed, keyId: snapshot.metadata.keyId };
      }
      const parsed = parseSecretValue(snapshot.value, adapter.id);
      this.log.redactor.add(parsed.credential.secretKey);
      return { adapter, snapshot, parsed, keyId: parsed.credential.accessKeyId };
    });
  }

  private async login(
    primary: TargetState,
  ): Promise<{ session: IssuerSession; owner: string; keys: IssuedKey[] }> {
    const admin = this.policy.mode === 'admin';
    const credential = admin ? this.ctx.adminCredential! : primary.parsed.credential;
    if (admin) {
      this.log.redactor.add(credential.secretKey);
      assertAllowedApiUrl(credential.apiUrl, this.ctx.allowedApiOrigins);
      if (credential.accessKeyId === primary.parsed.credential.accessKeyId) {
        throw new ConfigError(
          'admin_key_is_target',
          'the admin key is the key being rotated; use a separate admin key',
        );
      }
    }
    return this.run.step(
      'login',
      async () => {
        const session = await this.ctx.issuer.login(credential);
        this.sessions.push(session);
        const me = await session.identity();
        const owner = admin ? (this.ctx.serviceAccount ?? primary.snapshot.metadata.serviceAccount) : me.name;
        if (!owner) {
          throw new ConfigError(
            'service_account_required',
            'admin mode needs the service account whose key is rotated (configure serviceAccount)',
          );
        }
        const keys = await session.listKeys(owner);
        return { session, owner, keys };
      },
      (r) => `as ${admin ? 'admin' : r.owner}; ${r.owner} has ${r.keys.length} key(s)`,
    );
  }

  /** Writes the current value to targets that hold something else (a crash between stores, R3). */
  private async reconcile(states: TargetState[]): Promise<void> {
    const primary = states[0]!;
    const currentId = primary.parsed.credential.accessKeyId;
    const lagging = states.slice(1).filter((s) => s.keyId !== currentId);
    if (lagging.length === 0) return;
    for (const state of lagging) {
      const id = state.adapter.id;
      if (this.dryRun) {
        this.run.note('reconcile', 'planned', `would write the current key ${currentId} to ${id}`);
        this.run.target(id, { status: 'planned', detail: 'would be brought to the current key' });
        continue;
      }
      const value = serializeSecretValue(state.parsed, primary.parsed.credential);
      const metadata: RotationMetadata = { ...primary.snapshot.metadata, keyId: currentId };
      const receipt = await this.run.step(
        'reconcile',
        () => state.adapter.write(value, metadata),
        () => `${id} held ${state.keyId ?? 'an unknown key'}; now holds ${currentId}`,
      );
      this.run.target(id, { status: 'repaired', ...(receipt.version ? { version: receipt.version } : {}) });
      state.keyId = currentId;
      // What a rollback restores and what tidy disables is now the repaired state, not the lagging one
      // (its key may be deleted by make-room in this very run).
      state.snapshot = {
        ...state.snapshot,
        value: state.snapshot.value === undefined ? undefined : value,
        version: receipt.version ?? state.snapshot.version,
        metadata,
      };
    }
  }

  /** Retires the key the last rotation replaced, once its grace period is over (R1 step 9, R3). */
  private async retirePrevious(states: TargetState[], keys: IssuedKey[], session: IssuerSession) {
    const primary = states[0]!;
    const previousId = primary.snapshot.metadata.previousKeyId;
    const currentId = primary.parsed.credential.accessKeyId;
    if (!previousId || previousId === currentId) return undefined;
    const previous = keys.find((k) => k.id === previousId);
    if (previous?.status !== 'active') return undefined;
    const rotatedAt = Date.parse(primary.snapshot.metadata.rotatedAt ?? '');
    const graceEnds = (Number.isNaN(rotatedAt) ? 0 : rotatedAt) + this.policy.graceHours * HOUR_MS;
    if (this.now() < graceEnds) return { previous, inGrace: true };
    if (this.dryRun) {
      this.run.note('retire-previous', 'planned', `would deactivate the previous key ${previous.id}`);
      return { previous, inGrace: false };
    }
    try {
      await this.run.step(
        'retire-previous',
        () => session.deactivateKey(previous.id),
        () => `deactivated the previous key ${previous.id} (its grace period is over)`,
      );
      previous.status = 'inactive';
      await this.tidyAfterGrace(states);
    } catch (err) {
      this.run.warn(`could not deactivate the previous key ${previous.id}: ${describeError(err).message}`);
    }
    return { previous, inGrace: false };
  }

  /** R1 step 10 in the run that retires the old key: its versions stayed enabled through the grace. */
  private async tidyAfterGrace(states: TargetState[]): Promise<void> {
    for (const s of states) {
      if (!s.adapter.disableSuperseded) continue;
      try {
        await this.run.step(
          'tidy',
          () => s.adapter.disableSuperseded!(),
          (done) => `disabled ${done.length} superseded version(s) of ${s.adapter.id}`,
        );
      } catch (err) {
        this.run.warn(
          `could not disable superseded versions of ${s.adapter.id}: ${describeError(err).message}`,
        );
      }
    }
  }

  private shouldSkip(
    currentKey: IssuedKey,
    retired: { previous: IssuedKey; inGrace: boolean } | undefined,
  ): { reason: string; message: string } | undefined {
    if (this.request.force) return undefined;
    const now = this.now();
    if (retired?.inGrace) {
      return {
        reason: 'grace_period',
        message: `the previous key ${retired.previous.id} is still in its grace period; rotate with force to end it early`,
      };
    }
    if (this.request.trigger?.kind === 'schedule') {
      if (!rotationDue(currentKey, this.policy, now)) {
        return { reason: 'not_due', message: `key ${currentKey.id} is not due for rotation` };
      }
      return undefined;
    }
    if (isYoungerThanMinAge(currentKey, this.policy, now) && currentKey.status === 'active') {
      const hours = ((now - currentKey.createdAt.getTime()) / HOUR_MS).toFixed(1);
      return {
        reason: 'too_young',
        message: `key ${currentKey.id} is ${hours} h old, under the minimum age of ${this.policy.minAgeHours} h; use force to rotate anyway`,
      };
    }
    return undefined;
  }

  /** R1 step 5: at the key limit, delete the key that is not current. Returns a result when it must stop. */
  private async makeRoom(
    keys: IssuedKey[],
    currentKey: IssuedKey,
    primary: TargetState,
    session: IssuerSession,
  ): Promise<RotationResult | undefined> {
    const limit = this.policy.keyLimit;
    const others = keys.filter((k) => k.id !== currentKey.id);
    // Delete-then-create (limit 1, admin mode, explicitly allowed) also deletes the current key: downtime.
    const needed = limit === 1 ? keys.length : keys.length - limit + 1;
    if (needed <= 0) return undefined;
    const rank = (k: IssuedKey) => (k.status === 'active' ? 1 : 0);
    const victims = others
      .sort((a, b) => rank(a) - rank(b) || a.createdAt.getTime() - b.createdAt.getTime())
      .slice(0, Math.min(needed, others.length));
    const leaseMs = this.policy.lockLeaseMinutes * 60_000;
    for (const victim of victims) {
      const inFlight =
        victim.status === 'active' &&
        victim.id !== primary.snapshot.metadata.previousKeyId &&
        this.now() - victim.createdAt.getTime() < leaseMs &&
        !this.lease?.tookOverFrom;
      if (inFlight) {
        const message =
          `key ${victim.id} is active, held by no target and ${Math.round((this.now() - victim.createdAt.getTime()) / 60_000)} min old: ` +
          'it may be the new key of a rotation in flight. Nothing changed; a later run deletes it once the lock lease is over.';
        this.run.note('make-room', 'skipped', message);
        return this.run.finish('skipped', 'in_progress', message);
      }
      if (victim.status === 'active' && victim.id === primary.snapshot.metadata.previousKeyId) {
        this.run.warn(`forced rotation deletes the previous key ${victim.id} before its grace period ended`);
      }
      if (this.dryRun) {
        this.run.note(
          'make-room',
          'planned',
          `would delete ${victim.status} key ${victim.id} (${victim.name})`,
        );
        continue;
      }
      await this.run.step(
        'make-room',
        () => session.deleteKey(victim.id),
        () =>
          `deleted ${victim.status} key ${victim.id} (${victim.name}) to stay within the limit of ${limit}`,
      );
    }
    if (limit === 1) {
      if (this.dryRun) {
        this.run.note(
          'make-room',
          'planned',
          `would delete the current key ${currentKey.id} (delete-then-create)`,
        );
        return undefined;
      }
      this.run.warn(
        `delete-then-create: deleting the current key ${currentKey.id}; consumers fail until the new key is stored`,
      );
      await this.run.step(
        'make-room',
        () => session.deleteKey(currentKey.id),
        () => `deleted ${currentKey.id}`,
      );
    }
    return undefined;
  }

  private planRest(states: TargetState[], owner: string): RotationResult {
    const run = this.run;
    const name = keyNameFor(run.rotationId);
    run.note('create', 'planned', `would create key ${name} for ${owner}${this.expiryText()}`);
    run.note('verify', 'planned', 'would log in with the new key and confirm it belongs to the same account');
    for (const s of states) {
      run.note('store', 'planned', `would write the new key to ${s.adapter.id}`);
      run.target(s.adapter.id, { status: 'planned' });
    }
    run.note(
      'retire',
      'planned',
      this.policy.graceHours > 0
        ? `would keep the old key active for ${this.policy.graceHours} h`
        : `would deactivate the old key ${run.oldKeyId}`,
    );
    const versioned = states.filter((s) => s.adapter.capabilities.versioned && s.snapshot.version);
    if (versioned.length)
      run.note('tidy', 'planned', `would disable ${versioned.length} superseded version(s)`);
    return run.finish('skipped', 'dry_run', `dry run: would rotate key ${run.oldKeyId}; nothing changed`);
  }

  private expiryText(): string {
    return this.policy.validityDays ? `, expiring in ${this.policy.validityDays} days` : ', without expiry';
  }

  private async rotate(
    states: TargetState[],
    session: IssuerSession,
    owner: string,
    before: ReadonlySet<string>,
  ): Promise<RotationResult> {
    const run = this.run;
    const primary = states[0]!;
    const current = primary.parsed.credential;
    const name = keyNameFor(run.rotationId);
    const own: OwnKeys = { session, owner, name, before };
    const now = this.now();
    const expiresOn = this.policy.validityDays
      ? new Date(now + this.policy.validityDays * DAY_MS)
      : undefined;

    // 6. Create (never retried blindly: an ambiguous failure is resolved by listing keys).
    let created: { id: string; secretKey: string };
    try {
      created = await run.step(
        'create',
        () =>
          session.createKey({
            name,
            ...(expiresOn ? { expiresOn } : {}),
            ...(this.policy.mode === 'admin' ? { owner } : {}),
          }),
        (k) => `created key ${k.id} (${name})${this.expiryText()}`,
      );
    } catch (err) {
      return this.undoAmbiguousCreate(err, own);
    }
    this.log.redactor.add(created.secretKey);
    if (before.has(created.id)) return this.createNamedExistingKey(own, created.id);
    run.newKeyId = created.id;
    const fresh: Credential = {
      apiUrl: current.apiUrl,
      accessKeyId: created.id,
      secretKey: created.secretKey,
    };

    // 7. Verify: log in with the new key (it may take a moment to propagate) as the same account.
    let freshSession: IssuerSession;
    try {
      freshSession = await run.step(
        'verify',
        () => this.verify(fresh, owner),
        () => `logged in with ${created.id} as ${owner}`,
      );
    } catch (err) {
      return this.deleteNewKey(own, created.id, err, 'the new key did not verify');
    }

    // 8. Store everywhere, all or nothing.
    const metadata: RotationMetadata = {
      keyId: created.id,
      previousKeyId: current.accessKeyId,
      rotationId: run.rotationId,
      rotatedAt: new Date(now).toISOString(),
      serviceAccount: owner,
      ...(expiresOn ? { keyExpiresOn: expiresOn.toISOString() } : {}),
    };
    const vaultExpiresOn = expiresOn
      ? new Date(expiresOn.getTime() - this.policy.vaultExpiryMarginDays * DAY_MS)
      : undefined;
    const deleteThenCreate = this.policy.keyLimit === 1;
    const stored = await storeEverywhere({
      states,
      fresh,
      metadata,
      ...(vaultExpiresOn ? { vaultExpiresOn } : {}),
      run,
      restoreOnFailure: !deleteThenCreate,
    });
    if (!stored.ok) {
      if (!stored.restoredAll) {
        return run.finish(
          'needs_attention',
          'rollback_incomplete',
          `storing the new key failed (${describeError(stored.error).message}) and ${stored.detail}. The new key ` +
            `${created.id} was kept so those targets still work; a person must put one working key in every target.`,
          stored.error,
        );
      }
      return this.deleteNewKey(
        own,
        created.id,
        stored.error,
        'storing the new key failed; every target was restored',
      );
    }

    // 9. Retire the old key with a session of the new key (self mode), or the admin session.
    const retireSession = this.policy.mode === 'admin' ? session : freshSession;
    let oldStillActive = false;
    if (this.policy.graceHours > 0) {
      run.note(
        'retire',
        'skipped',
        `old key ${current.accessKeyId} stays active for ${this.policy.graceHours} h of grace`,
      );
    } else if (this.policy.keyLimit === 1) {
      run.note('retire', 'skipped', 'the old key was deleted before creating the new one');
    } else {
      try {
        await run.step(
          'retire',
          () => retireSession.deactivateKey(current.accessKeyId),
          () => {
            return `deactivated the old key ${current.accessKeyId}; it stays inactive as the break-glass copy until the next rotation`;
          },
        );
      } catch (err) {
        oldStillActive = true;
        run.warn(
          `rotated, but the old key ${current.accessKeyId} is still active (${describeError(err).message}); a later run retires it`,
        );
      }
    }

    // 10. Tidy: disable (never destroy) superseded versions, once the old key is retired: in grace,
    // consumers still read the old version, and the run that retires the old key tidies (R1 step 10).
    const inGrace = this.policy.graceHours > 0 && this.policy.keyLimit !== 1;
    if (inGrace) run.note('tidy', 'skipped', 'superseded versions stay enabled until the old key is retired');
    for (const s of inGrace ? [] : states) {
      const version = s.snapshot.version;
      if (!s.adapter.capabilities.versioned || !version || !s.adapter.disableVersion) continue;
      try {
        await run.step(
          'tidy',
          () => s.adapter.disableVersion!(version),
          () => `disabled version ${version} of ${s.adapter.id}`,
        );
      } catch (err) {
        run.warn(
          `could not disable the superseded version ${version} of ${s.adapter.id}: ${describeError(err).message}`,
        );
      }
    }
    run.note('record', 'ok', 'audit record written');
    return run.finish(
      'rotated',
      oldStillActive ? 'old_key_still_active' : undefined,
      `rotated ${current.accessKeyId} → ${created.id} in ${states.length} target(s)` +
        (oldStillActive ? '; the old key is still active and a later run retires it' : ''),
    );
  }

  private async verify(fresh: Credential, owner: string): Promise<IssuerSession> {
    return retry(
      async () => {
        const s = await this.ctx.issuer.login(fresh);
        this.sessions.push(s);
        const me = await s.identity();
        if (this.policy.mode === 'self' && me.name !== owner) {
          throw new KeyrollError('identity_mismatch', `the new key logs in as ${me.name}, not ${owner}`, {
            category: 'internal',
            retryable: false,
          });
        }
        if (this.policy.mode === 'admin') {
          const mine = await s.listKeys(owner);
          if (!mine.some((k) => k.id === fresh.accessKeyId)) {
            throw new KeyrollError('identity_mismatch', `the new key does not belong to ${owner}`, {
              category: 'internal',
              retryable: false,
            });
          }
        }
        return s;
      },
      {
        maxAttempts: this.policy.verifyAttempts,
        baseDelayMs: this.policy.verifyBaseDelayMs,
        clock: this.clock,
        // A new key may be rejected until it propagates: auth failures are retried here.
        shouldRetry: (err) => isKeyrollError(err) && (err.retryable || err.category === 'auth'),
      },
    );
  }

  /** R2 row 6: after an ambiguous create, delete the key bearing this rotation's name, and only that. */
  private async undoAmbiguousCreate(err: unknown, own: OwnKeys) {
    const run = this.run;
    if (this.policy.keyLimit === 1) return this.downtimeFailure(err, 'creating the new key failed');
    const e = describeError(err);
    if (!mayHaveApplied(err)) {
      const hint =
        e.code === 'already_have_two_access_keys'
          ? ' Prisma Cloud says the account is at its key limit: another rotation may have created a key, or the role allows only one key (keyLimit 1).'
          : '';
      return run.finish(
        'rolled_back',
        e.code,
        `creating the new key failed: ${e.message}.${hint} The old key is unchanged.`,
        err,
      );
    }
    const cleanup = await deleteKeysNamedOurs(run, own);
    if (!cleanup.ok) {
      return run.finish(
        'needs_attention',
        'rollback_incomplete',
        `creating the new key failed ambiguously and the cleanup failed (${cleanup.detail}): a key named ` +
          `${own.name} may exist in Prisma Cloud. It is in no target; delete it (the next rotation also deletes it).`,
        err,
      );
    }
    return run.finish(
      'rolled_back',
      e.code,
      `creating the new key failed: ${e.message}. The old key is unchanged.`,
      err,
    );
  }

  /** The create answer named a key that existed before: nothing is stored, nothing of ours is provable. */
  private async createNamedExistingKey(own: OwnKeys, id: string): Promise<RotationResult> {
    const cleanup = await deleteKeysNamedOurs(this.run, own);
    return this.run.finish(
      'needs_attention',
      'create_answer_names_existing_key',
      `Prisma Cloud answered the create with key ${id}, which existed before this rotation; it was not used or ` +
        `deleted. Every target still holds the old key ${this.run.oldKeyId}. ` +
        (cleanup.ok
          ? `Keys named ${own.name}: ${cleanup.detail === 'none' ? 'none found' : cleanup.detail}.`
          : `A key named ${own.name} may exist (${cleanup.detail}); delete it.`) +
        ' Check what answers at the API URL.',
    );
  }

  /** R2 rows 7–8: the new key is not in any target; delete it, if it is provably ours. */
  private async deleteNewKey(
    own: OwnKeys,
    id: string,
    cause: unknown,
    what: string,
  ): Promise<RotationResult> {
    const run = this.run;
    if (this.policy.keyLimit === 1) return this.downtimeFailure(cause, `${what} (new key ${id})`);
    const cleanup = await deleteOwnKey(run, own, id);
    if (!cleanup.ok) {
      return run.finish(
        'needs_attention',
        'rollback_incomplete',
        `${what} (${describeError(cause).message}), and ${cleanup.detail}. ` +
          `Every target still holds the old key ${run.oldKeyId}; check key ${id} in Prisma Cloud and delete it if keyroll made it.`,
        cause,
      );
    }
    return run.finish(
      'rolled_back',
      describeError(cause).code,
      `${what}: ${describeError(cause).message}. Rolled back; the old key is unchanged everywhere.`,
      cause,
    );
  }

  /** Delete-then-create already deleted the old key: there is nothing to roll back to. */
  private downtimeFailure(cause: unknown, what: string): RotationResult {
    return this.run.finish(
      'needs_attention',
      'delete_then_create_failed',
      `${what} (${describeError(cause).message}) after the old key ${this.run.oldKeyId} was deleted (delete-then-create): ` +
        'consumers cannot log in until a person creates a key and stores it.',
      cause,
    );
  }
}
