import { assertAllowedApiUrl, parseSecretValue } from '../../credential.ts';
import { InputError } from '../../errors.ts';
import { readHeader, readTarget } from '../read.ts';
import type { RotationRun } from '../start.ts';
import type { TargetState } from '../state.ts';
import type { RotationResult } from '../types.ts';

/**
 * R1 step 2, reading: the primary's managed mark before any value (R4), then every target. A secret not
 * marked as managed is skipped before its value is read.
 */
export async function read(run: RotationRun): Promise<RotationResult | undefined> {
  const primary = run.request.targets[0]!;
  const header = await run.recorder.step(
    'read',
    () => readHeader(primary),
    (h) => `${primary.id} is ${h.managed ? '' : 'not '}marked as managed`,
  );
  run.state.header = header;
  if (!header.managed) return notManaged(run);
  const targets = await run.recorder.step(
    'read',
    () => readTargets(run),
    (s) => `${s.length} target(s) read`,
  );
  run.state.targets = targets;
  if (!targets[0]!.snapshot.managed) return notManaged(run);
  run.recorder.oldKeyId = targets[0]!.parsed.credential.accessKeyId;
  return undefined;
}

/**
 * R1 step 2, checking: everything that can be checked without writing, before a key exists. Every target
 * can take the new key; an event about a version that is no longer current is stale (R1 step 3).
 */
export async function check(run: RotationRun): Promise<RotationResult | undefined> {
  await run.recorder.step(
    'check',
    () => Promise.all(run.request.targets.map((t) => t.check())),
    () => 'every target can take the new key',
  );
  const trigger = run.request.trigger;
  const version = run.state.targets[0]?.snapshot.version;
  if (trigger?.version && version && trigger.version !== version) {
    run.recorder.note('check', 'ok', `event names version ${trigger.version}, current is ${version}`);
    return run.finish(
      'skipped',
      'stale_event',
      'the event is about a version that is no longer current; nothing to do',
    );
  }
  return undefined;
}

function notManaged(run: RotationRun): RotationResult {
  const id = run.request.targets[0]!.id;
  run.log.info(`${id} is not marked as managed by keyroll; ignoring it`);
  return run.finish('skipped', 'not_managed', `${id} is not marked as managed by keyroll; ignored`);
}

async function readTargets(run: RotationRun): Promise<TargetState[]> {
  const adapters = run.request.targets;
  const snapshots = await Promise.all(adapters.map(readTarget));
  const primarySnap = snapshots[0]!;
  if (primarySnap.value === undefined) {
    throw new InputError(
      'current_value_unknown',
      `${adapters[0]!.id} is write-only and no current value was supplied; the primary target must provide it`,
    );
  }
  const primaryParsed = parseSecretValue(primarySnap.value, adapters[0]!.id);
  run.redactor.add(primaryParsed.credential.secretKey);
  assertAllowedApiUrl(primaryParsed.credential.apiUrl, run.context.allowedApiOrigins);
  return snapshots.map((snapshot, i) => {
    const adapter = adapters[i]!;
    if (i === 0)
      return { adapter, snapshot, parsed: primaryParsed, keyId: primaryParsed.credential.accessKeyId };
    if (snapshot.value === undefined) {
      return { adapter, snapshot, parsed: primaryParsed, keyId: snapshot.metadata.keyId };
    }
    const parsed = parseSecretValue(snapshot.value, adapter.id);
    run.redactor.add(parsed.credential.secretKey);
    return { adapter, snapshot, parsed, keyId: parsed.credential.accessKeyId };
  });
}
