import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Runs the Action as the runner does: a child `node` process with inputs in INPUT_<NAME> (upper-cased,
 * hyphens kept), and GITHUB_OUTPUT / GITHUB_STEP_SUMMARY files. `entry: 'src'` runs the TypeScript through
 * tsx (fast to iterate); `entry: 'dist'` runs the committed bundle, exactly what action.yml runs.
 */
export const actionDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const repoRoot = resolve(actionDir, '../..');

export interface ActionRun {
  code: number | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
}

export async function runActionProcess(
  inputs: Record<string, string>,
  options: {
    entry?: 'src' | 'dist';
    env?: Record<string, string>;
    timeoutMs?: number;
    /** Options for `node` before the entry (e.g. `--import` of a probe). */
    nodeArgs?: string[];
  } = {},
): Promise<ActionRun> {
  const dir = await mkdtemp(join(tmpdir(), 'keyroll-action-'));
  try {
    const outputFile = join(dir, 'output');
    const summaryFile = join(dir, 'summary');
    await writeFile(outputFile, '');
    await writeFile(summaryFile, '');
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? dir,
      RUNNER_TEMP: dir,
      GITHUB_ACTIONS: 'true',
      GITHUB_EVENT_NAME: 'workflow_dispatch',
      GITHUB_RUN_ID: '4242',
      GITHUB_REPOSITORY: 'acme/api',
      GITHUB_OUTPUT: outputFile,
      GITHUB_STEP_SUMMARY: summaryFile,
      ...options.env,
    };
    for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = value;
    const args = [
      ...(options.nodeArgs ?? []),
      ...(options.entry === 'dist'
        ? [join(actionDir, 'dist/index.js')]
        : ['--import', 'tsx', join(actionDir, 'src/main.ts')]),
    ];
    const { code, stdout, stderr } = await new Promise<{
      code: number | null;
      stdout: string;
      stderr: string;
    }>((done, fail) => {
      const child = spawn(process.execPath, args, { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      let err = '';
      child.stdout.on('data', (c: Buffer) => {
        out += c.toString('utf8');
      });
      child.stderr.on('data', (c: Buffer) => {
        err += c.toString('utf8');
      });
      const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
      child.on('error', fail);
      child.on('close', (c) => {
        clearTimeout(timer);
        done({ code: c, stdout: out, stderr: err });
      });
    });
    return {
      code,
      stdout,
      stderr,
      outputs: parseOutputFile(await readFile(outputFile, 'utf8')),
      summary: await readFile(summaryFile, 'utf8'),
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** GITHUB_OUTPUT holds `name<<DELIMITER\nvalue\nDELIMITER` blocks (and plain `name=value` lines). */
export function parseOutputFile(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const [, name, delimiter] = heredoc;
      const value: string[] = [];
      for (i++; i < lines.length && lines[i] !== delimiter; i++) value.push(lines[i]!);
      outputs[name!] = value.join('\n');
      continue;
    }
    const eq = line.indexOf('=');
    if (eq > 0) outputs[line.slice(0, eq)] = line.slice(eq + 1);
  }
  return outputs;
}
