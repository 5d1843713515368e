/**
 * `keyroll rotate --all` reports each account as it finishes: a slow fleet never delays a failure alert.
 * Proven by cause, not by time: the last account's first Prisma Cloud call is held until the first
 * account's alert has reached the webhook. Reporting after the whole fleet would never release it (the
 * safety valve then opens the gate, and the test says so).
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '@keyroll/cli';
import { type PrismaSimulator, startPrismaSimulator } from '@keyroll/testkit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { assertNoLeak } from './helpers/world.ts';

const HOOK_TOKEN = 'T0002/B0002/fleet-hook-credential-ghijkl';

describe('rotate --all reports each account as it finishes', { timeout: 60_000 }, () => {
  let sim: PrismaSimulator;
  let dir: string;
  let hooks: Server;
  let hookBase: string;
  const received: Array<{ path: string; body: { type?: string; subject?: string } }> = [];
  const outputs: string[] = [];
  let onReceived: (body: { type?: string; subject?: string }) => void = () => {};

  beforeEach(async () => {
    received.length = 0;
    outputs.length = 0;
    sim = await startPrismaSimulator();
    dir = await mkdtemp(join(tmpdir(), 'keyroll-fleet-notify-'));
    hooks = createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const text = Buffer.concat(chunks).toString('utf8');
      outputs.push(text);
      const body = JSON.parse(text) as { type?: string; subject?: string };
      received.push({ path: req.url ?? '', body });
      res.statusCode = 200;
      res.end();
      onReceived(body);
    });
    await new Promise<void>((r) => hooks.listen(0, '127.0.0.1', r));
    hookBase = `http://127.0.0.1:${(hooks.address() as AddressInfo).port}`;
  });
  afterEach(async () => {
    assertNoLeak(outputs, [...sim.mintedSecrets(), ...sim.issuedTokens(), HOOK_TOKEN]);
    hooks.closeAllConnections();
    hooks.close();
    await sim.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("the first account's failure alert arrives before the last account has finished (it is what lets it finish)", async () => {
    const early = sim.addServiceAccount('fleet-early');
    const late = sim.addServiceAccount('fleet-late');
    await writeFile(join(dir, 'early.json'), JSON.stringify(early));
    await writeFile(join(dir, 'late.json'), JSON.stringify(late));
    const config = join(dir, 'keyroll.yaml');
    await writeFile(
      config,
      [
        'version: 1',
        'defaults: { policy: { minAgeHours: 0, verifyBaseDelayMs: 1 } }',
        `allowApiOrigins: ["${sim.url}"]`,
        'fleet: { concurrency: 2 }',
        'accounts:',
        '  - { name: early, primary: "file:early.json" }',
        '  - { name: late, primary: "file:late.json" }',
      ].join('\n'),
    );
    // early: Prisma Cloud refuses its new key (a definite refusal: rolled back, people are told).
    let openedBy: 'alert' | 'safety valve' | undefined;
    // Late is held at its login until the gate opens, so every key creation before that is early's.
    sim.faults.add({
      match: (call) => call === 'POST /access_keys' && openedBy === undefined,
      kind: 'error',
      status: 400,
      times: Number.POSITIVE_INFINITY,
    });
    // late: its first call (the login with its current key) waits for early's alert.
    let open!: () => void;
    const gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    onReceived = (body) => {
      if (body.type === 'keyroll.rolled_back' && body.subject === 'fleet-early' && !openedBy) {
        openedBy = 'alert';
        open();
      }
    };
    const valve = setTimeout(() => {
      openedBy ??= 'safety valve';
      open();
    }, 20_000);
    sim.faults.add({
      match: (call, detail) =>
        call === 'POST /login' &&
        (detail as { accessKeyId?: string } | undefined)?.accessKeyId === late.accessKeyId,
      kind: 'delay',
      until: gate,
    });
    const audit = join(dir, 'audit.jsonl');
    let stdout = '';
    let stderr = '';
    const code = await runCli(['rotate', '--all', '--config', config, '--json', '--audit-file', audit], {
      stdout: { write: (s: string) => (stdout += s) },
      stderr: { write: (s: string) => (stderr += s) },
      env: {
        KEYROLL_ALLOWED_API_ORIGINS: sim.url,
        KEYROLL_NOTIFY_WEBHOOKS: `json=${hookBase}/people/${HOOK_TOKEN}`,
        KEYROLL_EVENT_WEBHOOKS: `${hookBase}/consumer`,
      },
    });
    clearTimeout(valve);
    outputs.push(stdout, stderr);
    expect(openedBy, 'late was released by early’s alert, not by the safety valve').toBe('alert');
    expect(code, stderr).toBe(1); // early rolled back, late rotated
    const items = (JSON.parse(stdout) as { items: Array<{ account: string; outcome: string }> }).items;
    expect(items.map((i) => [i.account, i.outcome])).toEqual([
      ['early', 'rolled_back'],
      ['late', 'rotated'],
    ]);
    // Early's alert came first; late's keyroll.rotated (to the consumer) after it.
    expect(received.map((r) => [r.path.split('/')[1], r.body.type, r.body.subject])).toEqual([
      ['people', 'keyroll.rolled_back', 'fleet-early'],
      ['consumer', 'keyroll.rotated', 'fleet-late'],
    ]);
    // One whole audit line per account, in the order they finished.
    const lines = (await readFile(audit, 'utf8')).trim().split('\n');
    outputs.push(...lines);
    expect(lines.map((l) => (JSON.parse(l) as { outcome: string }).outcome)).toEqual([
      'rolled_back',
      'rotated',
    ]);
  });
});
