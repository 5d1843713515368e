import { randomBytes, randomUUID } from 'node:crypto';

/**
 * The state of a fake Secrets Manager (one account, one region): secrets, their versions and staging
 * labels, tags and rotation configuration. Operations follow the API reference; where the reference is
 * silent, the refusals follow what the real service answers (quoted by the Terraform provider and by
 * other emulators): moving a label that sits on another version requires RemoveFromVersionId naming it.
 */
export const CURRENT = 'AWSCURRENT';
export const PENDING = 'AWSPENDING';
export const PREVIOUS = 'AWSPREVIOUS';

export const MAX_TAGS = 50;
export const MAX_VALUE_BYTES = 65_536;

export interface AwsFakeSecretVersion {
  id: string;
  /** undefined for the empty AWSPENDING version RotateSecret creates before invoking the Lambda. */
  value: string | undefined;
  stages: string[];
  /** Epoch milliseconds. */
  created: number;
}

export interface AwsFakeRotation {
  token: string;
  lambdaArn: string | undefined;
  rules: unknown;
  rotateImmediately: boolean;
}

export interface AwsFakeSecret {
  arn: string;
  name: string;
  description?: string;
  kmsKeyId?: string;
  tags: Array<{ Key: string; Value: string }>;
  /** Creation order, oldest first. */
  versions: AwsFakeSecretVersion[];
  rotationEnabled: boolean;
  rotationLambdaArn?: string;
  rotationRules?: unknown;
  lastRotated?: number;
  deleted?: number;
  created: number;
  changed: number;
}

/** An error the service answers with: `{"__type": type, "message": message}`, status 400 by default. */
export class AwsServiceError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

const NAME_RE = /^[A-Za-z0-9/_+=.@-]{1,512}$/;
const TOKEN_RE = /^[\x21-\x7e]{32,64}$/;

const notFound = () =>
  new AwsServiceError('ResourceNotFoundException', "Secrets Manager can't find the specified secret.");
const invalidParam = (message: string) => new AwsServiceError('InvalidParameterException', message);

export class SecretsManagerState {
  readonly secrets: AwsFakeSecret[] = [];

  constructor(
    readonly region = 'us-east-1',
    readonly account = '123456789012',
    private readonly now: () => number = Date.now,
  ) {}

  arnFor(name: string): string {
    // The real ARN ends in `-` plus six random characters, so a name is never a valid ARN suffix.
    const suffix = randomBytes(6).toString('base64url').replace(/[-_]/g, 'x').slice(0, 6);
    return `arn:aws:secretsmanager:${this.region}:${this.account}:secret:${name}-${suffix}`;
  }

  /** By full ARN or exact name (a partial ARN, i.e. an ARN without the suffix, also matches). */
  find(secretId: unknown, options: { includeDeleted?: boolean } = {}): AwsFakeSecret {
    if (typeof secretId !== 'string' || secretId === '') throw invalidParam('SecretId is required.');
    const found = this.secrets.find(
      (s) => s.arn === secretId || s.name === secretId || s.arn.slice(0, -7) === secretId,
    );
    if (!found) throw notFound();
    if (found.deleted && !options.includeDeleted) {
      throw new AwsServiceError(
        'InvalidRequestException',
        "You can't perform this operation on the secret because it was marked for deletion.",
      );
    }
    return found;
  }

  create(input: {
    Name?: unknown;
    SecretString?: unknown;
    ClientRequestToken?: unknown;
    Tags?: unknown;
    KmsKeyId?: unknown;
    Description?: unknown;
  }): { secret: AwsFakeSecret; version?: AwsFakeSecretVersion } {
    const name = input.Name;
    if (typeof name !== 'string' || !NAME_RE.test(name)) throw invalidParam('Invalid name.');
    if (this.secrets.some((s) => s.name === name)) {
      throw new AwsServiceError(
        'ResourceExistsException',
        `The operation failed because the secret ${name} already exists.`,
      );
    }
    const tags = checkTags(input.Tags ?? []);
    const now = this.now();
    const secret: AwsFakeSecret = {
      arn: this.arnFor(name),
      name,
      tags,
      versions: [],
      rotationEnabled: false,
      created: now,
      changed: now,
      ...(typeof input.Description === 'string' && { description: input.Description }),
      ...(typeof input.KmsKeyId === 'string' && { kmsKeyId: input.KmsKeyId }),
    };
    this.secrets.push(secret);
    if (input.SecretString === undefined) return { secret };
    const version = this.put(secret, {
      SecretString: input.SecretString,
      ClientRequestToken: input.ClientRequestToken ?? randomUUID(),
    }).version;
    return { secret, version };
  }

