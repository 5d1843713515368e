// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the expected values are HCL interpolations, not JS templates
import { execFile, execFileSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { parse } from '@cdktf/hcl2json';
import { decodeMetadata, METADATA_VARIABLE_SUFFIX, metadataVariableName } from '@keyroll/vault-github';
import { beforeAll, describe, expect, it } from 'vitest';

/**
 * Structure of terraform/github, parsed offline (the provider cannot be downloaded here, so `terraform
 * validate` is not possible): the provider, the settings that stop Terraform from fighting a rotation,
 * and the metadata variable naming shared with the adapter.
 */
const moduleDir = resolve(import.meta.dirname, '../terraform/github');
// biome-ignore lint/suspicious/noExplicitAny: hcl2json returns untyped JSON
type Json = any;

async function parseDir(dir: string): Promise<Json> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.tf')).sort();
  const merged: Json = {};
  for (const file of files) {
    const json = await parse(file, await readFile(join(dir, file), 'utf8'));
    for (const [blockType, body] of Object.entries(json as Record<string, Json>)) {
      if (Array.isArray(body)) merged[blockType] = [...(merged[blockType] ?? []), ...body];
      else {
        merged[blockType] ??= {};
        for (const [k, v] of Object.entries(body as Record<string, Json>)) {
          merged[blockType][k] = { ...(merged[blockType][k] ?? {}), ...(v as object) };
        }
      }
    }
  }
  return merged;
}

let mod: Json;
let locals: Record<string, string>;
beforeAll(async () => {
  mod = await parseDir(moduleDir);
  locals = Object.assign({}, ...mod.locals);
});

const one = (resourceType: string, name: string) => {
  const blocks = mod.resource?.[resourceType]?.[name];
  expect(blocks, `${resourceType}.${name}`).toHaveLength(1);
  return blocks[0];
};
const ignored = (block: Json): string[] => block.lifecycle?.[0]?.ignore_changes ?? [];
const github = () => mod.terraform[0].required_providers[0].github;

