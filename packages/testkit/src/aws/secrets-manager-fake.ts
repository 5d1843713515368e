import { randomUUID } from 'node:crypto';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { FaultInjector, sleep } from '../faults.ts';
import {
  type AwsFakeRotation,
  type AwsFakeSecret,
  type AwsFakeSecretVersion,
  AwsServiceError,
  CURRENT,
  SecretsManagerState,
} from './secrets-manager-state.ts';

/**
 * A stateful AWS Secrets Manager on 127.0.0.1 speaking the JSON protocol the SDK v3 client uses:
 * `POST /` with `X-Amz-Target: secretsmanager.<Operation>` and `application/x-amz-json-1.1`. SigV4 is
 * required to be present (the access key id is recorded) but not verified. Errors are
 * `{"__type": "...", "message": "..."}`, status 400 (500 for InternalServiceError).
 *
 * Reach it through the SDK's own configuration: `AWS_ENDPOINT_URL_SECRETS_MANAGER=<fake.url>`.
 *
 * Fault call names are the operation names (`PutSecretValue`, `DescribeSecret`, …); the detail is
 * `{ secretId, body }`. `drop-after-apply` applies the change, then destroys the connection.
 *
 * `RotateSecret` refuses while AWSPENDING sits on a version other than AWSCURRENT, creates an empty
 * AWSPENDING version for the token (as the service does before invoking the Lambda), records the call
 * and, when a `rotationHandler` is set, drives the four steps the way the service invokes a rotation
 * Lambda (after answering, one step after another, a failing step retried). `RotateImmediately: false`
 * runs testSecret only and removes the empty version.
 */
export interface RotationEvent {
  Step: 'createSecret' | 'setSecret' | 'testSecret' | 'finishSecret';
  SecretId: string;
  ClientRequestToken: string;
  RotationToken: string;
}

const STEPS = ['createSecret', 'setSecret', 'testSecret', 'finishSecret'] as const;

export interface SecretsManagerFakeOptions {
  faults?: FaultInjector;
  region?: string;
  account?: string;
  /** Accept a request signed with this access key id; default: any. */
  acceptAccessKeyId?: (id: string) => boolean;
  /** The rotation Lambda, invoked once per step. */
  rotationHandler?: (event: RotationEvent) => Promise<void>;
  /** Attempts per step before the fake gives up on a rotation (the service retries a failing step). */
  stepAttempts?: number;
}

export interface SecretsManagerFakeRequest {
  operation: string;
  accessKeyId: string | undefined;
  /** The region in the SigV4 credential scope. */
  signingRegion: string | undefined;
  /** The parsed request body (test code only: it may hold secret values). */
  body: Record<string, unknown>;
}

export interface SecretsManagerSeed {
  value?: string;
  tags?: Record<string, string>;
  kmsKeyId?: string;
}

export interface SecretsManagerFake {
  readonly url: string;
  readonly region: string;
  readonly faults: FaultInjector;
  readonly state: SecretsManagerState;
  readonly requests: SecretsManagerFakeRequest[];
  /** `done` settles when the driven steps end: with undefined, or the error of the step that gave up. */
  readonly rotations: Array<AwsFakeRotation & { secretArn: string; steps: string[]; done: Promise<unknown> }>;
  /** Creates a secret directly (bypassing the client); returns its ARN. */
  seed(name: string, seed?: SecretsManagerSeed): string;
  secret(nameOrArn: string): AwsFakeSecret;
  /** Versions oldest first, with their staging labels. */
  versions(nameOrArn: string): AwsFakeSecretVersion[];
  /** The value labelled `stage` (default AWSCURRENT). */
  valueAt(nameOrArn: string, stage?: string): string | undefined;
  tags(nameOrArn: string): Record<string, string>;
  /** Calls of one operation, in order. */
  calls(operation: string): SecretsManagerFakeRequest[];
  close(): Promise<void>;
}

