import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { parse } from '@cdktf/hcl2json';
import { APP_SETTING_NAMES, FUNCTION_NAMES, HANDLED_EVENT_TYPES } from '@keyroll/azure-functions';
import { beforeAll, describe, expect, it } from 'vitest';

/**
 * The Terraform module cannot be planned offline (providers are not downloadable here), so its
 * structure is checked against the Function App code it deploys: the app settings the code reads,
 * the event types it handles and the function the subscription targets.
 */
/** A Terraform interpolation as hcl2json renders it: ref('var.x') is "${var.x}". */
const ref = (expr: string) => `\${${expr}}`;

const moduleDir = resolve(import.meta.dirname, '../terraform/azure');

// biome-ignore lint/suspicious/noExplicitAny: hcl2json returns untyped JSON
type Hcl = Record<string, any>;

async function parseDir(dir: string): Promise<Hcl[]> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.tf')).sort();
  return Promise.all(files.map(async (f) => parse(f, await readFile(join(dir, f), 'utf8'))));
}

/** Merges the per-file JSON: blocks of the same kind are concatenated or merged by name. */
function merged(files: Hcl[]) {
  const out = {
    locals: {} as Hcl,
    resource: {} as Record<string, Record<string, Hcl>>,
    variable: {} as Record<string, Hcl>,
    output: {} as Record<string, Hcl>,
    module: {} as Record<string, Hcl>,
    terraform: [] as Hcl[],
  };
  for (const f of files) {
    for (const block of f.locals ?? []) Object.assign(out.locals, block);
    for (const [type, byName] of Object.entries(
      (f.resource ?? {}) as Record<string, Record<string, Hcl[]>>,
    )) {
      out.resource[type] ??= {};
      for (const [name, blocks] of Object.entries(byName)) out.resource[type][name] = blocks[0]!;
    }
    for (const kind of ['variable', 'output', 'module'] as const) {
      for (const [name, blocks] of Object.entries((f[kind] ?? {}) as Record<string, Hcl[]>))
        out[kind][name] = blocks[0]!;
    }
    out.terraform.push(...(f.terraform ?? []));
  }
  return out;
}

/** `${local.x}` → the local's value. */
function resolveLocal(value: unknown, locals: Hcl): unknown {
  const m = typeof value === 'string' ? /^\$\{local\.([a-z_]+)\}$/.exec(value) : null;
  return m ? locals[m[1]!] : value;
}

describe('terraform/azure module against the Function App code', () => {
  let tf: ReturnType<typeof merged>;
  beforeAll(async () => {
    tf = merged(await parseDir(moduleDir));
  });

  it('sets every app setting the code reads, and no KEYROLL_* setting the code ignores', () => {
    const settings = tf.locals.keyroll_settings as Record<string, string>;
    expect(Object.keys(settings).sort()).toEqual([...APP_SETTING_NAMES].sort());
    const app = tf.resource.azurerm_linux_function_app!.this!;
    expect(app.app_settings).toContain('local.keyroll_settings');
    // keyroll's settings come last in merge(), so extra_app_settings cannot override them.
    expect(app.app_settings).toMatch(/merge\(var\.extra_app_settings, local\.keyroll_settings\)/);
  });

  it('subscribes exactly the event types the function handles, to that function, with retries and dead-letter', () => {
    const sub = tf.resource.azurerm_eventgrid_system_topic_event_subscription!.rotate!;
    expect(resolveLocal(sub.included_event_types, tf.locals)).toEqual([...HANDLED_EVENT_TYPES]);
    expect(sub.azure_function_endpoint[0].function_id).toBe(
      `${ref('azurerm_linux_function_app.this.id')}/functions/${ref('local.event_function_name')}`,
    );
    expect(tf.locals.event_function_name).toBe(FUNCTION_NAMES.keyVaultEvent);
    expect(sub.retry_policy[0]).toMatchObject({
      max_delivery_attempts: ref('var.max_delivery_attempts'),
      event_time_to_live: ref('var.event_time_to_live'),
    });
    expect(sub.storage_blob_dead_letter_destination[0].storage_blob_container_name).toBe(
      ref('azurerm_storage_container.dead_letter.name'),
    );
    expect(sub.dynamic.advanced_filter[0].content[0].string_in[0]).toEqual({
      key: 'subject',
      values: ref('var.managed_secret_names'),
    });
    const topic = tf.resource.azurerm_eventgrid_system_topic!.key_vault!;
    expect(topic).toMatchObject({
      topic_type: 'Microsoft.KeyVault.vaults',
      source_resource_id: ref('var.key_vault_id'),
    });
  });

  it('gives the app a system-assigned identity with Key Vault Secrets Officer on the vault only', () => {
    const app = tf.resource.azurerm_linux_function_app!.this!;
    expect(app.identity[0].type).toBe('SystemAssigned');
    const role = tf.resource.azurerm_role_assignment!.secrets_officer!;
    expect(role).toMatchObject({
      scope: ref('var.key_vault_id'),
      role_definition_name: 'Key Vault Secrets Officer',
      principal_id: ref('azurerm_linux_function_app.this.identity[0].principal_id'),
    });
    expect(Object.keys(tf.resource.azurerm_role_assignment!)).toEqual(['secrets_officer']);
  });

  it('runs Node >= 20 on Linux, one instance by default (the rotation lock is per instance)', () => {
    const app = tf.resource.azurerm_linux_function_app!.this!;
    expect(app.site_config[0].application_stack[0].node_version).toBe(ref('var.node_version'));
    expect(Number(tf.variable.node_version!.default)).toBeGreaterThanOrEqual(20);
    expect(app.site_config[0].app_scale_limit).toBe(ref('var.max_instances'));
    expect(tf.variable.max_instances!.default).toBe(1);
    expect(tf.resource.azurerm_service_plan!.this).toMatchObject({ os_type: 'Linux', sku_name: 'Y1' });
    expect(app.site_config[0].application_insights_connection_string).toContain(
      'azurerm_application_insights',
    );
  });

  it('documents every input and output', () => {
    expect(Object.keys(tf.variable).length).toBeGreaterThan(5);
    for (const [name, v] of Object.entries(tf.variable))
      expect(v.description, `variable ${name}`).toMatch(/\S/);
    for (const [name, o] of Object.entries(tf.output)) expect(o.description, `output ${name}`).toMatch(/\S/);
  });

  it('never handles the secret value: no secret resource, no value variable', () => {
    expect(tf.resource.azurerm_key_vault_secret).toBeUndefined();
    expect(Object.keys(tf.variable).filter((v) => /secret_value|secret_key|access_key/.test(v))).toEqual([]);
  });

  it('has an examples/ root module that uses it', async () => {
    const example = merged(await parseDir(join(moduleDir, 'examples/basic')));
    expect(example.module.keyroll!.source).toBe('../..');
    expect(example.module.keyroll!.key_vault_uri).toContain('vault_uri');
  });

  it('is formatted (terraform fmt -check), when terraform is installed', async (ctx) => {
    const run = promisify(execFile);
    const found = await run('terraform', ['version'], {
      env: { ...process.env, CHECKPOINT_DISABLE: '1' },
    }).then(
      () => true,
      () => false,
    );
    if (!found) return ctx.skip();
    const dir = await mkdtemp(join(tmpdir(), 'keyroll-tf-'));
    const rc = join(dir, 'empty.tfrc');
    await writeFile(rc, '');
    try {
      await run('terraform', ['fmt', '-check', '-recursive', moduleDir], {
        env: { ...process.env, TF_CLI_CONFIG_FILE: rc, CHECKPOINT_DISABLE: '1' },
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
