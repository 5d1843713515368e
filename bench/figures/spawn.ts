import { spawn } from 'node:child_process';

export interface Exit {
  code: number | null;
  ms: number;
  stdout: string;
  stderr: string;
}

/** Runs `node <args>` on the Node running the bench (same Node for a figure and its floor), timed. */
export function node(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<Exit> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, ms: performance.now() - start, stdout, stderr }));
  });
}

export async function nodeOk(args: string[], env?: NodeJS.ProcessEnv): Promise<Exit> {
  const r = await node(args, env);
  if (r.code !== 0) throw new Error(`node ${args.join(' ')} exited ${r.code}: ${r.stderr.slice(0, 500)}`);
  return r;
}
