import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger, type RotationResult, rotateCredential } from '@keyroll/core';
import { PrismaCloudIssuer } from '@keyroll/prisma-cloud';
import { startPrismaSimulator } from '@keyroll/testkit/simulator';
import { FileLockProvider, FileVaultAdapter } from '@keyroll/vault-file';
import { formatResult, formatStep, type Out } from './output.ts';

/**
 * The embedded default: the Prisma Cloud simulator on 127.0.0.1 and a file vault in a temp folder.
 * Rotates twice (the second rotation deletes the key the first one left inactive), then shows that a
 * non-forced run skips a fresh key, and that the file holds a key that logs in.
 */
export async function runDemo(options: { json: boolean; stdout: Out }): Promise<number> {
  const out = options.stdout;
  const say = (text: string) => {
    if (!options.json) out.write(`${text}\n`);
  };
  const sim = await startPrismaSimulator();
  const dir = await mkdtemp(join(tmpdir(), 'keyroll-demo-'));
  try {
    const first = sim.addServiceAccount('ci-scanner');
    const path = join(dir, 'prisma-ci-scanner.json');
    await writeFile(path, `${JSON.stringify(first)}\n`, { mode: 0o600 });
    say(`Prisma Cloud simulator: ${sim.url}`);
    say(`Service account ci-scanner with key ${first.accessKeyId}; file vault ${path}\n`);

    const vault = new FileVaultAdapter({ path });
    const logger = createLogger({ sink: () => {} });
    const context = {
      issuer: new PrismaCloudIssuer({ allowedOrigins: [sim.url], logger }),
      lock: new FileLockProvider({ directory: dir }),
      logger,
      allowedApiOrigins: [sim.url],
      onStep: options.json
        ? undefined
        : (step: Parameters<typeof formatStep>[0]) => void out.write(formatStep(step)),
    };
    const runs: Array<{ title: string; result: RotationResult }> = [];
    const rotate = async (title: string, force: boolean) => {
      say(`== ${title}`);
      const result = await rotateCredential(
        { targets: [vault], trigger: { kind: 'manual', detail: 'demo' }, force },
        context,
      );
      say(formatResult(result));
      runs.push({ title, result });
      return result;
    };
    await rotate('Rotation 1 (forced: the seeded key is brand new)', true);
    await rotate('Rotation 2 (forced): makes room by deleting the key rotation 1 left inactive', true);
    await rotate('Rotation 3 (not forced): the key is younger than the minimum age, so it is skipped', false);

    const stored = JSON.parse(await readFile(path, 'utf8')) as { accessKeyId: string; secretKey: string };
    const works = sim.canLogin(stored.accessKeyId, stored.secretKey);
    const keys = sim.keys('ci-scanner').map((k) => ({ id: k.id, name: k.name, status: k.status }));
    say('Keys of ci-scanner in the simulator now:');
    for (const k of keys)
      say(
        `  ${k.id}  ${k.status.padEnd(8)} ${k.name}${k.id === stored.accessKeyId ? '  ← in the vault' : ''}`,
      );
    say(`\nThe vault's key logs in: ${works ? 'yes' : 'NO'}`);
    if (options.json) out.write(`${JSON.stringify({ runs, keys, vaultKeyLogsIn: works }, null, 2)}\n`);
    const ok = works && runs[0]!.result.outcome === 'rotated' && runs[1]!.result.outcome === 'rotated';
    return ok ? 0 : 3;
  } finally {
    await sim.close();
    await rm(dir, { recursive: true, force: true });
  }
}
