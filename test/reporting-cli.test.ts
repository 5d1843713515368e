/**
 * The CLI reports every attempt through the runtime's reportRun: --audit-file (JSON lines, keyroll.audit/v1),
 * the notifier (KEYROLL_NOTIFY_WEBHOOKS, KEYROLL_EVENT_WEBHOOKS, KEYROLL_NOTIFY_ON_SUCCESS) and keyroll.yaml's
 * notify section. A failing webhook never changes the outcome; nothing leaks into any of it.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '@keyroll/cli';
import { type PrismaSimulator, startPrismaSimulator } from '@keyroll/testkit';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { assertNoLeak } from './helpers/world.ts';

const HOOK_TOKEN = 'T0001/B0001/slack-hook-credential-abcdef';
let sim: PrismaSimulator;
let dir: string;
let hooks: Server;
let hookBase: string;
const received: Array<{ path: string; body: unknown }> = [];
const outputs: string[] = [];

beforeAll(async () => {
  sim = await startPrismaSimulator();
  dir = await mkdtemp(join(tmpdir(), 'keyroll-report-'));
  hooks = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    outputs.push(text);
    received.push({ path: req.url ?? '', body: JSON.parse(text) });
    res.statusCode = req.url?.startsWith('/fail') ? 500 : 200;
    res.end();
  });
  await new Promise<void>((r) => hooks.listen(0, '127.0.0.1', r));
  hookBase = `http://127.0.0.1:${(hooks.address() as AddressInfo).port}`;
});
afterAll(async () => {
  assertNoLeak(outputs, [...sim.mintedSecrets(), ...sim.issuedTokens(), HOOK_TOKEN]);
  hooks.closeAllConnections();
  hooks.close();
  await sim.close();
  await rm(dir, { recursive: true, force: true });
});
beforeEach(() => {
  received.length = 0;
});

async function keyroll(args: string[], env: NodeJS.ProcessEnv = {}) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    env: { KEYROLL_ALLOWED_API_ORIGINS: sim.url, ...env },
  });
  outputs.push(stdout, stderr);
  return { code, stdout, stderr };
}

async function seed(name: string): Promise<string> {
  const path = join(dir, `${name}.json`);
  await writeFile(path, JSON.stringify(sim.addServiceAccount(name)));
  return path;
}

async function auditLines(path: string): Promise<Array<Record<string, unknown>>> {
  return (await readFile(path, 'utf8'))
    .trim()
    .split('\n')
    .map((l) => {
      outputs.push(l);
      return JSON.parse(l);
    });
}

describe('CLI reporting', { timeout: 60_000 }, () => {
  it('writes one audit record per attempt (rotated and skipped) to --audit-file', async () => {
    const path = await seed('rep-a');
    const audit = join(dir, 'audit-a.jsonl');
    const first = await keyroll([
      'rotate',
      '--vault',
      `file:${path}`,
      '--force',
      '--json',
      '--audit-file',
      audit,
    ]);
    expect(first.code, first.stderr).toBe(0);
    const second = await keyroll(['rotate', '--vault', `file:${path}`, '--json', '--audit-file', audit]);
    expect(second.code, second.stderr).toBe(0);
    const lines = await auditLines(audit);
    expect(lines.map((l) => [l.schema, l.event, l.outcome, l.runner])).toEqual([
      ['keyroll.audit/v1', 'keyroll.audit', 'rotated', 'cli'],
      ['keyroll.audit/v1', 'keyroll.audit', 'skipped', 'cli'],
    ]);
    const result = JSON.parse(first.stdout);
    expect(lines[0]).toMatchObject({
      rotationId: result.rotationId,
      oldKeyId: result.oldKeyId,
      newKeyId: result.newKeyId,
      serviceAccount: 'rep-a',
      trigger: { kind: 'manual', detail: 'cli' },
    });
    expect(lines[1]!.reason).toBe('too_young');
    // The key facts the metrics read (age, expiry, failures in a row) come with the result.
    expect(result.key).toMatchObject({ consecutiveFailures: 0, rotatedAt: result.finishedAt });
    expect(Date.parse(result.key.keyExpiresOn)).toBeGreaterThan(Date.parse(result.finishedAt));
  });

  it('an audit file that cannot be opened is a usage error before any key exists', async () => {
    const path = await seed('rep-b');
    const before = sim.keys('rep-b').length;
    const r = await keyroll([
      'rotate',
      '--vault',
      `file:${path}`,
      '--force',
      '--audit-file',
      join(dir, 'no-such-dir', 'audit.jsonl'),
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--audit-file');
    expect(sim.keys('rep-b').length).toBe(before);
  });

  it('tells Slack on success only when opted in, sends keyroll.rotated to consumers, and survives a failing webhook', async () => {
    const path = await seed('rep-c');
    const env = {
      KEYROLL_NOTIFY_WEBHOOKS: `slack=${hookBase}/slack/${HOOK_TOKEN},json=${hookBase}/fail/people`,
      KEYROLL_EVENT_WEBHOOKS: `${hookBase}/consumer`,
    };
    const quiet = await keyroll(['rotate', '--vault', `file:${path}`, '--force', '--json', '--verbose'], env);
    expect(quiet.code, quiet.stderr).toBe(0);
    expect(received.map((r) => r.path)).toEqual(['/consumer']);
    const event = received[0]!.body as { specversion: string; type: string; data: Record<string, unknown> };
    expect(event).toMatchObject({ specversion: '1.0', type: 'keyroll.rotated', subject: 'rep-c' });
    expect(event.data.newKeyId).toBe(JSON.parse(quiet.stdout).newKeyId);

    received.length = 0;
    const loud = await keyroll(['rotate', '--vault', `file:${path}`, '--force', '--json'], {
      ...env,
      KEYROLL_NOTIFY_ON_SUCCESS: 'true',
    });
    // One webhook answers 500: logged and counted, the rotation still exits 0.
    expect(loud.code, loud.stderr).toBe(0);
    expect(JSON.parse(loud.stdout).outcome).toBe('rotated');
    expect(received.map((r) => r.path.split('/')[1]).sort()).toEqual(['consumer', 'fail', 'slack']);
    expect(loud.stderr).toContain('people webhook 2 (json) answered HTTP 500');
    expect(loud.stderr).not.toContain(hookBase);
  });

  it('a rollback reaches people without opting in', async () => {
    const path = await seed('rep-d');
    sim.faults.add({ match: 'POST /access_keys', kind: 'error', status: 400 });
    const r = await keyroll(['rotate', '--vault', `file:${path}`, '--force', '--json'], {
      KEYROLL_NOTIFY_WEBHOOKS: `teams=${hookBase}/teams`,
    });
    expect(r.code).toBe(1);
    expect(received).toHaveLength(1);
    expect(JSON.stringify(received[0]!.body)).toContain('AdaptiveCard');
  });

  it('keyroll.yaml notify names environment variables; an unset one is a configuration error naming it', async () => {
    await writeFile(join(dir, 'f.json'), JSON.stringify(sim.addServiceAccount('rep-f')));
    const config = join(dir, 'keyroll.yaml');
    await writeFile(
      config,
      [
        'version: 1',
        'defaults: { policy: { minAgeHours: 0, verifyBaseDelayMs: 1 } }',
        `allowApiOrigins: ["${sim.url}"]`,
        'notify:',
        '  onSuccess: true',
        '  webhooks: [{ kind: slack, urlFromEnv: SLACK_HOOK }]',
        'accounts:',
        '  - { name: f, primary: "file:f.json" }',
      ].join('\n'),
    );
    const audit = join(dir, 'audit-f.jsonl');
    const missing = await keyroll(['rotate', '--all', '--config', config, '--json']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('SLACK_HOOK is not set');
    const r = await keyroll(['rotate', '--all', '--config', config, '--json', '--audit-file', audit], {
      SLACK_HOOK: `${hookBase}/slack/${HOOK_TOKEN}`,
    });
    expect(r.code, r.stderr).toBe(0);
    expect(received.map((x) => x.path)).toEqual([`/slack/${HOOK_TOKEN}`]);
    expect((await auditLines(audit)).map((l) => l.outcome)).toEqual(['rotated']);
  });
});