describe('terraform/github module', () => {
  it('requires the integrations/github provider with a pinned version and configures no provider itself', () => {
    const github = mod.terraform[0].required_providers[0].github;
    expect(github.source).toBe('integrations/github');
    // 6.12+ (6.x): remote_updated_at (6.11) and value (6.12) exist; see versions.tf and the README.
    expect(github.version).toMatch(/^~> 6\.(1[2-9]|[2-9]\d)$/);
    expect(mod.provider).toBeUndefined();
  });

  it('creates secret placeholders whose values Terraform never touches again', () => {
    for (const type of [
      'github_actions_secret',
      'github_actions_environment_secret',
      'github_actions_organization_secret',
    ]) {
      const block = one(type, 'managed');
      // Without remote_updated_at, provider 6.11+ writes the placeholder back over a rotated secret on
      // the next apply (its drift detection; the provider's docs and acceptance test use exactly this).
      // plaintext_value too: state written by the older pin holds the placeholder there, and moving it to
      // `value` must not plan an update (which would write the placeholder).
      expect(ignored(block), type).toEqual(['${value}', '${plaintext_value}', '${remote_updated_at}']);
      expect(block.value).toMatch(/^\$\{local\.placeholders\[/);
      expect(block.for_each).toContain('var.create_secret_placeholders');
      // Deprecated and ignored from 6.11; the deprecated value arguments are not used either.
      expect(block.destroy_on_drift, type).toBeUndefined();
      expect(block.plaintext_value, type).toBeUndefined();
    }
    // The placeholders are placeholders, not key material.
    expect(locals.placeholders).toContain('placeholder-secret-key');
    expect(locals.placeholders).toContain('placeholder::placeholder');
    expect(locals.placeholders).toMatch(/secretKey\s+= "placeholder"/);
  });

  it('creates the metadata variables with the adapter naming, marked managed, values left to keyroll', () => {
    expect(locals.metadata_variable_suffix).toBe(METADATA_VARIABLE_SUFFIX);
    expect(locals.metadata_variable_name).toBe(
      '${upper(local.secret_names[0])}${local.metadata_variable_suffix}',
    );
    expect(locals.metadata_initial_value).toBe('${jsonencode({ managed = true })}');
    expect(decodeMetadata(JSON.stringify({ managed: true }))?.managed).toBe(true);
    for (const [type, name] of [
      ['github_actions_variable', 'metadata'],
      ['github_actions_environment_variable', 'metadata'],
      ['github_actions_organization_variable', 'metadata'],
    ] as const) {
      const block = one(type, name);
      expect(block.variable_name).toBe('${local.metadata_variable_name}');
      expect(block.value).toBe('${local.metadata_initial_value}');
      expect(ignored(block)).toEqual(['${value}']);
    }
    // What the module computes for its defaults is what the adapter reads.
    const variables = Object.fromEntries(Object.entries(mod.variable).map(([k, v]) => [k, (v as Json[])[0]]));
    expect(metadataVariableName(variables.secret_name.default)).toBe('PRISMA_CLOUD_KEYROLL');
    expect(metadataVariableName(variables.pair_secret_names.default.access_key_id)).toBe(
      'PRISMA_ACCESS_KEY_ID_KEYROLL',
    );
    expect(locals.secret_names).toContain(
      'var.pair_secret_names.access_key_id,\n    var.pair_secret_names.secret_key',
    );
  });

  it('optionally manages environments and the workflow file', () => {
    expect(one('github_repository_environment', 'managed').for_each).toContain('var.create_environments');
    const workflow = one('github_repository_file', 'workflow');
    expect(workflow.count).toBe('${var.workflow == null ? 0 : 1}');
    expect(workflow.overwrite_on_create).toBe(false);
    expect(one('github_actions_environment_secret', 'managed').depends_on).toEqual([
      '${github_repository_environment.managed}',
    ]);
  });

  it('documents every variable and output, and outputs the Action targets and seeding commands', () => {
    for (const [name, blocks] of Object.entries(mod.variable))
      expect((blocks as Json[])[0].description, name).toMatch(/\S/);
    for (const [name, blocks] of Object.entries(mod.output))
      expect((blocks as Json[])[0].description, name).toMatch(/\S/);
    expect(Object.keys(mod.output).sort()).toEqual([
      'action_targets',
      'metadata_variable_name',
      'secret_names',
      'seed_commands',
    ]);
    const targets = mod.output.action_targets[0].value as string;
    expect(targets).toContain('"repo:${var.owner}/${r}:${join(",", local.secret_names)}"');
    expect(targets).toContain('"env:${var.owner}/${e.repository}:${e.environment}:');
    expect(mod.output.seed_commands[0].value).toContain('gh secret set ${name} --repo ${var.owner}/${r}');
  });

  it('seeds a selected organization secret with --repos (gh refuses selected without it), by name', () => {
    const seed = mod.output.seed_commands[0].value as string;
    expect(seed).toContain(
      'gh secret set ${name} --org ${var.owner} --visibility ${var.organization_secret.visibility}',
    );
    expect(seed).toContain(
      'local.org_selected ? "--repos ${join(",", local.org_selected_repositories)}" : ""',
    );
    // Names for gh, ids for the API: looked up, not typed twice.
    expect(locals.org_selected_ids).toContain('data.github_repository.org_selected[r].repo_id');
    const lookup = mod.data.github_repository.org_selected[0];
    expect(lookup.full_name).toBe('${var.owner}/${each.value}');
    expect(one('github_actions_organization_secret', 'managed').selected_repository_ids).toBe(
      '${local.org_selected_ids}',
    );
    // selected needs at least one repository, the others none.
    const conditions = (mod.variable.organization_secret[0].validation as Json[])
      .map((v) => v.condition)
      .join('\n');
    expect(conditions).toContain('length(try(var.organization_secret.selected_repositories, [])) > 0');
  });

  it("gives the Action an org target without visibility: Terraform owns the secret's access list", () => {
    const targets = mod.output.action_targets[0].value as string;
    expect(targets).toContain('["org:${var.owner}:${join(",", local.secret_names)}"]');
    expect(targets).not.toContain('organization_secret.visibility');
  });

  it('has an example root module that configures the provider and uses the module', async () => {
    const example = await parseDir(join(moduleDir, 'examples/basic'));
    expect(example.provider.github[0].owner).toBe('${var.owner}');
    expect(example.module.keyroll_github[0].source).toBe('../..');
    expect(example.terraform[0].required_providers[0].github.source).toBe('integrations/github');
    expect(example.terraform[0].required_providers[0].github.version).toBe(github().version);
  });

  it('creates the environments the example workflow runs in: credentials for the default branch only', async () => {
    const example = await parseDir(join(moduleDir, 'examples/basic'));
    const env = (name: string) => example.resource.github_repository_environment[name][0];
    const policy = (name: string) =>
      example.resource.github_repository_environment_deployment_policy[name][0];
    for (const name of ['keyroll', 'keyroll_manual']) {
      expect(env(name).repository).toBe('api');
      expect(env(name).deployment_branch_policy[0]).toEqual({
        protected_branches: false,
        custom_branch_policies: true,
      });
      expect(policy(name).branch_pattern).toBe('${data.github_repository.primary.default_branch}');
    }
    expect(env('keyroll').environment).toBe('keyroll');
    expect(env('keyroll').reviewers).toBeUndefined(); // scheduled runs stay unattended
    expect(env('keyroll_manual').environment).toBe('keyroll-manual');
    expect(env('keyroll_manual').reviewers[0].teams).toBe('${var.manual_rotation_reviewer_team_ids}');
    const clientId = example.resource.github_actions_environment_variable.app_client_id[0];
    expect(clientId).toMatchObject({
      variable_name: 'KEYROLL_APP_CLIENT_ID',
      environment: '${github_repository_environment.keyroll.environment}',
    });
    // The App's private key is never put in Terraform state.
    expect(JSON.stringify(example)).not.toMatch(/PRIVATE_KEY"|private_key\s*=/);
  });

  it('fails to parse broken HCL (the parser really checks)', async () => {
    await expect(parse('bad.tf', 'resource "x" {\n  a = \n}\n')).rejects.toThrow(/bad\.tf/);
  });

  const terraform = (() => {
    try {
      execFileSync('terraform', ['version'], {
        stdio: 'ignore',
        env: { ...process.env, CHECKPOINT_DISABLE: '1' },
      });
      return true;
    } catch {
      return false;
    }
  })();
  it.skipIf(!terraform)('is formatted (terraform fmt -check, offline)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'keyroll-tf-'));
    try {
      const config = join(dir, 'empty.tfrc');
      await writeFile(config, '');
      const run = promisify(execFile)('terraform', ['fmt', '-check', '-recursive', '-diff', moduleDir], {
        env: { ...process.env, TF_CLI_CONFIG_FILE: config, CHECKPOINT_DISABLE: '1' },
      });
      await expect(run).resolves.toBeDefined();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
