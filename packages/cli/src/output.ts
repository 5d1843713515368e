import type { CredentialStatus, Redactor, RotationResult, StepRecord } from '@keyroll/core';

export interface Out {
  write(text: string): unknown;
}

/**
 * What the CLI writes through: every string passes the run's redactor (which learns each secret as the
 * engine reads or mints it), and a failing stream (EPIPE from `| head -1`) is dropped, never thrown, so
 * output can never interrupt a rotation half way.
 */
export function safeOut(out: Out, redactor: Redactor): Out {
  let broken = false;
  return {
    write: (text: string) => {
      if (broken) return;
      try {
        out.write(redactor.redactString(text));
      } catch {
        broken = true;
      }
    },
  };
}

const MARK: Record<StepRecord['status'], string> = {
  ok: '✓',
  planned: '·',
  skipped: '↷',
  failed: '✗',
  warned: '!',
};

export function formatStep(step: StepRecord): string {
  const detail = step.detail ? `  ${step.detail}` : '';
  return `  ${MARK[step.status]} ${step.name.padEnd(15)} ${String(step.durationMs).padStart(5)} ms${detail}\n`;
}

export function formatResult(result: RotationResult): string {
  const lines = [
    `${result.outcome.toUpperCase()}${result.reason ? ` (${result.reason})` : ''}: ${result.message}`,
  ];
  lines.push(
    `  rotation ${result.rotationId}${result.serviceAccount ? `, service account ${result.serviceAccount}` : ''}`,
  );
  if (result.oldKeyId || result.newKeyId) {
    lines.push(`  old key ${result.oldKeyId ?? '-'}  new key ${result.newKeyId ?? '-'}`);
  }
  for (const t of result.targets)
    lines.push(`  target ${t.id}: ${t.status}${t.version ? ` (version ${t.version})` : ''}`);
  for (const w of result.warnings) lines.push(`  warning: ${w}`);
  return `${lines.join('\n')}\n`;
}

export function formatStatus(s: CredentialStatus): string {
  const lines = [
    `${s.target}${s.version ? ` (version ${s.version})` : ''}${s.managed ? '' : ' — NOT marked as managed'}`,
    `  key ${s.keyId} of ${s.serviceAccount}, ${s.ageDays ?? '?'} days old, ${s.keyExpiresOn ? `expires ${s.keyExpiresOn}` : 'no expiry'}`,
    `  last rotated ${s.rotatedAt ?? 'never by keyroll'}${s.rotationId ? ` (rotation ${s.rotationId})` : ''}`,
    `  rotation due: ${s.due ? `yes (${s.due})` : 'no'}`,
    ...(s.previousKey ? [`  previous key: ${s.previousKey.message}`] : []),
    '  keys of the service account:',
    ...s.keys.map(
      (k) =>
        `    ${k.id}  ${k.status.padEnd(8)} ${k.role.padEnd(8)} created ${k.createdAt}` +
        `${k.lastUsedAt ? `, last used ${k.lastUsedAt}` : ', never used'}  ${k.name}`,
    ),
  ];
  return `${lines.join('\n')}\n`;
}
