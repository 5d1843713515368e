import {
  assertAllowedApiUrl,
  ConfigError,
  type Credential,
  describeError,
  InputError,
  type KeyIssuer,
  type LockProvider,
  type Logger,
  parseSecretValue,
  type RotationMetadata,
  type StoredSecret,
  serializeSecretValue,
  type VaultAdapter,
} from '@keyroll/core';

/**
 * `keyroll undo`: go back to the key the last rotation replaced (the break-glass key), while it has not
 * expired. Under the rotation lock: check everything read-only first (the old value names exactly the
 * previous key of the primary's metadata; Prisma Cloud still has it, unexpired), then re-activate it,
 * log in with it, and write it back to every target (all or nothing: a failed write restores the targets
 * already written). The newer key stays active — consumers that already have it keep working — and becomes
 * the "previous" key, which the next run retires after its grace.
 *
 * Where the old value comes from: `previousSource` when given (an exported copy, the explicit override);
 * otherwise the primary itself, if its adapter can read what it held before (`readPrevious`: a superseded
 * version, AWSPREVIOUS). keyroll never stores it anywhere else.
 */
export interface UndoRequest {
  targets: VaultAdapter[];
  /**
   * Holds the previous key's value (the secret JSON, any format keyroll reads). Absent: the primary's own
   * readPrevious(), refused when its adapter has none.
   */
  previousSource?: VaultAdapter;
  issuer: KeyIssuer;
  lock: LockProvider;
  logger: Logger;
  mode: 'self' | 'admin';
  adminCredential?: Credential;
  serviceAccount?: string;
  allowedApiOrigins?: readonly string[];
  now?: () => number;
}

export interface UndoResult {
  outcome: 'restored' | 'in_progress' | 'failed';
  message: string;
  previousKeyId?: string;
  newerKeyId?: string;
  targets: Array<{ id: string; status: 'updated' | 'restored' | 'unchanged' | 'restore_failed' }>;
  /** Where the old value was read (`previousSource`, or the primary's version), and notes on it. */
  previousFrom?: string;
  warnings?: string[];
}

export async function undoRotation(req: UndoRequest): Promise<UndoResult> {
  const now = req.now ?? Date.now;
  const primary = req.targets[0];
  if (!primary) throw new ConfigError('no_targets', 'undo needs the primary target (--vault)');
  // Refused before the lock or any read: nothing can tell undo the old value.
  if (!req.previousSource && !primary.readPrevious) {
    throw new ConfigError(
      'previous_source_required',
      `${primary.id} keeps no earlier value keyroll can read; name where the old value is with --previous-from <uri>`,
    );
  }
  const lease = await req.lock.acquire(`keyroll:${primary.id}`, `undo-${now()}`, 15 * 60_000);
  if (!lease) {
    return {
      outcome: 'in_progress',
      message: 'another rotation holds the lock; nothing changed',
      targets: [],
    };
  }
  try {
    return await undo(req, primary, now);
  } catch (err) {
    throw req.logger.redactor.scrubError(err);
  } finally {
    await lease.release().catch(() => undefined);
  }
}

async function undo(req: UndoRequest, primary: VaultAdapter, now: () => number): Promise<UndoResult> {
  const { logger } = req;
  const header = await primary.readMetadata();
  if (!header.managed)
    throw new InputError('not_managed', `${primary.id} is not marked as managed by keyroll`);
  const snapshots = await Promise.all(req.targets.map((t) => t.read()));
  const current = parseSecretValue(requireValue(snapshots[0]!, primary.id), primary.id);
  logger.redactor.add(current.credential.secretKey);
  const previousId = snapshots[0]!.metadata.previousKeyId;
  if (!previousId || previousId === current.credential.accessKeyId) {
    throw new InputError('no_previous_key', `${primary.id} records no previous key: nothing to undo`);
  }
  const source = await previousValue(req, primary, previousId);
  const old = parseSecretValue(source.value, source.from);
  logger.redactor.add(old.credential.secretKey);
  if (old.credential.accessKeyId !== previousId) {
    throw new InputError(
      'not_the_previous_key',
      `${source.from} holds key ${old.credential.accessKeyId}, but the previous key of ${primary.id} is ${previousId}; nothing changed`,
    );
  }
  assertAllowedApiUrl(old.credential.apiUrl, req.allowedApiOrigins);
  if (old.credential.apiUrl !== current.credential.apiUrl) {
    throw new InputError('api_url_differs', `${source.from} names another API URL than ${primary.id}`);
  }
  for (const w of source.warnings) logger.warn(w);
  await Promise.all(req.targets.map((t) => t.check()));

  const admin = req.mode === 'admin';
  if (admin && !req.adminCredential)
    throw new ConfigError('admin_credential_required', 'admin mode needs the admin key');
  if (req.adminCredential) logger.redactor.add(req.adminCredential.secretKey);
  const session = await req.issuer.login(admin ? req.adminCredential! : current.credential);
  try {
    const me = await session.identity();
    const owner = admin ? (req.serviceAccount ?? snapshots[0]!.metadata.serviceAccount) : me.name;
    if (!owner)
      throw new ConfigError('service_account_required', 'admin mode needs the service account name');
    const keys = await session.listKeys(owner);
    const previous = keys.find((k) => k.id === previousId);
    if (!previous)
      throw new InputError(
        'previous_key_gone',
        `key ${previousId} no longer exists in Prisma Cloud (deleted)`,
      );
    if (previous.status === 'expired' || (previous.expiresOn && previous.expiresOn.getTime() <= now())) {
      throw new InputError(
        'previous_key_expired',
        `key ${previousId} has expired; an expired key cannot be re-activated`,
      );
    }
    // Checks done; the first write.
    if (previous.status === 'inactive') {
      if (!session.activateKey)
        throw new ConfigError('activate_unsupported', 'this issuer cannot re-activate keys');
      await session.activateKey(previousId);
    }
    const check = await req.issuer.login(old.credential);
    try {
      const who = await check.identity();
      if (!admin && who.name !== owner) {
        throw new InputError('identity_mismatch', `key ${previousId} logs in as ${who.name}, not ${owner}`);
      }
    } finally {
      await check.close();
    }
    const result = await writeBack(
      req,
      snapshots,
      old.credential,
      current.credential.accessKeyId,
      owner,
      now,
    );
    return {
      ...result,
      previousFrom: source.from,
      ...(source.warnings.length ? { warnings: source.warnings } : {}),
    };
  } finally {
    await session.close();
  }
}