  /** PutSecretValue: idempotent per ClientRequestToken; labels move as the API reference says. */
  put(
    secret: AwsFakeSecret,
    input: { SecretString?: unknown; ClientRequestToken?: unknown; VersionStages?: unknown },
  ): { version: AwsFakeSecretVersion; created: boolean } {
    const value = input.SecretString;
    if (typeof value !== 'string')
      throw invalidParam('You must provide either SecretString or SecretBinary.');
    if (Buffer.byteLength(value, 'utf8') > MAX_VALUE_BYTES) {
      throw invalidParam(`SecretString must be at most ${MAX_VALUE_BYTES} bytes.`);
    }
    const token = input.ClientRequestToken;
    if (typeof token !== 'string' || !TOKEN_RE.test(token)) {
      throw invalidParam('ClientRequestToken must be 32 to 64 printable characters.');
    }
    const stages = input.VersionStages === undefined ? [CURRENT] : input.VersionStages;
    if (
      !Array.isArray(stages) ||
      stages.some((s) => typeof s !== 'string' || s.length === 0 || s.length > 256)
    ) {
      throw invalidParam('Invalid VersionStages.');
    }
    const existing = secret.versions.find((v) => v.id === token);
    if (existing?.value === undefined && existing) {
      // The empty version RotateSecret made for this token: the Lambda's createSecret fills it.
      existing.value = value;
      for (const stage of new Set(stages as string[])) this.attach(secret, stage, existing);
      secret.changed = this.now();
      return { version: existing, created: false };
    }
    if (existing) {
      if (existing.value === value) return { version: existing, created: false };
      throw new AwsServiceError(
        'ResourceExistsException',
        `You can't modify an existing version, you can only create a new version. VersionId: ${token}`,
      );
    }
    const version: AwsFakeSecretVersion = { id: token, value, stages: [], created: this.now() };
    secret.versions.push(version);
    // The first version of a secret always becomes AWSCURRENT.
    const wanted = secret.versions.length === 1 && !stages.includes(CURRENT) ? [...stages, CURRENT] : stages;
    for (const stage of new Set(wanted as string[])) this.attach(secret, stage, version);
    secret.changed = this.now();
    return { version, created: true };
  }

  /** Attaches `stage` to `to`, removing it from whichever version had it; AWSCURRENT drags AWSPREVIOUS. */
  private attach(secret: AwsFakeSecret, stage: string, to: AwsFakeSecretVersion): void {
    const from = secret.versions.find((v) => v !== to && v.stages.includes(stage));
    if (from) from.stages = from.stages.filter((s) => s !== stage);
    if (!to.stages.includes(stage)) to.stages.push(stage);
    if (stage === CURRENT && from) {
      for (const v of secret.versions) if (v !== from) v.stages = v.stages.filter((s) => s !== PREVIOUS);
      if (!from.stages.includes(PREVIOUS)) from.stages.push(PREVIOUS);
    }
  }

  get(secret: AwsFakeSecret, input: { VersionId?: unknown; VersionStage?: unknown }): AwsFakeSecretVersion {
    const { VersionId: id, VersionStage: stage } = input;
    if (typeof id === 'string') {
      const version = secret.versions.find((v) => v.id === id);
      if (!version) {
        throw new AwsServiceError(
          'ResourceNotFoundException',
          `Secrets Manager can't find the specified secret value for VersionId: ${id}`,
        );
      }
      if (typeof stage === 'string' && !version.stages.includes(stage)) {
        throw new AwsServiceError(
          'ResourceNotFoundException',
          'You provided a VersionStage that is not associated to the provided VersionId.',
        );
      }
      if (version.value === undefined) {
        throw new AwsServiceError(
          'ResourceNotFoundException',
          `Secrets Manager can't find the specified secret value for VersionId: ${id}`,
        );
      }
      return version;
    }
    const label = typeof stage === 'string' ? stage : CURRENT;
    const version = secret.versions.find((v) => v.stages.includes(label));
    if (!version || version.value === undefined) {
      throw new AwsServiceError(
        'ResourceNotFoundException',
        `Secrets Manager can't find the specified secret value for staging label: ${label}`,
      );
    }
    return version;
  }

