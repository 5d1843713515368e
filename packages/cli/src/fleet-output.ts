import type { FleetEvent, FleetItem, FleetReport } from '@keyroll/runtime/fleet';
import type { Out } from './output.ts';

/** Server- and vault-provided text may carry control characters: never let them reach a terminal. */
export function clean(text: string): string {
  return [...text]
    .map((c) => {
      const code = c.charCodeAt(0);
      return code < 0x20 || code === 0x7f || (code >= 0x80 && code < 0xa0)
        ? `\\u${code.toString(16).padStart(4, '0')}`
        : c;
    })
    .join('');
}

const MARK: Record<string, string> = {
  rotated: '✓',
  skipped: '↷',
  ok: '✓',
  due: '!',
  in_progress: '…',
  rolled_back: '✗',
  needs_attention: '‼',
  bad_request: '✗',
  unexpected: '‼',
};

export function itemLine(item: FleetItem): string {
  const keys =
    item.result?.oldKeyId || item.result?.newKeyId
      ? `  ${item.result.oldKeyId ?? '-'} → ${item.result.newKeyId ?? '-'}`
      : item.status
        ? `  key ${item.status.keyId}`
        : '';
  const attention = item.attention ? `  ATTENTION: ${item.attention.join('; ')}` : '';
  return clean(
    `${MARK[item.outcome] ?? '·'} ${item.account}  ${item.outcome}${keys}  ${item.message}${attention}`,
  );
}

/** A fixed-width table; the last column is left free. */
export function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
  return `${rows
    .map((r) =>
      r
        .map((cell, c) => (c === r.length - 1 ? cell : cell.padEnd(widths[c]!)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n')}\n`;
}

export function rotateSummary(report: FleetReport): string {
  const rows = [['ACCOUNT', 'OUTCOME', 'OLD KEY', 'NEW KEY', 'MESSAGE']];
  for (const i of report.items)
    rows.push(
      [i.account, i.outcome, i.result?.oldKeyId ?? '-', i.result?.newKeyId ?? '-', i.message].map((s) =>
        clean(s),
      ),
    );
  return `${table(rows)}${counts(report)}\n`;
}

export function statusTable(report: FleetReport): string {
  const rows = [['ACCOUNT', 'KEY', 'AGE (d)', 'EXPIRES IN (d)', 'DUE', 'LAST RUN', 'NOTE']];
  for (const i of report.items) {
    const s = i.status;
    rows.push(
      [
        i.account,
        s?.keyId ?? '-',
        s?.ageDays === undefined ? '-' : String(s.ageDays),
        i.expiresInDays === undefined ? (s ? 'never' : '-') : String(i.expiresInDays),
        s ? (s.due ?? 'no') : '-',
        i.lastRun ? `${i.lastRun.outcome} ${i.lastRun.finishedAt.slice(0, 16)}` : '-',
        i.attention
          ? `ATTENTION: ${i.attention.join('; ')}`
          : i.error
            ? i.message
            : s?.managed === false
              ? 'not managed'
              : '',
      ].map((x) => clean(x)),
    );
  }
  return `${table(rows)}${counts(report)}\n`;
}

function counts(report: FleetReport): string {
  const by = new Map<string, number>();
  for (const i of report.items) by.set(i.outcome, (by.get(i.outcome) ?? 0) + 1);
  const parts = [...by].map(([k, n]) => `${n} ${k}`);
  const attention = report.items.filter((i) => i.attention).length;
  if (attention) parts.push(`${attention} need attention`);
  return `${report.items.length} account(s): ${parts.join(', ')} in ${(report.durationMs / 1000).toFixed(1)} s`;
}

/**
 * Live progress for a terminal: a few lines redrawn in place (log-update) with the counts and the
 * accounts running now. Off a terminal: one plain line per finished account.
 */
export async function progressReporter(
  out: Out & { isTTY?: boolean },
  total: number,
): Promise<{ onEvent: (e: FleetEvent) => void; stop: () => void }> {
  if (!out.isTTY) {
    return { onEvent: (e) => void (e.kind === 'done' && out.write(`${itemLine(e.item)}\n`)), stop: () => {} };
  }
  const { createLogUpdate } = await import('log-update');
  const render = createLogUpdate(out as NodeJS.WriteStream, { showCursor: false });
  const running = new Map<string, string>();
  const done: FleetItem[] = [];
  let frame = 0;
  const spin = '⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏';
  const draw = () => {
    frame++;
    const lines = [`keyroll: ${done.length}/${total} done, ${running.size} running`];
    for (const [account, step] of [...running].slice(0, 8))
      lines.push(`  ${spin[frame % spin.length]} ${clean(account)}  ${step}`);
    if (running.size > 8) lines.push(`  … and ${running.size - 8} more`);
    for (const item of done.slice(-5)) lines.push(`  ${itemLine(item)}`);
    render(lines.join('\n'));
  };
  const timer = setInterval(draw, 100);
  timer.unref();
  return {
    onEvent: (e) => {
      if (e.kind === 'start') running.set(e.account, 'starting');
      else if (e.kind === 'step') running.set(e.account, e.step.name);
      else {
        running.delete(e.account);
        done.push(e.item);
      }
    },
    stop: () => {
      clearInterval(timer);
      draw();
      render.done();
    },
  };
}
