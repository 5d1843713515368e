/**
 * Secrets never printed, by construction: whatever a server or an adapter echoes, the result object, the
 * step lines and thrown errors pass the run's redactor; server text has its control characters escaped.
 */
import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type RotationResult, type StepRecord, VaultError } from '@keyroll/core';
import { afterEach, describe, expect, it } from 'vitest';
import { assertNoLeak, createWorld, SERVICE_ACCOUNT, type World } from './helpers/world.ts';

let worlds: World[] = [];
async function world(options: Parameters<typeof createWorld>[0] = {}) {
  const w = await createWorld(options);
  worlds.push(w);
  return w;
}
afterEach(async () => {
  await Promise.all(worlds.map((w) => w.close()));
  worlds = [];
});

/** The API echoes the caller's secret in x-redlock-status and in the body of a refused create. */
const echoSecretOnCreate = (w: World, secret: string) =>
  w.sim.faults.add({
    match: 'POST /access_keys',
    kind: 'error',
    status: 400,
    headers: {
      'x-redlock-status': JSON.stringify([{ i18nKey: secret, severity: 'error', subject: secret }]),
    },
    body: `{"message":"bad key ${secret}"}`,
  });

async function rotateWatched(w: World): Promise<{ result: RotationResult; steps: StepRecord[] }> {
  const steps: StepRecord[] = [];
  const result = await w.rotate({}, {}, { onStep: (s) => steps.push(s) });
  return { result, steps };
}

describe('secrets never leave the engine', () => {
  it('a secret echoed by the API (x-redlock-status, body) is masked in the result and every step line', async () => {
    const w = await world();
    echoSecretOnCreate(w, w.first.secretKey);
    const { result, steps } = await rotateWatched(w);
    expect(result.outcome).toBe('rolled_back');
    expect(JSON.stringify(result)).toContain('[REDACTED]');
    assertNoLeak(
      [JSON.stringify(result), JSON.stringify(steps), ...w.logs.map((l) => JSON.stringify(l))],
      w.secrets(),
    );
  });

  it('an adapter error that quotes the value it was given does not carry the new secret into the result', async () => {
    const w = await world({ targets: 2 });
    const inner = w.adapters[1]!;
    w.adapters[1] = {
      ...inner,
      id: inner.id,
      capabilities: inner.capabilities,
      readMetadata: () => inner.readMetadata(),
      read: () => inner.read(),
      check: () => inner.check(),
      restore: (p) => inner.restore(p),
      write: async (value) => {
        throw new VaultError('rejected', `${inner.id} rejected the value ${value}`, {
          category: 'unavailable',
        });
      },
    };
    const { result, steps } = await rotateWatched(w);
    expect(result.outcome).toBe('rolled_back');
    assertNoLeak([JSON.stringify(result), JSON.stringify(steps)], w.secrets());
  });

  it('server-provided key names with terminal escape codes are escaped in results and step lines', async () => {
    const w = await world();
    w.sim.addKey(SERVICE_ACCOUNT, { name: 'x\u001b[2J\r\nROTATED: all good', status: 'inactive' });
    const { result, steps } = await rotateWatched(w);
    expect(result.outcome).toBe('rotated');
    const detail = steps.find((s) => s.name === 'make-room')?.detail ?? '';
    expect(detail).toContain('\\x1b[2J\\r\\nROTATED');
    for (const text of [JSON.stringify(result.steps), ...steps.map((s) => s.detail ?? '')]) {
      // biome-ignore lint/suspicious/noControlCharactersInRegex: looking for them
      expect(text).not.toMatch(/[\u0000-\u0008\u000a-\u001f\u007f]/);
    }
    // biome-ignore lint/suspicious/noControlCharactersInRegex: looking for them
    expect(result.steps.map((s) => s.detail ?? '').join('')).not.toMatch(/[\u001b\n\r]/);
  });
});

function keyroll(args: string[], env: NodeJS.ProcessEnv = {}) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, ['packages/cli/bin/keyroll.mjs', ...args], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('exit', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

describe('secrets never leave the CLI', { timeout: 120_000 }, () => {
  it('stdout (human and --json) and stderr never carry a secret the API echoes', async () => {
    const w = await world();
    const path = join(w.dir, 'cli.json');
    await writeFile(path, JSON.stringify(w.first));
    for (const extra of [[], ['--json'], ['--verbose']]) {
      echoSecretOnCreate(w, w.first.secretKey);
      const r = await keyroll([
        'rotate',
        '--vault',
        `file:${path}`,
        '--force',
        '--allow-api-origin',
        w.sim.url,
        ...extra,
      ]);
      w.sim.faults.clear();
      expect(r.code, r.stderr).toBe(1);
      expect(`${r.stdout}${r.stderr}`).toContain('[REDACTED]');
      assertNoLeak([r.stdout, r.stderr], w.secrets());
    }
  });
});