async function writeBack(
  req: UndoRequest,
  snapshots: StoredSecret[],
  oldCredential: Credential,
  newerKeyId: string,
  owner: string,
  now: () => number,
): Promise<UndoResult> {
  const base = snapshots[0]!.metadata;
  const metadata: RotationMetadata = {
    ...base,
    keyId: oldCredential.accessKeyId,
    previousKeyId: newerKeyId,
    rotationId: `undo-${new Date(now()).toISOString().replace(/[-:.]/g, '')}`,
    rotatedAt: new Date(now()).toISOString(),
    serviceAccount: owner,
  };
  delete metadata.keyExpiresOn;
  const done: number[] = [];
  const targets: UndoResult['targets'] = req.targets.map((t) => ({ id: t.id, status: 'unchanged' }));
  for (const [i, target] of req.targets.entries()) {
    const snap = snapshots[i]!;
    const format =
      snap.value === undefined
        ? parseSecretValue(snapshots[0]!.value!, target.id)
        : parseSecretValue(snap.value, target.id);
    try {
      await target.write(serializeSecretValue(format, oldCredential), metadata);
      done.push(i);
      targets[i]!.status = 'updated';
    } catch (err) {
      const failed = describeError(err).message;
      for (const j of done.reverse()) {
        try {
          await req.targets[j]!.restore(snapshots[j]!);
          targets[j]!.status = 'restored';
        } catch {
          targets[j]!.status = 'restore_failed';
        }
      }
      return {
        outcome: 'failed',
        message: `writing ${target.id} failed (${failed}); the targets written before were put back. Key ${oldCredential.accessKeyId} is active again, ${newerKeyId} still works.`,
        previousKeyId: oldCredential.accessKeyId,
        newerKeyId,
        targets,
      };
    }
  }
  return {
    outcome: 'restored',
    message: `every target holds ${oldCredential.accessKeyId} again; ${newerKeyId} stays active (the next run retires it after its grace, or deactivate it yourself)`,
    previousKeyId: oldCredential.accessKeyId,
    newerKeyId,
    targets,
  };
}

/** The old value: from the explicit source, else from what the primary still keeps (readPrevious). */
async function previousValue(
  req: UndoRequest,
  primary: VaultAdapter,
  previousId: string,
): Promise<{ value: string; from: string; warnings: string[] }> {
  if (req.previousSource) {
    const id = req.previousSource.id;
    return { value: requireValue(await req.previousSource.read(), id), from: id, warnings: [] };
  }
  const found = await primary.readPrevious!(previousId);
  if (!found) {
    throw new InputError(
      'previous_value_gone',
      `${primary.id} no longer holds the value of key ${previousId} (see docs/runbook.md, "Undo"); ` +
        'if you kept a copy, name it with --previous-from <uri>; nothing changed',
    );
  }
  req.logger.redactor.add(found.value);
  return { value: found.value, from: `${primary.id} (${found.version})`, warnings: found.warnings };
}

function requireValue(stored: StoredSecret, id: string): string {
  if (stored.value === undefined)
    throw new InputError('current_value_unknown', `${id} is write-only; undo needs a readable value`);
  return stored.value;
}
