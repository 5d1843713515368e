import type { RotationResult } from '@keyroll/core';

/**
 * The step summary (Markdown appended to $GITHUB_STEP_SUMMARY): outcome, key ids, per-target results and
 * the steps. Key ids only; the runner masks registered secrets here too, but none are ever put in.
 */
const ICON: Record<RotationResult['outcome'], string> = {
  rotated: '✅',
  skipped: '⏭️',
  rolled_back: '↩️',
  needs_attention: '🚨',
};

export function renderSummary(result: RotationResult): string {
  const lines: string[] = [];
  lines.push(
    `## ${ICON[result.outcome]} keyroll: ${result.outcome.replace('_', ' ')}${result.dryRun ? ' (dry run)' : ''}`,
  );
  lines.push('');
  lines.push(cell(result.message));
  lines.push('');
  lines.push('| | |', '| --- | --- |');
  const facts: Array<[string, string | undefined]> = [
    ['Outcome', `\`${result.outcome}\`${result.reason ? ` (${result.reason})` : ''}`],
    ['Rotation id', result.rotationId && `\`${result.rotationId}\``],
    ['Service account', result.serviceAccount],
    ['Old key id', result.oldKeyId && `\`${result.oldKeyId}\``],
    ['New key id', result.newKeyId && `\`${result.newKeyId}\``],
    ['Started', result.startedAt],
    ['Finished', result.finishedAt],
  ];
  for (const [k, v] of facts) if (v) lines.push(`| ${k} | ${cell(v)} |`);
  lines.push('');
  if (result.targets.length > 0) {
    lines.push('### Targets', '', '| Target | Status | Detail |', '| --- | --- | --- |');
    for (const t of result.targets)
      lines.push(`| \`${cell(t.id)}\` | ${t.status} | ${cell(t.detail ?? '')} |`);
    lines.push('');
  }
  if (result.steps.length > 0) {
    lines.push('### Steps', '', '| Step | Status | Time | Detail |', '| --- | --- | --- | --- |');
    for (const s of result.steps)
      lines.push(`| ${s.name} | ${s.status} | ${s.durationMs} ms | ${cell(s.detail ?? '')} |`);
    lines.push('');
  }
  if (result.warnings.length > 0) {
    lines.push('### Warnings', '');
    for (const w of result.warnings) lines.push(`- ${cell(w)}`);
    lines.push('');
  }
  if (result.error) lines.push(`**Error** \`${result.error.code}\`: ${cell(result.error.message)}`, '');
  return `${lines.join('\n')}\n`;
}

/** A summary for a run that stopped before the engine ran (bad input or configuration). */
export function renderFailureSummary(code: string, message: string): string {
  return `## ❌ keyroll: not started\n\n**${code}**: ${cell(message)}\n\nNothing was changed.\n`;
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}
