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

describe('terraform/github module', () => {
  it('requires the integrations/github provider with a pinned version and configures no provider itself', () => {
    const github = mod.terraform[0].required_providers[0].github;
    expect(github.source).toBe('integrations/github');
    expect(github.version).toMatch(/^~> 6\.8\.\d+$/);
    expect(mod.provider).toBeUndefined();
  });

  it('creates secret placeholders whose values Terraform never touches again', () => {
    for (const type of [
      'github_actions_secret',
      'github_actions_environment_secret',
      'github_actions_organization_secret',
    ]) {
      const block = one(type, 'managed');
      expect(ignored(block), type).toEqual(
        expect.arrayContaining(['${plaintext_value}', '${encrypted_value}']),
      );
      expect(block.plaintext_value).toMatch(/^\$\{local\.placeholders\[/);
      expect(block.for_each).toContain('var.create_secret_placeholders');
    }
    // Without this the provider recreates a rotated secret with the placeholder on the next apply.
    expect(one('github_actions_secret', 'managed').destroy_on_drift).toBe(false);
    expect(one('github_actions_organization_secret', 'managed').destroy_on_drift).toBe(false);
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

  it('has an example root module that configures the provider and uses the module', async () => {
    const example = await parseDir(join(moduleDir, 'examples/basic'));
    expect(example.provider.github[0].owner).toBe('${var.owner}');
    expect(example.module.keyroll_github[0].source).toBe('../..');
    expect(example.terraform[0].required_providers[0].github.source).toBe('integrations/github');
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
