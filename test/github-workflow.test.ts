import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parse } from '@cdktf/hcl2json';
import { parseTargets } from '@keyroll/vault-github';
import { beforeAll, describe, expect, it } from 'vitest';

/**
 * The example workflow is what people copy: it must be one a security team accepts (credentials behind a
 * protected environment, everything pinned, the token scoped explicitly) and must rotate exactly the
 * targets the Terraform example creates. Read as text: the checks are about lines a reviewer reads.
 */
const root = resolve(import.meta.dirname, '..');
let text: string;
let jobs: Record<string, string>;

/** The body of each job under `jobs:` (two-space indented keys). */
function splitJobs(workflow: string): Record<string, string> {
  const body = workflow.slice(workflow.indexOf('\njobs:\n') + 7);
  const out: Record<string, string> = {};
  let name = '';
  for (const line of body.split('\n')) {
    const m = /^ {2}([\w-]+):\s*$/.exec(line);
    if (m) name = m[1]!;
    else if (name) out[name] = `${out[name] ?? ''}${line}\n`;
  }
  return out;
}

beforeAll(async () => {
  text = await readFile(resolve(root, 'deployments/github-action/examples/rotate-prisma-key.yml'), 'utf8');
  jobs = splitJobs(text);
});

describe('example workflow', () => {
  it('pins every action by full commit SHA with its version in a comment', () => {
    const uses = [...text.matchAll(/^\s*(?:- )?uses:\s*(\S+)(.*)$/gm)];
    expect(uses.length).toBeGreaterThanOrEqual(2);
    for (const [, ref, rest] of uses) {
      expect(ref, ref).toMatch(/@[0-9a-f]{40}$/);
      expect(rest, ref).toMatch(/^\s+# v\d+|^\s+# vX\.Y\.Z/);
    }
  });

  it('mints the App token with create-github-app-token v3.1 or later, by client-id, for named repositories', () => {
    const step = /uses: actions\/create-github-app-token@[0-9a-f]{40} # v(\d+)\.(\d+)\.\d+/.exec(text);
    expect(step).not.toBeNull();
    const [major, minor] = [Number(step![1]), Number(step![2])];
    expect(major > 3 || (major === 3 && minor >= 1)).toBe(true);
    expect(text).toMatch(/client-id: \$\{\{ vars\.KEYROLL_APP_CLIENT_ID \}\}/);
    expect(text).not.toMatch(/^\s*app-id:/m);
    // Empty on scheduled runs: never used to scope the token.
    expect(text).not.toContain('github.event.repository.name }}');
    expect(text).toMatch(/^permissions: \{\}$/m);
  });

  it('keeps the App credentials in the branch-protected environment; reviewers only gate manual runs', () => {
    expect(Object.keys(jobs).sort()).toEqual(['approve', 'rotate']);
    expect(jobs.rotate).toMatch(/^ {4}environment: keyroll$/m);
    expect(jobs.rotate).toContain('secrets.KEYROLL_APP_PRIVATE_KEY');
    expect(jobs.approve).toMatch(/^ {4}environment: keyroll-manual$/m);
    expect(jobs.approve).toContain("if: github.event_name == 'workflow_dispatch'");
    expect(jobs.approve).not.toContain('secrets.');
    // Scheduled runs do not wait for the approval job; manual ones need it to have succeeded.
    expect(jobs.rotate).toContain('needs: approve');
    expect(jobs.rotate).toMatch(
      /always\(\) &&\s+\(github\.event_name == 'schedule' \|\| needs\.approve\.result == 'success'\)/,
    );
    // Secrets appear only in the job behind the protected environment.
    const secretLines = text.split('\n').filter((l) => l.includes('secrets.'));
    for (const line of secretLines) expect(jobs.rotate).toContain(line);
    // No step output is expanded inside a script.
    for (const line of text.split('\n').filter((l) => /^\s*(- )?run:/.test(l)))
      expect(line).not.toContain('${{');
  });

  it('scopes the token to exactly the repositories of its targets', () => {
    const targets = parseTargets(/targets: \|\n((?: {12}.+\n)+)/.exec(text)![1]!, 'json');
    const repositories = /repositories: \|\n((?: {12}.+\n)+)/
      .exec(text)![1]!
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean);
    const owner = /owner: (\S+)/.exec(text)![1];
    const targetRepos = new Set(
      targets.map((t) => {
        if (t.scope.kind === 'organization') throw new Error('example has no org target');
        expect(t.scope.owner).toBe(owner);
        return t.scope.repo;
      }),
    );
    expect([...targetRepos].sort()).toEqual([...repositories].sort());
  });

  it('rotates exactly the targets the Terraform example creates (and commits this workflow to the primary)', async () => {
    const tf = (await parse(
      'main.tf',
      await readFile(resolve(root, 'terraform/github/examples/basic/main.tf'), 'utf8'),
    )) as {
      variable: Record<string, Array<{ default: string }>>;
      module: Record<string, Array<Record<string, unknown>>>;
    };
    const owner = tf.variable.owner![0]!.default;
    const m = tf.module.keyroll_github![0]! as {
      secret_name: string;
      repositories: string[];
      environments: Array<{ repository: string; environment: string }>;
      workflow: { repository: string; content: string };
    };
    const expected = [
      ...m.repositories.map((r) => `repo:${owner}/${r}:${m.secret_name}`),
      ...m.environments.map((e) => `env:${owner}/${e.repository}:${e.environment}:${m.secret_name}`),
    ];
    const targets = /targets: \|\n((?: {12}.+\n)+)/
      .exec(text)![1]!
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean);
    expect(targets).toEqual(expected);
    expect(m.workflow.repository).toBe(m.repositories[0]);
    expect(m.workflow.content).toContain('deployments/github-action/examples/rotate-prisma-key.yml');
  });
});