  /** UpdateSecretVersionStage, refusing the moves the real service refuses. */
  updateStage(
    secret: AwsFakeSecret,
    input: { VersionStage?: unknown; RemoveFromVersionId?: unknown; MoveToVersionId?: unknown },
  ): void {
    const stage = input.VersionStage;
    if (typeof stage !== 'string' || stage === '') throw invalidParam('VersionStage is required.');
    const removeFrom = typeof input.RemoveFromVersionId === 'string' ? input.RemoveFromVersionId : undefined;
    const moveTo = typeof input.MoveToVersionId === 'string' ? input.MoveToVersionId : undefined;
    const versionOf = (id: string) => {
      const v = secret.versions.find((x) => x.id === id);
      if (!v) throw invalidParam(`Not a valid version: ${id}`);
      return v;
    };
    const holder = secret.versions.find((v) => v.stages.includes(stage));
    const target = moveTo === undefined ? undefined : versionOf(moveTo);
    if (removeFrom !== undefined) {
      const from = versionOf(removeFrom);
      if (!from.stages.includes(stage)) {
        throw invalidParam(
          `When you move staging label ${stage}, if you specify RemoveFromVersionId, it must be set to the version that currently has the staging label ${stage}.`,
        );
      }
    } else if (holder && target && holder !== target) {
      throw invalidParam(
        `The parameter RemoveFromVersionId can't be empty. Staging label ${stage} is currently attached to version ${holder.id}, so you must explicitly reference that version in RemoveFromVersionId.`,
      );
    }
    if (!target) {
      if (removeFrom === undefined)
        throw invalidParam('Specify RemoveFromVersionId, MoveToVersionId or both.');
      if (stage === CURRENT) {
        throw invalidParam(
          `You can't remove the staging label ${CURRENT} without moving it to another version.`,
        );
      }
      const from = versionOf(removeFrom);
      from.stages = from.stages.filter((s) => s !== stage);
    } else {
      this.attach(secret, stage, target);
    }
    secret.changed = this.now();
  }

  tag(secret: AwsFakeSecret, tags: unknown): void {
    const incoming = checkTags(tags);
    const merged = new Map(secret.tags.map((t) => [t.Key, t.Value]));
    for (const t of incoming) merged.set(t.Key, t.Value);
    if (merged.size > MAX_TAGS) {
      throw invalidParam(
        `A resource can have at most ${MAX_TAGS} tags; this request would make ${merged.size}.`,
      );
    }
    secret.tags = [...merged].map(([Key, Value]) => ({ Key, Value }));
    secret.changed = this.now();
  }

  untag(secret: AwsFakeSecret, keys: unknown): void {
    if (!Array.isArray(keys) || keys.some((k) => typeof k !== 'string'))
      throw invalidParam('Invalid TagKeys.');
    secret.tags = secret.tags.filter((t) => !keys.includes(t.Key));
    secret.changed = this.now();
  }

  /**
   * RotateSecret's first move: an empty version for the token, labelled AWSPENDING (the API reference:
   * "When rotation is unsuccessful, the AWSPENDING staging label might be attached to an empty secret
   * version"). A token that already names a version is left as it is.
   */
  placeholder(secret: AwsFakeSecret, token: string): AwsFakeSecretVersion {
    const existing = secret.versions.find((v) => v.id === token);
    if (existing) return existing;
    const version: AwsFakeSecretVersion = { id: token, value: undefined, stages: [], created: this.now() };
    secret.versions.push(version);
    this.attach(secret, PENDING, version);
    return version;
  }

  /** Removes a version entirely (the test rotation of RotateImmediately=false leaves nothing behind). */
  drop(secret: AwsFakeSecret, version: AwsFakeSecretVersion): void {
    secret.versions = secret.versions.filter((v) => v !== version);
  }

  /** True while a version other than AWSCURRENT carries AWSPENDING: a rotation is in progress. */
  pendingElsewhere(secret: AwsFakeSecret): AwsFakeSecretVersion | undefined {
    return secret.versions.find((v) => v.stages.includes(PENDING) && !v.stages.includes(CURRENT));
  }
}

function checkTags(tags: unknown): Array<{ Key: string; Value: string }> {
  if (!Array.isArray(tags)) throw invalidParam('Tags must be a list.');
  const out: Array<{ Key: string; Value: string }> = [];
  for (const t of tags as Array<{ Key?: unknown; Value?: unknown }>) {
    if (typeof t?.Key !== 'string' || t.Key.length === 0 || t.Key.length > 128)
      throw invalidParam('Invalid tag key.');
    if (t.Key.toLowerCase().startsWith('aws:'))
      throw invalidParam('Tag keys starting with aws: are reserved.');
    const value = typeof t.Value === 'string' ? t.Value : '';
    if (value.length > 256) throw invalidParam(`Tag ${t.Key}: the value is longer than 256 characters.`);
    out.push({ Key: t.Key, Value: value });
  }
  if (out.length > MAX_TAGS) throw invalidParam(`At most ${MAX_TAGS} tags are allowed.`);
  return out;
}
