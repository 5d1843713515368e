import { createHash } from 'node:crypto';
import { InputError } from '@keyroll/core';
import { parseSecretId } from '@keyroll/vault-aws-secrets-manager';

/**
 * The two events the function is invoked with, parsed and checked before anything is read:
 * - Secrets Manager's rotation step, `{Step, SecretId, ClientRequestToken, RotationToken}`;
 * - the daily sweep from EventBridge Scheduler, `{keyroll: "sweep", secretId?}` (terraform/aws's input).
 * Anything else is refused with an InputError that names what is wrong without echoing values.
 */
export const STEPS = ['createSecret', 'setSecret', 'testSecret', 'finishSecret'] as const;
export type StepName = (typeof STEPS)[number];

export interface RotationStepEvent {
  kind: 'step';
  step: StepName;
  /** As Secrets Manager sent it (the secret's ARN). */
  secretId: string;
  /** The rotation's idempotency key: the version id of the new value. */
  token: string;
  /** The engine's rotation id for this token (the new key's name carries it). */
  rotationId: string;
}

export interface SweepEvent {
  kind: 'sweep';
  /** One secret, or (undefined) every secret in KEYROLL_MANAGED_SECRETS. */
  secretId: string | undefined;
}

export type LambdaEvent = RotationStepEvent | SweepEvent;

/** ClientRequestToken: 32–64 printable ASCII characters (the API reference); the SDKs send a UUID. */
const TOKEN = /^[\x21-\x7e]{32,64}$/;
/**
 * Tokens that fit the engine's rotation id (1–64 of `A-Z a-z 0-9 . _ -`) after the prefix are used as they
 * are, so a person can match a key name to the version id; others (longer, other characters) are hashed.
 */
const PLAIN_TOKEN = /^[A-Za-z0-9._-]{32,61}$/;
/** The prefix of rotation ids the Lambda derives: keys named `keyroll-sm-…` were made by a Lambda step. */
export const ROTATION_ID_PREFIX = 'sm-';

/**
 * The engine's rotation id for a Secrets Manager token. Deterministic (every step and every retry of one
 * rotation finds the same key by name), at most 64 characters, safe in a Prisma Cloud key name.
 */
export function rotationIdFor(token: string): string {
  if (PLAIN_TOKEN.test(token)) return `${ROTATION_ID_PREFIX}${token}`;
  return `${ROTATION_ID_PREFIX}h${createHash('sha256').update(token).digest('hex').slice(0, 40)}`;
}

const describeShape = (value: unknown): string => {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value !== 'object') return `a ${typeof value}`;
  const keys = Object.keys(value as object).slice(0, 10);
  return keys.length
    ? `an object with keys ${keys.map((k) => JSON.stringify(k)).join(', ')}`
    : 'an empty object';
};

const EXPECTED =
  'expected a Secrets Manager rotation event {"Step","SecretId","ClientRequestToken"} or the sweep {"keyroll":"sweep"}';

export function parseEvent(event: unknown): LambdaEvent {
  if (typeof event !== 'object' || event === null || Array.isArray(event)) {
    throw new InputError('invalid_event', `${EXPECTED}; got ${describeShape(event)}`);
  }
  const e = event as Record<string, unknown>;
  if ('keyroll' in e) return parseSweep(e);
  if (!('Step' in e)) throw new InputError('invalid_event', `${EXPECTED}; got ${describeShape(event)}`);
  const step = e.Step;
  if (typeof step !== 'string' || !(STEPS as readonly string[]).includes(step)) {
    throw new InputError(
      'invalid_event',
      `Step must be one of ${STEPS.join(', ')}; got ${typeof step === 'string' ? JSON.stringify(step.slice(0, 40)) : describeShape(step)}`,
    );
  }
  if (typeof e.SecretId !== 'string' || e.SecretId.trim() === '') {
    throw new InputError('invalid_event', 'SecretId must be the secret ARN or name (a non-empty string)');
  }
  const secretId = secretIdOf(e.SecretId, 'SecretId');
  const token = e.ClientRequestToken;
  if (typeof token !== 'string' || !TOKEN.test(token)) {
    throw new InputError(
      'invalid_event',
      'ClientRequestToken must be 32 to 64 printable characters (the rotation version id)',
    );
  }
  return { kind: 'step', step: step as StepName, secretId, token, rotationId: rotationIdFor(token) };
}

function parseSweep(e: Record<string, unknown>): SweepEvent {
  if (e.keyroll !== 'sweep') {
    throw new InputError('invalid_event', `"keyroll" must be "sweep"; ${EXPECTED}`);
  }
  const extra = Object.keys(e).filter((k) => k !== 'keyroll' && k !== 'secretId');
  if (extra.length) {
    throw new InputError(
      'invalid_event',
      `the sweep event takes only "keyroll" and "secretId"; unexpected ${extra.map((k) => JSON.stringify(k.slice(0, 40))).join(', ')}`,
    );
  }
  if (e.secretId === undefined) return { kind: 'sweep', secretId: undefined };
  if (typeof e.secretId !== 'string') throw new InputError('invalid_event', 'secretId must be a string');
  return { kind: 'sweep', secretId: secretIdOf(e.secretId, 'secretId') };
}

/** A secret id from an event: malformed is bad input (the event's fault), not configuration. */
function secretIdOf(text: string, where: string): string {
  try {
    return parseSecretId(text, where).id;
  } catch (err) {
    throw new InputError('invalid_event', (err as Error).message, err);
  }
}
