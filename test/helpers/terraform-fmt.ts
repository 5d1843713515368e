import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * `terraform fmt -check -recursive <dir>`, offline: an empty CLI config and no checkpoint call (otherwise
 * terraform asks the Internet for a newer release). Resolves false when terraform is not installed;
 * rejects when the module is not formatted.
 */
export async function terraformFmtCheck(moduleDir: string): Promise<boolean> {
  const dir = await mkdtemp(join(tmpdir(), 'keyroll-tf-'));
  const rc = join(dir, 'empty.tfrc');
  await writeFile(rc, '');
  const env = { ...process.env, TF_CLI_CONFIG_FILE: rc, CHECKPOINT_DISABLE: '1' };
  try {
    const found = await run('terraform', ['version'], { env }).then(
      () => true,
      () => false,
    );
    if (!found) return false;
    await run('terraform', ['fmt', '-check', '-recursive', moduleDir], { env });
    return true;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
