import { DAY_MS, systemClock } from '../clock.ts';
import { assertAllowedApiUrl, parseSecretValue } from '../credential.ts';
import { ConfigError, InputError } from '../errors.ts';
import type { IssuedKey } from '../issuer.ts';
import { createLogger, type Logger } from '../log.ts';
import { type DueReason, resolvePolicy, rotationDue } from '../policy.ts';
import { type OldKeyUsage, oldKeyUsage } from '../usage.ts';
import type { VaultAdapter } from '../vault.ts';
import { readTarget } from './read.ts';
import type { RotationContext } from './types.ts';

export interface KeyStatusLine {
  id: string;
  name: string;
  status: IssuedKey['status'];
  role: 'current' | 'previous' | 'other';
  createdAt: string;
  expiresOn?: string;
  lastUsedAt?: string;
}

export interface CredentialStatus {
  target: string;
  managed: boolean;
  version?: string;
  keyId: string;
  serviceAccount: string;
  ageDays?: number;
  keyExpiresOn?: string;
  rotatedAt?: string;
  rotationId?: string;
  /** Why a scheduled run would rotate now; absent when not due. */
  due?: DueReason;
  /** The previous key, still active (in its grace period): is a consumer still using it? */
  previousKey?: OldKeyUsage;
  keys: KeyStatusLine[];
}

/** Read-only view for `keyroll status`: the key in the primary target and the service account's keys. */
export async function inspectCredential(
  target: VaultAdapter,
  context: Omit<RotationContext, 'lock' | 'onStep'>,
): Promise<CredentialStatus> {
  const log = context.logger ?? createLogger();
  try {
    // Key names and messages come from servers: masked and escaped like every engine output.
    return log.redactor.redact(await inspect(target, { ...context, logger: log }));
  } catch (err) {
    throw log.redactor.scrubError(err);
  }
}

async function inspect(
  target: VaultAdapter,
  context: Omit<RotationContext, 'lock' | 'onStep'> & { logger: Logger },
): Promise<CredentialStatus> {
  const policy = resolvePolicy(context.policy ?? {});
  const clock = context.clock ?? systemClock;
  const log = context.logger;
  const stored = await readTarget(target);
  if (stored.value === undefined) {
    throw new InputError(
      'current_value_unknown',
      `${target.id} is write-only; status needs the current value`,
    );
  }
  const parsed = parseSecretValue(stored.value, target.id);
  log.redactor.add(parsed.credential.secretKey);
  assertAllowedApiUrl(parsed.credential.apiUrl, context.allowedApiOrigins);
  const admin = policy.mode === 'admin';
  if (admin && !context.adminCredential)
    throw new ConfigError('admin_credential_required', 'admin mode needs the admin key');
  const session = await context.issuer.login(admin ? context.adminCredential! : parsed.credential);
  try {
    const me = await session.identity();
    const owner = admin ? (context.serviceAccount ?? stored.metadata.serviceAccount) : me.name;
    if (!owner)
      throw new ConfigError('service_account_required', 'admin mode needs the service account name');
    const keys = await session.listKeys(owner);
    const current = keys.find((k) => k.id === parsed.credential.accessKeyId);
    const now = clock.now();
    const status: CredentialStatus = {
      target: target.id,
      managed: stored.managed,
      keyId: parsed.credential.accessKeyId,
      serviceAccount: owner,
      keys: keys.map((k) => ({
        id: k.id,
        name: k.name,
        status: k.status,
        role:
          k.id === current?.id ? 'current' : k.id === stored.metadata.previousKeyId ? 'previous' : 'other',
        createdAt: k.createdAt.toISOString(),
        ...(k.expiresOn ? { expiresOn: k.expiresOn.toISOString() } : {}),
        ...(k.lastUsedAt ? { lastUsedAt: k.lastUsedAt.toISOString() } : {}),
      })),
    };
    if (stored.version) status.version = stored.version;
    if (stored.metadata.rotatedAt) status.rotatedAt = stored.metadata.rotatedAt;
    if (stored.metadata.rotationId) status.rotationId = stored.metadata.rotationId;
    const previous = keys.find(
      (k) => k.id === stored.metadata.previousKeyId && k.id !== current?.id && k.status === 'active',
    );
    if (previous) {
      status.previousKey = oldKeyUsage({
        previous,
        storedAt: Date.parse(stored.metadata.rotatedAt ?? ''),
        now,
        graceHours: policy.graceHours,
        retireWhenUnusedMinutes: policy.retireWhenUnusedMinutes,
      });
    }
    if (current) {
      status.ageDays = Math.floor(((now - current.createdAt.getTime()) / DAY_MS) * 10) / 10;
      if (current.expiresOn) status.keyExpiresOn = current.expiresOn.toISOString();
      const due = rotationDue(current, policy, now);
      if (due) status.due = due;
    }
    return status;
  } finally {
    await session.close();
  }
}