export async function startSecretsManagerFake(
  options: SecretsManagerFakeOptions = {},
): Promise<SecretsManagerFake> {
  const faults = options.faults ?? new FaultInjector();
  const state = new SecretsManagerState(options.region, options.account);
  const requests: SecretsManagerFakeRequest[] = [];
  const rotations: SecretsManagerFake['rotations'] = [];
  const sockets = new Set<Socket>();
  const accept = options.acceptAccessKeyId ?? (() => true);

  const serve = (operation: string, body: Record<string, unknown>): unknown => {
    switch (operation) {
      case 'CreateSecret': {
        const { secret, version } = state.create(body);
        return { ARN: secret.arn, Name: secret.name, ...(version && { VersionId: version.id }) };
      }
      case 'DescribeSecret':
        return describe(state.find(body.SecretId, { includeDeleted: true }));
      case 'GetSecretValue': {
        const secret = state.find(body.SecretId);
        const v = state.get(secret, body);
        return {
          ARN: secret.arn,
          Name: secret.name,
          VersionId: v.id,
          SecretString: v.value,
          VersionStages: [...v.stages],
          CreatedDate: v.created / 1000,
        };
      }
      case 'PutSecretValue': {
        const secret = state.find(body.SecretId);
        const { version } = state.put(secret, body);
        return {
          ARN: secret.arn,
          Name: secret.name,
          VersionId: version.id,
          VersionStages: [...version.stages],
        };
      }
      case 'ListSecretVersionIds': {
        const secret = state.find(body.SecretId);
        const all = secret.versions.filter((v) => body.IncludeDeprecated === true || v.stages.length > 0);
        const max = typeof body.MaxResults === 'number' ? body.MaxResults : 100;
        const start = typeof body.NextToken === 'string' ? Number(body.NextToken) : 0;
        const page = all.slice(start, start + max);
        return {
          ARN: secret.arn,
          Name: secret.name,
          Versions: page.map((v) => ({
            VersionId: v.id,
            VersionStages: [...v.stages],
            CreatedDate: v.created / 1000,
          })),
          ...(start + max < all.length && { NextToken: String(start + max) }),
        };
      }
      case 'UpdateSecretVersionStage': {
        const secret = state.find(body.SecretId);
        state.updateStage(secret, body);
        return { ARN: secret.arn, Name: secret.name };
      }
      case 'TagResource':
        state.tag(state.find(body.SecretId), body.Tags);
        return {};
      case 'UntagResource':
        state.untag(state.find(body.SecretId), body.TagKeys);
        return {};
      case 'RotateSecret':
        return rotate(body);
      default:
        throw new AwsServiceError('UnknownOperationException', `The fake does not implement ${operation}.`);
    }
  };

  const rotate = (body: Record<string, unknown>) => {
    const secret = state.find(body.SecretId);
    if (state.pendingElsewhere(secret)) {
      throw new AwsServiceError(
        'InvalidRequestException',
        "A previous rotation isn't complete. That rotation will be reattempted.",
      );
    }
    if (typeof body.RotationLambdaARN === 'string') secret.rotationLambdaArn = body.RotationLambdaARN;
    if (body.RotationRules !== undefined) secret.rotationRules = body.RotationRules;
    secret.rotationEnabled = true;
    const token = typeof body.ClientRequestToken === 'string' ? body.ClientRequestToken : randomUUID();
    const rotateImmediately = body.RotateImmediately !== false;
    const steps: string[] = [];
    const record = {
      token,
      lambdaArn: secret.rotationLambdaArn,
      rules: secret.rotationRules,
      rotateImmediately,
      secretArn: secret.arn,
      steps,
      done: Promise.resolve() as Promise<unknown>,
    };
    const placeholder = state.placeholder(secret, token);
    if (options.rotationHandler) {
      // RotateImmediately=false only tests the configuration: testSecret on a version that is then removed.
      const run = rotateImmediately
        ? drive(secret, token, steps, STEPS)
        : drive(secret, token, steps, ['testSecret']).finally(() => state.drop(secret, placeholder));
      record.done = run.then(
        () => undefined,
        (err: unknown) => err,
      );
    } else if (!rotateImmediately) {
      state.drop(secret, placeholder);
    }
    rotations.push(record);
    return { ARN: secret.arn, Name: secret.name, VersionId: token };
  };

  const drive = async (
    secret: AwsFakeSecret,
    token: string,
    steps: string[],
    which: readonly RotationEvent['Step'][],
  ) => {
    await sleep(0); // the service answers RotateSecret first
    const attempts = options.stepAttempts ?? 3;
    for (const Step of which) {
      for (let attempt = 1; ; attempt++) {
        steps.push(Step);
        try {
          await options.rotationHandler!({
            Step,
            SecretId: secret.arn,
            ClientRequestToken: token,
            RotationToken: randomUUID(),
          });
          break;
        } catch (err) {
          if (attempt >= attempts) throw err;
        }
      }
    }
    if (which.length === STEPS.length) secret.lastRotated = Date.now();
  };

  const handler = async (req: IncomingMessage, res: ServerResponse) => {
    const raw = await readBody(req);
    const target = String(req.headers['x-amz-target'] ?? '');
    const operation = target.startsWith('secretsmanager.') ? target.slice('secretsmanager.'.length) : '';
    const auth = String(req.headers.authorization ?? '');
    const scope = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/\d{8}\/([^/]+)\/secretsmanager\//.exec(auth);
    const accessKeyId = scope?.[1];
    let body: Record<string, unknown> = {};
    try {
      body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
    } catch {
      return answer(res, 400, { __type: 'SerializationException', message: 'Malformed JSON.' });
    }
    requests.push({ operation, accessKeyId, signingRegion: scope?.[2], body });
    if (req.method !== 'POST' || !operation) {
      return answer(res, 400, {
        __type: 'UnknownOperationException',
        message: 'Expected POST / with X-Amz-Target.',
      });
    }
    if (!String(req.headers['content-type'] ?? '').startsWith('application/x-amz-json-1.1')) {
      return answer(res, 400, {
        __type: 'SerializationException',
        message: 'Expected application/x-amz-json-1.1.',
      });
    }
    if (!accessKeyId) {
      return answer(res, 400, {
        __type: 'MissingAuthenticationTokenException',
        message: 'Missing SigV4 Authorization.',
      });
    }
    if (!accept(accessKeyId)) {
      return answer(res, 400, {
        __type: 'UnrecognizedClientException',
        message: 'The security token included in the request is invalid.',
      });
    }
    const fault = faults.take(operation, { secretId: body.SecretId, body });
    if (fault?.kind === 'timeout') return; // never answer, never apply
    if (fault?.kind === 'delay') await sleep(fault.delayMs ?? 0);
    if (fault?.kind === 'error') {
      res.writeHead(fault.status ?? 500, { 'content-type': 'application/x-amz-json-1.1', ...fault.headers });
      res.end(fault.body ?? JSON.stringify({ __type: 'InternalServiceError', message: 'Injected fault.' }));
      return;
    }
    let status = 200;
    let payload: unknown;
    try {
      payload = serve(operation, body);
    } catch (err) {
      if (!(err instanceof AwsServiceError)) throw err;
      status = err.status;
      payload = { __type: err.type, message: err.message };
    }
    if (fault?.kind === 'drop-after-apply') {
      req.socket.destroy();
      return;
    }
    if (fault?.kind === 'hang-after-apply') return;
    answer(res, status, payload);
  };

  const server = http.createServer((req, res) => {
    handler(req, res).catch((err: unknown) => {
      answer(res, 500, { __type: 'InternalServiceError', message: `fake failure: ${String(err)}` });
    });
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const find = (id: string) => state.find(id, { includeDeleted: true });
  return {
    url: `http://127.0.0.1:${port}`,
    region: state.region,
    faults,
    state,
    requests,
    rotations,
    seed: (name, seed = {}) =>
      state.create({
        Name: name,
        ...(seed.value !== undefined && { SecretString: seed.value }),
        Tags: Object.entries(seed.tags ?? {}).map(([Key, Value]) => ({ Key, Value })),
        ...(seed.kmsKeyId && { KmsKeyId: seed.kmsKeyId }),
      }).secret.arn,
    secret: find,
    versions: (id) => find(id).versions.map((v) => structuredClone(v)),
    valueAt: (id, stage = CURRENT) => find(id).versions.find((v) => v.stages.includes(stage))?.value,
    tags: (id) => Object.fromEntries(find(id).tags.map((t) => [t.Key, t.Value])),
    calls: (operation) => requests.filter((r) => r.operation === operation),
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function describe(secret: AwsFakeSecret) {
  return {
    ARN: secret.arn,
    Name: secret.name,
    ...(secret.description && { Description: secret.description }),
    ...(secret.kmsKeyId && { KmsKeyId: secret.kmsKeyId }),
    RotationEnabled: secret.rotationEnabled,
    ...(secret.rotationLambdaArn && { RotationLambdaARN: secret.rotationLambdaArn }),
    ...(secret.rotationRules !== undefined && { RotationRules: secret.rotationRules }),
    ...(secret.lastRotated && { LastRotatedDate: secret.lastRotated / 1000 }),
    ...(secret.deleted && { DeletedDate: secret.deleted / 1000 }),
    LastChangedDate: secret.changed / 1000,
    CreatedDate: secret.created / 1000,
    Tags: secret.tags.map((t) => ({ ...t })),
    VersionIdsToStages: Object.fromEntries(
      secret.versions.filter((v) => v.stages.length > 0).map((v) => [v.id, [...v.stages]]),
    ),
  };
}

function answer(res: ServerResponse, status: number, payload: unknown): void {
  res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': randomUUID() });
  res.end(JSON.stringify(payload));
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
