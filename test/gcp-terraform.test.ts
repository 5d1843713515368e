import { join, resolve } from 'node:path';
import {
  ENTRY_POINTS,
  ENV,
  ESCALATION_EVENT,
  FAILED_OUTCOMES,
  GCP_NODE_OPTIONS,
  LOG_FIELDS,
  PUBSUB_MESSAGE_PUBLISHED,
  REQUIRED_ENV,
  SECRET_EVENTS,
  SWEEP_MESSAGE,
  sweepMessageSchema,
} from '@keyroll/gcp-functions';
import { MANAGED_LABEL, MANAGED_LABEL_VALUE, ROTATOR_PERMISSIONS } from '@keyroll/vault-gcp-secret-manager';
import { beforeAll, describe, expect, it } from 'vitest';
import { terraformFmtCheck } from './helpers/terraform-fmt.ts';
import { readTerraformModule, ref, resolveLocal, type TerraformModule } from './helpers/terraform-module.ts';

/**
 * terraform/gcp cannot be planned offline (providers are not downloadable here), so its structure is
 * checked against the code it deploys: the environment the functions read, their entry points, the
 * event type, the managed label, and the roles the function's identity holds.
 */
const moduleDir = resolve(import.meta.dirname, '../terraform/gcp');

describe('terraform/gcp module against the function code', () => {
  let tf: TerraformModule;
  beforeAll(async () => {
    tf = await readTerraformModule(moduleDir);
  });
  const fn = (name: string) => tf.resource.google_cloudfunctions2_function![name]!;

  it('needs google, google-beta (service identity) and archive providers', () => {
    const providers = Object.assign({}, ...tf.terraform.flatMap((t) => t.required_providers ?? []));
    expect(providers.google.source).toBe('hashicorp/google');
    expect(providers['google-beta'].source).toBe('hashicorp/google-beta');
    expect(providers.archive.source).toBe('hashicorp/archive');
  });

  it('sets the environment the functions read, and no KEYROLL_* variable they ignore', () => {
    const env = tf.locals.function_env as Record<string, string>;
    const known = Object.values(ENV) as string[];
    for (const name of Object.keys(env).filter((n) => n !== 'NODE_OPTIONS'))
      expect(known, `${name} is read by the code`).toContain(name);
    // The Node flags the bench measures the bundle with (deployments/gcp-functions/src/node-options.ts).
    expect(env.NODE_OPTIONS).toBe(GCP_NODE_OPTIONS);
    for (const name of REQUIRED_ENV) expect(Object.keys(env)).toContain(name);
    expect(env[ENV.managedSecrets]).toBe(ref('google_secret_manager_secret.credential.id'));
    // Both forms of the function's own project, so matching is exact (notifications carry the number).
    expect(env[ENV.projectId]).toBe(ref('var.project_id'));
    expect(env[ENV.projectNumber]).toBe(ref('data.google_project.this.number'));
    expect(env[ENV.rotateAfterDays]).toBe(ref('tostring(var.rotation_period_days)'));
    expect(env[ENV.adminSecret]).toContain('var.admin_secret_id');
    // Grace and usage-aware retirement, which the daily sweep applies ("" = the whole grace).
    expect(env[ENV.graceHours]).toBe(ref('tostring(var.grace_hours)'));
    expect(env[ENV.retireWhenUnusedMinutes]).toBe(
      ref('var.retire_when_unused_minutes == null ? "" : tostring(var.retire_when_unused_minutes)'),
    );
    expect(tf.variable.retire_when_unused_minutes!.default).toBeNull();
    for (const name of ['event', 'http']) {
      expect(fn(name).service_config[0].environment_variables).toBe(ref('local.function_env'));
    }
  });

  it('notify: the webhook lists are Secret Manager secrets exposed as the variables the code reads, readable by the function only', () => {
    const env = tf.locals.function_env as Record<string, string>;
    // The URL lists are never plain environment variables; the knob is.
    expect(env).not.toHaveProperty(ENV.webhooks);
    expect(env).not.toHaveProperty(ENV.eventWebhooks);
    expect(env[ENV.onSuccess]).toBe(ref('tostring(var.notify.on_success)'));
    const secretEnv = String(tf.locals.notify_secret_env);
    expect(secretEnv).toMatch(new RegExp(`${ENV.webhooks}\\s*=\\s*var\\.notify\\.webhooks_secret_id`));
    expect(secretEnv).toMatch(
      new RegExp(`${ENV.eventWebhooks}\\s*=\\s*var\\.notify\\.event_webhooks_secret_id`),
    );
    expect(secretEnv).toContain('if v != null');
    for (const name of ['event', 'http']) {
      const block = fn(name).service_config[0].dynamic.secret_environment_variables[0];
      expect(block.for_each, name).toBe(ref('local.notify_secret_env'));
      expect(block.content[0], name).toEqual({
        key: ref('secret_environment_variables.key'),
        project_id: ref('var.project_id'),
        secret: ref('secret_environment_variables.value'),
        version: 'latest',
      });
      expect(fn(name).depends_on, name).toEqual([
        ref('google_secret_manager_secret_iam_member.function_notify_accessor'),
      ]);
    }
    const accessor = tf.resource.google_secret_manager_secret_iam_member!.function_notify_accessor!;
    expect(accessor).toMatchObject({
      for_each: ref('toset(values(local.notify_secret_env))'),
      project: ref('var.project_id'),
      secret_id: ref('each.value'),
      role: 'roles/secretmanager.secretAccessor',
      member: `serviceAccount:${ref('google_service_account.function.email')}`,
    });
    expect(tf.variable.notify!.default).toEqual({});
    expect(tf.variable.notify!.description).toMatch(/KEYROLL_NOTIFY_WEBHOOKS/);
  });

  it('deploys both entry points on the runtime variable from the built bundle', () => {
    expect(resolveLocal(fn('event').build_config[0].entry_point, tf.locals)).toBe(ENTRY_POINTS.event);
    expect(resolveLocal(fn('http').build_config[0].entry_point, tf.locals)).toBe(ENTRY_POINTS.http);
    for (const name of ['event', 'http']) {
      expect(fn(name).build_config[0].runtime).toBe(ref('var.runtime'));
      expect(fn(name).build_config[0].source[0].storage_source[0].object).toBe(
        ref('google_storage_bucket_object.source.name'),
      );
    }
    expect(tf.data.archive_file!.source!.source_dir).toBe(ref('var.source_dir'));
  });

  it('triggers the event function on the topic with retry (Eventarc), or pushes with backoff and dead-letter', () => {
    const trigger = fn('event').dynamic.event_trigger[0];
    expect(trigger.for_each).toContain('var.delivery == "eventarc"');
    expect(trigger.content[0]).toMatchObject({
      event_type: PUBSUB_MESSAGE_PUBLISHED,
      pubsub_topic: ref('google_pubsub_topic.events.id'),
      retry_policy: 'RETRY_POLICY_RETRY',
      service_account_email: ref('google_service_account.trigger.email'),
    });
    const push = tf.resource.google_pubsub_subscription!.push!;
    expect(push.count).toContain('var.delivery == "push"');
    expect(push.topic).toBe(ref('google_pubsub_topic.events.id'));
    expect(push.push_config[0].oidc_token[0].service_account_email).toBe(
      ref('google_service_account.trigger.email'),
    );
    expect(push.retry_policy[0]).toMatchObject({
      minimum_backoff: expect.any(String),
      maximum_backoff: expect.any(String),
    });
    expect(push.dead_letter_policy[0]).toEqual({
      dead_letter_topic: ref('google_pubsub_topic.dead_letter.id'),
      max_delivery_attempts: ref('var.max_delivery_attempts'),
    });
    for (const type of [SECRET_EVENTS.rotate, SECRET_EVENTS.versionAdd])
      expect(push.filter).toContain(`"${type}"`);
    expect(push.filter).toContain('NOT attributes:eventType'); // admin messages
    expect(tf.variable.delivery!.default).toBe('eventarc');
    // The Eventarc subscription is output-only: the module prints the command that attaches the dead letters.
    expect(tf.output.dead_letter_setup_command!.value).toContain('--dead-letter-topic');
    expect(tf.resource.google_pubsub_topic_iam_member!.pubsub_agent_dead_letters!.role).toBe(
      'roles/pubsub.publisher',
    );
  });

  it('creates the secret with labels, topics and a rotation schedule, never its value', () => {
    const secret = tf.resource.google_secret_manager_secret!.credential!;
    expect(secret.secret_id).toBe(ref('var.secret_id'));
    expect(secret.labels).toContain(`"${MANAGED_LABEL}" = "${MANAGED_LABEL_VALUE}"`);
    expect(secret.topics).toEqual([{ name: ref('google_pubsub_topic.events.id') }]);
    expect(secret.rotation[0]).toEqual({
      rotation_period: `${ref('var.rotation_period_days * 86400')}s`,
      next_rotation_time: ref('var.next_rotation_time'),
    });
    expect(secret.lifecycle[0].ignore_changes).toEqual(
      expect.arrayContaining([ref('rotation[0].next_rotation_time'), ref('annotations')]),
    );
    expect(secret.depends_on).toContain(ref('google_pubsub_topic_iam_member.secretmanager_publishes'));
    expect(tf.resource.google_secret_manager_secret_version).toBeUndefined();
    expect(tf.text).not.toMatch(/secret_data/);
    expect(Object.keys(tf.variable).filter((v) => /value|secret_key|access_key/.test(v))).toEqual([]);
  });

  it('lets the Secret Manager service agent (google-beta identity) publish to the topic', () => {
    const identity = tf.resource.google_project_service_identity!.secretmanager!;
    expect(identity).toMatchObject({ provider: ref('google-beta'), service: 'secretmanager.googleapis.com' });
    expect(tf.resource.google_pubsub_topic_iam_member!.secretmanager_publishes).toMatchObject({
      topic: ref('google_pubsub_topic.events.name'),
      role: 'roles/pubsub.publisher',
      member: `serviceAccount:${ref('google_project_service_identity.secretmanager.email')}`,
    });
  });

  it("gives the function's own identity one custom role on the secret with exactly the permissions the code uses", () => {
    const member = `serviceAccount:${ref('google_service_account.function.email')}`;
    const grants: Array<{ type: string; name: string; role: string; on: string | undefined }> = [];
    for (const [type, byName] of Object.entries(tf.resource)) {
      if (!/iam_(member|binding|policy)$/.test(type)) continue;
      for (const [name, r] of Object.entries(byName)) {
        const members: string[] = [r.member, ...(r.members ?? [])].filter(Boolean);
        if (members.includes(member)) grants.push({ type, name, role: r.role, on: r.secret_id });
      }
    }
    expect(grants.every((g) => g.type === 'google_secret_manager_secret_iam_member')).toBe(true);
    expect(grants.filter((g) => g.on === ref('google_secret_manager_secret.credential.secret_id'))).toEqual([
      {
        type: 'google_secret_manager_secret_iam_member',
        name: 'function_rotator',
        role: ref('google_project_iam_custom_role.rotator.name'),
        on: ref('google_secret_manager_secret.credential.secret_id'),
      },
    ]);
    // The only other grants: admin mode reads the admin key, the notifier reads its webhook secrets.
    expect(grants.filter((g) => g.name !== 'function_rotator')).toEqual([
      {
        type: 'google_secret_manager_secret_iam_member',
        name: 'function_admin_key_accessor',
        role: 'roles/secretmanager.secretAccessor',
        on: ref('var.admin_secret_id'),
      },
      {
        type: 'google_secret_manager_secret_iam_member',
        name: 'function_notify_accessor',
        role: 'roles/secretmanager.secretAccessor',
        on: ref('each.value'),
      },
    ]);
    const permissions: string[] = tf.resource.google_project_iam_custom_role!.rotator!.permissions;
    expect([...permissions].sort()).toEqual(Object.keys(ROTATOR_PERMISSIONS).sort());
    expect(permissions).not.toContain('secretmanager.versions.destroy');
    expect(tf.text).not.toMatch(/role\s*=\s*"roles\/secretmanager\.secretVersionManager"/);
    for (const name of ['event', 'http']) {
      expect(fn(name).service_config[0].service_account_email).toBe(
        ref('google_service_account.function.email'),
      );
    }
    expect(tf.resource.google_project_iam_member).toBeUndefined();
  });

  it('never lets a subscription expire (dead letters kept, push delivery kept without traffic)', () => {
    const subscriptions = tf.resource.google_pubsub_subscription!;
    expect(Object.keys(subscriptions).sort()).toEqual(['dead_letter', 'push']);
    for (const [name, sub] of Object.entries(subscriptions)) {
      expect(sub.expiration_policy, name).toEqual([{ ttl: '' }]);
    }
  });

  it('runs the sweep daily from Cloud Scheduler with the message the function handles', () => {
    const job = tf.resource.google_cloud_scheduler_job!.sweep!;
    expect(job.schedule).toBe(ref('var.sweep_schedule'));
    expect(tf.variable.sweep_schedule!.default).toMatch(/^\d+ \d+ \* \* \*$/); // daily
    expect(job.pubsub_target[0].topic_name).toBe(ref('google_pubsub_topic.events.id'));
    expect(job.pubsub_target[0].data).toBe(ref('base64encode(local.sweep_message)'));
    // The HCL object `{ action = "sweep" }`, read back as the JSON it encodes.
    const hcl = /jsonencode\(\{\s*action\s*=\s*"(\w+)"\s*\}\)/.exec(String(tf.locals.sweep_message));
    const message = { action: hcl?.[1] };
    expect(message).toEqual(SWEEP_MESSAGE);
    expect(sweepMessageSchema.safeParse(message).success).toBe(true);
    // The push subscription lets it through (no eventType attribute), like an admin message.
    expect(tf.resource.google_pubsub_subscription!.push!.filter).toContain('NOT attributes:eventType');
  });

  it('alerts (notification channel variable) on failed rotations and on keyroll.escalation, as the code logs them', () => {
    const alerts = tf.locals.log_alerts;
    const failed = alerts.failed_rotations.filter as string;
    expect(failed).toContain(`jsonPayload.${LOG_FIELDS.outcome}=`);
    for (const outcome of FAILED_OUTCOMES) expect(failed).toContain(`"${outcome}"`);
    expect(alerts.escalations.filter).toContain(`jsonPayload.${LOG_FIELDS.event}="${ESCALATION_EVENT}"`);
    const metric = tf.resource.google_logging_metric!.log!;
    expect(metric).toMatchObject({ for_each: ref('local.log_alerts'), filter: ref('each.value.filter') });
    const policy = tf.resource.google_monitoring_alert_policy!.log!;
    expect(policy.for_each).toBe(ref('local.log_alerts'));
    expect(policy.notification_channels).toBe(ref('var.notification_channels'));
    const condition = policy.conditions[0].condition_threshold[0];
    expect(condition.filter).toContain(
      `logging.googleapis.com/user/${ref('google_logging_metric.log[each.key].name')}`,
    );
    expect(condition).toMatchObject({ comparison: 'COMPARISON_GT', threshold_value: 0 });
    expect(tf.variable.notification_channels!.type).toBe(ref('list(string)'));
  });

  it('lets only the trigger identity invoke the event function, and keeps the HTTP function private', () => {
    expect(tf.resource.google_cloud_run_service_iam_member!.trigger_invokes).toMatchObject({
      service: ref('google_cloudfunctions2_function.event.name'),
      role: 'roles/run.invoker',
      member: `serviceAccount:${ref('google_service_account.trigger.email')}`,
    });
    expect(tf.resource.google_cloud_run_service_iam_member!.http_invokers!.member).toBe(ref('each.value'));
    expect(tf.variable.http_invokers!.validation[0].condition).toContain('allUsers');
    expect(tf.text).not.toMatch(/member\s*=\s*"allUsers"/);
    expect(fn('event').service_config[0].ingress_settings).toBe('ALLOW_INTERNAL_ONLY');
  });

  it('documents every input and output', () => {
    for (const [name, v] of Object.entries(tf.variable))
      expect(v.description, `variable ${name}`).toMatch(/\S/);
    for (const [name, o] of Object.entries(tf.output)) expect(o.description, `output ${name}`).toMatch(/\S/);
    expect(tf.output.seed_command!.value).toContain('gcloud secrets versions add');
    expect(tf.output.seed_command!.value).toContain('--data-file=-');
  });

  it('has an examples/ root module that uses it', async () => {
    const example = await readTerraformModule(join(moduleDir, 'examples/basic'));
    expect(example.module.keyroll!.source).toBe('../..');
    expect(example.module.keyroll!.source_dir).toContain('deployments/gcp-functions/dist');
    expect(example.text).toContain('provider "google-beta"');
  });

  it('is formatted (terraform fmt -check), when terraform is installed', async (ctx) => {
    if (!(await terraformFmtCheck(moduleDir))) ctx.skip();
  });
});
