import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import {
  APP_SETTING_NAMES,
  ESCALATION_EVENT,
  FUNCTION_NAMES,
  HANDLED_EVENT_TYPES,
  SETTINGS,
} from '@keyroll/azure-functions';
import { DEFAULT_LOCK_CONTAINER, STORAGE_SETTINGS } from '@keyroll/lock-azure-blob';
import { beforeAll, describe, expect, it } from 'vitest';
import runtimes from '../platform/runtimes.json' with { type: 'json' };
import { terraformFmtCheck } from './helpers/terraform-fmt.ts';
import { readTerraformModule, ref, resolveLocal, type TerraformModule } from './helpers/terraform-module.ts';

/**
 * The Terraform module cannot be planned offline (providers are not downloadable here), so its
 * structure is checked against the Function App code it deploys: the app settings the code reads
 * (keyroll's and the identity-based storage ones the lock reads), the event types it handles, the
 * function the subscription targets, the escalation event the alert rule queries. Terraform itself
 * and the Functions host cannot run here: nothing is planned or deployed.
 */
/** A Terraform interpolation as hcl2json renders it: ref('var.x') is "${var.x}". */

const moduleDir = resolve(import.meta.dirname, '../terraform/azure');

describe('terraform/azure module against the Function App code', () => {
  let tf: TerraformModule;
  beforeAll(async () => {
    tf = await readTerraformModule(moduleDir);
  });
  const app = () => tf.resource.azurerm_function_app_flex_consumption!.this!;

  it('sets every app setting the code reads, and no KEYROLL_* setting the code ignores', () => {
    const settings = tf.locals.keyroll_settings as Record<string, string>;
    expect(Object.keys(settings).sort()).toEqual([...APP_SETTING_NAMES].sort());
    // Numeric knobs are never empty strings (the shared settings reader refuses those).
    for (const [name, value] of Object.entries(settings)) {
      if (/DAYS|HOURS|LIMIT|MINUTES|SECONDS/.test(name)) expect(value, name).not.toBe('');
    }
    expect(settings[SETTINGS.lockContainer]).toBe(ref('local.lock_container'));
    expect(tf.locals.lock_container).toBe(DEFAULT_LOCK_CONTAINER);
    // keyroll's settings come last in merge(), so extra_app_settings cannot override them.
    expect(app().app_settings).toMatch(
      /merge\(var\.extra_app_settings, local\.storage_settings, local\.keyroll_settings\)/,
    );
  });

  it('identity-based AzureWebJobsStorage by default: the settings the lock reads, no connection string, no keys', () => {
    const storage = tf.locals.storage_settings as Record<string, string>;
    expect(storage[`${STORAGE_SETTINGS.connectionString}__credential`]).toBe('managedidentity');
    expect(storage[STORAGE_SETTINGS.blobServiceUri]).toBe(
      ref('azurerm_storage_account.func.primary_blob_endpoint'),
    );
    expect(storage).not.toHaveProperty(STORAGE_SETTINGS.connectionString);
    expect(tf.resource.azurerm_storage_account!.func!.shared_access_key_enabled).toBe(
      ref('var.storage_shared_key_enabled'),
    );
    expect(tf.variable.storage_shared_key_enabled!.default).toBe(false);
    expect(app().storage_authentication_type).toBe('SystemAssignedIdentity');
    expect(JSON.stringify(tf.resource)).not.toMatch(/primary_access_key|primary_connection_string/);
  });

  it('runs on Flex Consumption (FC1) with Node from the runtimes table, optional VNet integration, the zip container', () => {
    expect(tf.resource.azurerm_service_plan!.this).toMatchObject({ os_type: 'Linux', sku_name: 'FC1' });
    expect(tf.resource.azurerm_linux_function_app).toBeUndefined();
    expect(app()).toMatchObject({
      runtime_name: 'node',
      runtime_version: ref('var.node_version'),
      maximum_instance_count: ref('var.max_instances'),
      virtual_network_subnet_id: ref('var.subnet_id'),
      storage_container_type: 'blobContainer',
    });
    expect(app().storage_container_endpoint).toContain('azurerm_storage_container.deployment.name');
    const node = tf.variable.node_version!.default as string;
    const entry = runtimes.runtimes.find((r) => r.platform === 'azure-functions' && r.id === node);
    expect(entry?.inUse).toBe(true);
    expect(tf.variable.subnet_id!.default).toBeNull();
    expect(app().identity[0].type).toBe('SystemAssigned');
    expect(app().site_config[0].application_insights_connection_string).toContain(
      'azurerm_application_insights',
    );
  });

  it('subscribes exactly the event types the function handles, to that function, with retries and dead-letter', () => {
    const sub = tf.resource.azurerm_eventgrid_system_topic_event_subscription!.rotate!;
    expect(resolveLocal(sub.included_event_types, tf.locals)).toEqual([...HANDLED_EVENT_TYPES]);
    expect(sub.azure_function_endpoint[0].function_id).toBe(
      `${ref('azurerm_function_app_flex_consumption.this.id')}/functions/${ref('local.event_function_name')}`,
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
    expect(sub.system_topic).toBe(ref('local.system_topic_name'));
  });

  it('the system topic is optional: one per vault, so an existing one can be used instead', () => {
    const topic = tf.resource.azurerm_eventgrid_system_topic!.key_vault!;
    expect(topic).toMatchObject({
      count: ref('var.existing_system_topic_name == "" ? 1 : 0'),
      topic_type: 'Microsoft.KeyVault.vaults',
      source_resource_id: ref('var.key_vault_id'),
    });
    expect(tf.locals.system_topic_name).toContain('var.existing_system_topic_name');
    expect(tf.variable.existing_system_topic_name!.default).toBe('');
  });

  it('least privilege: a Key Vault role without delete or purge on each managed secret, metadata-only listing, blob roles', () => {
    const rotator = tf.resource.azurerm_role_definition!.rotator!;
    const actions = rotator.permissions[0].data_actions as string[];
    expect([...actions].sort()).toEqual(
      [
        'Microsoft.KeyVault/vaults/secrets/getSecret/action',
        'Microsoft.KeyVault/vaults/secrets/readMetadata/action',
        'Microsoft.KeyVault/vaults/secrets/setSecret/action',
        'Microsoft.KeyVault/vaults/secrets/update/action',
      ].sort(),
    );
    for (const a of actions) expect(a).not.toMatch(/delete|purge|\*/i);
    const lister = tf.resource.azurerm_role_definition!.lister!;
    expect(lister.permissions[0].data_actions).toEqual([
      'Microsoft.KeyVault/vaults/secrets/readMetadata/action',
    ]);
    const assign = tf.resource.azurerm_role_assignment!;
    expect(assign.rotator).toMatchObject({ for_each: ref('local.rotator_scopes'), scope: ref('each.value') });
    expect(tf.locals.rotator_scopes).toContain(`${ref('var.key_vault_id')}/secrets/${ref('n')}`);
    expect(assign.lister!.scope).toBe(ref('var.key_vault_id'));
    expect(JSON.stringify(tf.resource)).not.toContain('Key Vault Secrets Officer');
    expect(assign.lock_container).toMatchObject({
      role_definition_name: 'Storage Blob Data Contributor',
      scope: expect.stringContaining(
        `/blobServices/default/containers/${ref('azurerm_storage_container.locks.name')}`,
      ),
    });
    for (const a of Object.values(assign)) expect(a.principal_type).toBe('ServicePrincipal');
  });

  it('notify: the webhook lists are Key Vault references to secrets the app may only read; on_success a plain setting', () => {
    const settings = tf.locals.keyroll_settings as Record<string, string>;
    // The names the Function App reads (SETTINGS = NOTIFY_SETTINGS there), each from the notify variable.
    expect(settings[SETTINGS.webhooks]).toBe(ref('local.notify_references.webhooks'));
    expect(settings[SETTINGS.eventWebhooks]).toBe(ref('local.notify_references.events'));
    expect(settings[SETTINGS.onSuccess]).toBe(ref('tostring(var.notify.on_success)'));
    expect(tf.locals.notify_secret_names).toEqual({
      webhooks: ref('var.notify.webhooks_secret_name'),
      events: ref('var.notify.event_webhooks_secret_name'),
    });
    // A Key Vault reference in the app-setting syntax, to a secret of the module's vault; "" when unset.
    const refs = String(tf.locals.notify_references);
    expect(refs).toContain('n == "" ? "" :');
    expect(refs).toContain(
      `@Microsoft.KeyVault(SecretUri=${ref('trimsuffix(var.key_vault_uri, "/")')}/secrets/${ref('n')})`,
    );
    // Read only, on each of those secrets alone.
    const reader = tf.resource.azurerm_role_assignment!.notify_secret_reader!;
    expect(reader).toMatchObject({
      for_each: ref('local.notify_secret_scopes'),
      scope: ref('each.value'),
      role_definition_name: 'Key Vault Secrets User',
      principal_type: 'ServicePrincipal',
    });
    const scopes = String(tf.locals.notify_secret_scopes);
    expect(scopes).toContain('for n in distinct(compact(values(local.notify_secret_names)))');
    expect(scopes).toContain(`n => "${ref('var.key_vault_id')}/secrets/${ref('n')}"`);
    expect(tf.variable.notify!.default).toEqual({});
    expect(tf.variable.notify!.description).toMatch(/KEYROLL_NOTIFY_WEBHOOKS/);
  });

  it('alerts: an action group (email, webhook) and rules on dead letters, failed executions and keyroll.escalation', async () => {
    const group = tf.resource.azurerm_monitor_action_group!.this!;
    expect(group.dynamic.email_receiver[0].for_each).toBe(ref('var.alert_emails'));
    expect(group.dynamic.webhook_receiver).toBeDefined();
    expect(tf.variable.alert_webhook_url!.sensitive).toBe(true);
    const dead = tf.resource.azurerm_monitor_metric_alert!.dead_lettered!;
    expect(dead.criteria[0]).toMatchObject({ metric_name: 'DeadLetteredCount', threshold: 0 });
    const rules = tf.locals.log_alert_rules;
    expect(rules.failed_executions.query).toMatch(/^requests .*success == false/);
    expect(rules.escalation.query).toContain(ref('local.escalation_event'));
    expect(tf.locals.escalation_event).toBe(ESCALATION_EVENT);
    const rule = tf.resource.azurerm_monitor_scheduled_query_rules_alert_v2!.log!;
    expect(rule.for_each).toBe(ref('local.alerts_enabled ? local.log_alert_rules : {}'));
    expect(rule.criteria[0].query).toBe(ref('each.value.query'));
    for (const r of [dead, rule]) {
      expect(JSON.stringify(r.action)).toContain('azurerm_monitor_action_group.this[0].id');
    }
    // Upgrades from one resource per rule move them instead of recreating them.
    const alertsTf = await readFile(join(moduleDir, 'alerts.tf'), 'utf8');
    for (const name of Object.keys(rules))
      expect(alertsTf).toContain(`from = azurerm_monitor_scheduled_query_rules_alert_v2.${name}[0]`);
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
    const example = await readTerraformModule(join(moduleDir, 'examples/basic'));
    expect(example.module.keyroll!.source).toBe('../..');
    expect(example.module.keyroll!.key_vault_uri).toContain('vault_uri');
  });

  it('is formatted (terraform fmt -check), when terraform is installed', async (ctx) => {
    if (!(await terraformFmtCheck(moduleDir))) ctx.skip();
  });
});
