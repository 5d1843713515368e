import { readdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { ENV, REQUIRED_ENV } from '@keyroll/aws-lambda';
import { MANAGED_TAG, MANAGED_TAG_VALUE, TAG_KEYS } from '@keyroll/vault-aws-secrets-manager';
import { beforeAll, describe, expect, it } from 'vitest';
import { terraformFmtCheck } from './helpers/terraform-fmt.ts';
import { type Hcl, readTerraformModule, ref, type TerraformModule } from './helpers/terraform-module.ts';

/**
 * terraform/aws cannot be planned offline (the AWS provider is not downloadable here), so its structure
 * is checked against the code it deploys: the managed tag and metadata tag keys of the adapter, the
 * Secrets Manager calls the adapter makes (each must be allowed, nothing more), the KEYROLL_* setting
 * names the Lambda (deployments/aws-lambda) reads, and the runtime table.
 */
const root = resolve(import.meta.dirname, '..');
const moduleDir = join(root, 'terraform/aws');

/** Every statement of a policy document, the dynamic ones included. */
function statements(doc: Hcl): Hcl[] {
  const dynamic = (doc.dynamic?.statement ?? []).flatMap((d: Hcl) => d.content);
  return [...(doc.statement ?? []), ...dynamic];
}

/** The Secrets Manager operations the adapter sends (`new XCommand(`), read from its source. */
async function adapterOperations(): Promise<string[]> {
  const dir = join(root, 'packages/vault-aws-secrets-manager/src');
  const texts = await Promise.all((await readdir(dir)).map((f) => readFile(join(dir, f), 'utf8')));
  return [...new Set(texts.flatMap((t) => [...t.matchAll(/new (\w+)Command\(/g)].map((m) => m[1]!)))].sort();
}

describe('terraform/aws module against the code', () => {
  let tf: TerraformModule;
  beforeAll(async () => {
    tf = await readTerraformModule(moduleDir);
  });

  it('creates the secret with the managed tag and never a value (nothing secret in Terraform state)', () => {
    expect(tf.locals.managed_tag_key).toBe(MANAGED_TAG);
    expect(tf.locals.managed_tag_value).toBe(MANAGED_TAG_VALUE);
    const secret = tf.resource.aws_secretsmanager_secret!.credential!;
    expect(secret.tags).toContain('(local.managed_tag_key) = local.managed_tag_value');
    expect(secret.kms_key_id).toBe(ref('local.kms_key_arn'));
    expect(tf.resource.aws_secretsmanager_secret_version).toBeUndefined();
    expect(tf.text).not.toMatch(/secret_string|secret_binary/);
  });

  it('leaves the metadata tags keyroll writes to keyroll', () => {
    const ignored = tf.resource.aws_secretsmanager_secret!.credential!.lifecycle[0]
      .ignore_changes as string[];
    expect(ignored.sort()).toEqual(
      Object.values(TAG_KEYS)
        .map((k) => ref(`tags["${k}"]`))
        .sort(),
    );
  });

  it('turns on Secrets Manager rotation with the Lambda, on a schedule, not before the value is seeded', () => {
    const rotation = tf.resource.aws_secretsmanager_secret_rotation!.credential!;
    expect(rotation.secret_id).toBe(ref('aws_secretsmanager_secret.credential.id'));
    expect(rotation.rotation_lambda_arn).toBe(ref('aws_lambda_function.rotation.arn'));
    expect(rotation.rotation_rules[0].schedule_expression).toBe(ref('var.rotation_schedule_expression'));
    expect(rotation.rotate_immediately).toBe(false);
    expect(rotation.depends_on).toContain(ref('aws_lambda_permission.secretsmanager'));
  });

  it('deploys the Lambda on nodejs24.x (in use in platform/runtimes.json), arm64, handler and zip as variables', async () => {
    const fn = tf.resource.aws_lambda_function!.rotation!;
    expect(fn.runtime).toBe(ref('var.runtime'));
    expect(tf.variable.runtime!.default).toBe('nodejs24.x');
    const table = JSON.parse(await readFile(join(root, 'platform/runtimes.json'), 'utf8')) as {
      runtimes: Array<{ platform: string; id: string; inUse: boolean }>;
    };
    expect(table.runtimes.find((r) => r.platform === 'aws-lambda' && r.id === 'nodejs24.x')?.inUse).toBe(
      true,
    );
    expect(fn.architectures).toEqual(['arm64']);
    expect(fn.handler).toBe(ref('var.lambda_handler'));
    expect(tf.variable.lambda_handler!.default).toBe('index.handler');
    expect(fn.filename).toBe(ref('var.lambda_zip_path'));
    expect(tf.variable.lambda_zip_path!.default).toBeUndefined();
  });

  it('sets only KEYROLL_* settings the deployments read, the required ones always', () => {
    const names = [...String(tf.locals.environment).matchAll(/\b(KEYROLL_[A-Z_]+)\s*=/g)].map((m) => m[1]!);
    const known = new Set<string>(Object.values(ENV));
    expect(names.length).toBeGreaterThan(0);
    for (const n of names) expect(known.has(n), `${n} is not a setting keyroll reads`).toBe(true);
    for (const n of REQUIRED_ENV) expect(names).toContain(n);
    expect(String(tf.locals.environment)).toMatch(
      /KEYROLL_MANAGED_SECRETS\s*=\s*aws_secretsmanager_secret\.credential\.arn/,
    );
    expect(tf.resource.aws_lambda_function!.rotation!.environment[0].variables).toBe(
      ref('local.environment'),
    );
  });

  it('lets Secrets Manager invoke the function for this secret and account only', () => {
    expect(tf.resource.aws_lambda_permission!.secretsmanager).toMatchObject({
      action: 'lambda:InvokeFunction',
      principal: 'secretsmanager.amazonaws.com',
      source_arn: ref('aws_secretsmanager_secret.credential.arn'),
      source_account: ref('data.aws_caller_identity.current.account_id'),
    });
  });

  it('grants exactly the Secrets Manager calls the adapter makes, on the managed secret only', async () => {
    const policy = statements(tf.data.aws_iam_policy_document!.rotation!);
    const onSecret = policy.filter(
      (s) =>
        JSON.stringify(s.resources) === JSON.stringify([ref('aws_secretsmanager_secret.credential.arn')]),
    );
    const granted = onSecret
      .flatMap((s) => s.actions as string[])
      .map((a) => a.replace('secretsmanager:', ''))
      .sort();
    expect(granted).toEqual(await adapterOperations());
    for (const s of policy) {
      expect(s.actions).not.toContain('secretsmanager:*');
      expect(s.resources).not.toContain('*');
    }
    expect(tf.text).not.toMatch(/"secretsmanager:\*"/);
  });

  it('limits tagging to keyroll-* keys, which every metadata tag key satisfies', () => {
    const tagging = statements(tf.data.aws_iam_policy_document!.rotation!).find((s) =>
      (s.actions as string[]).includes('secretsmanager:TagResource'),
    )!;
    expect(tagging.condition[0]).toMatchObject({ test: 'ForAllValues:StringLike', variable: 'aws:TagKeys' });
    const patterns = tagging.condition[0].values as string[];
    const allowed = (key: string) =>
      patterns.some((p) => new RegExp(`^${p.replace(/\*/g, '.*')}$`).test(key));
    for (const key of Object.values(TAG_KEYS)) expect(allowed(key), key).toBe(true);
    expect(allowed(MANAGED_TAG)).toBe(true);
    expect(allowed('owner')).toBe(false);
  });

  it('reads the admin secret and mirror credentials only when configured, and uses KMS only via Secrets Manager', () => {
    const dynamic = tf.data.aws_iam_policy_document!.rotation!.dynamic.statement as Hcl[];
    const bySid = (sid: string) => dynamic.find((d) => d.content[0].sid === sid)!;
    expect(bySid('ReadAdminKey').for_each).toContain('var.mode == "admin" && var.admin_secret_arn != null');
    expect(bySid('ReadAdminKey').content[0].actions).not.toContain('secretsmanager:PutSecretValue');
    expect(bySid('ReadMirrorCredentials').for_each).toContain(
      'length(var.mirror_credential_secret_arns) > 0',
    );
    expect(bySid('ReadMirrorCredentials').content[0].actions).toEqual(['secretsmanager:GetSecretValue']);
    expect(bySid('MirrorSecrets').for_each).toContain('length(var.mirror_secret_arns) > 0');
    expect(bySid('MirrorSecrets').content[0].actions).not.toContain('secretsmanager:TagResource');
    expect(bySid('MirrorSecretsKeyrollTagsOnly').content[0].condition[0]).toMatchObject({
      test: 'ForAllValues:StringLike',
      variable: 'aws:TagKeys',
      values: ['keyroll-*'],
    });
    expect(String(tf.locals.environment)).toMatch(/KEYROLL_MIRRORS\s*=\s*join\(",", var\.mirrors\)/);
    // Usage-aware retirement only when asked for (the daily sweep applies it).
    expect(String(tf.locals.environment)).toMatch(
      /var\.retire_when_unused_minutes != null \? \{ KEYROLL_RETIRE_WHEN_UNUSED_MINUTES = tostring\(var\.retire_when_unused_minutes\) \}/,
    );
    const kms = bySid('SecretKeyViaSecretsManager');
    expect(kms.for_each).toContain('local.kms_key_arn != null');
    expect(kms.content[0].condition[0]).toMatchObject({ test: 'StringEquals', variable: 'kms:ViaService' });
    expect(tf.resource.aws_kms_key!.secret!.count).toContain('var.create_kms_key');
    expect(tf.resource.aws_kms_key!.secret!.enable_key_rotation).toBe(true);
  });

  it('notify: webhook URLs come from secrets the function reads (GetSecretValue on those ARNs only), never from its environment', () => {
    const env = String(tf.locals.environment);
    // The names the Lambda reads (ENV), each set from the notify variable.
    expect(env).toMatch(new RegExp(`${ENV.notifyWebhooksSecret}\\s*=\\s*var\\.notify\\.webhooks_secret_arn`));
    expect(env).toMatch(
      new RegExp(`${ENV.eventWebhooksSecret}\\s*=\\s*var\\.notify\\.event_webhooks_secret_arn`),
    );
    expect(env).toMatch(new RegExp(`${ENV.onSuccess}\\s*=\\s*tostring\\(var\\.notify\\.on_success\\)`));
    // The URL lists themselves are never in the function's configuration.
    expect(env).not.toMatch(new RegExp(`\\b(${ENV.webhooks}|${ENV.eventWebhooks})\\s*=`));
    expect(tf.locals.notify_secret_arns).toBe(
      ref('compact([var.notify.webhooks_secret_arn, var.notify.event_webhooks_secret_arn])'),
    );
    const dynamic = tf.data.aws_iam_policy_document!.rotation!.dynamic.statement as Hcl[];
    const read = dynamic.find((d) => d.content[0].sid === 'ReadNotifyWebhooks')!;
    expect(read.for_each).toContain('length(local.notify_secret_arns) > 0');
    expect(read.content[0]).toMatchObject({
      actions: ['secretsmanager:GetSecretValue'],
      resources: ref('statement.value'),
    });
    expect(read.for_each).toContain('[local.notify_secret_arns]');
    const notify = tf.variable.notify!;
    expect(notify.default).toEqual({});
    expect(notify.description).toMatch(/KEYROLL_NOTIFY_WEBHOOKS/);
  });

  it('runs a daily sweep through EventBridge Scheduler with a role that can invoke only the function', () => {
    const sweep = tf.resource.aws_scheduler_schedule!.sweep!;
    expect(sweep.schedule_expression).toBe(ref('var.sweep_schedule_expression'));
    expect(tf.variable.sweep_schedule_expression!.default).toMatch(/^cron\(\d+ \d+ \* \* \? \*\)$/);
    expect(sweep.target[0].arn).toBe(ref('aws_lambda_function.rotation.arn'));
    expect(sweep.target[0].role_arn).toBe(ref('aws_iam_role.sweep.arn'));
    expect(sweep.target[0].input).toContain('keyroll = "sweep"');
    expect(statements(tf.data.aws_iam_policy_document!.sweep!)).toEqual([
      expect.objectContaining({
        actions: ['lambda:InvokeFunction'],
        resources: [ref('aws_lambda_function.rotation.arn')],
      }),
    ]);
  });

  it('alarms on failed steps and on keyroll.escalation log events', () => {
    const errors = tf.resource.aws_cloudwatch_metric_alarm!.rotation_errors!;
    expect(errors).toMatchObject({
      namespace: 'AWS/Lambda',
      metric_name: 'Errors',
      alarm_actions: ref('var.alarm_actions'),
    });
    expect(errors.dimensions).toEqual({ FunctionName: ref('aws_lambda_function.rotation.function_name') });
    const filter = tf.resource.aws_cloudwatch_log_metric_filter!.escalation!;
    expect(filter.pattern).toBe('"keyroll.escalation"');
    expect(filter.log_group_name).toBe(ref('aws_cloudwatch_log_group.rotation.name'));
    const alarm = tf.resource.aws_cloudwatch_metric_alarm!.escalation!;
    expect(alarm.metric_name).toBe(filter.metric_transformation[0].name);
    expect(alarm.namespace).toBe(filter.metric_transformation[0].namespace);
  });

  it('documents every input and output, the seeding step and manual rotation', async () => {
    for (const [name, v] of Object.entries(tf.variable))
      expect(v.description, `variable ${name}`).toMatch(/\S/);
    for (const [name, o] of Object.entries(tf.output)) expect(o.description, `output ${name}`).toMatch(/\S/);
    const readme = await readFile(join(moduleDir, 'README.md'), 'utf8');
    expect(readme).toContain('aws secretsmanager put-secret-value');
    expect(readme).toContain('aws secretsmanager rotate-secret');
    expect(readme).toMatch(/fmt -check/);
  });

  it('has an examples/ root module that uses it', async () => {
    const example = await readTerraformModule(join(moduleDir, 'examples/basic'));
    expect(example.module.keyroll!.source).toBe('../..');
    expect(example.module.keyroll!.lambda_zip_path).toContain('deployments/aws-lambda');
    expect(example.text).toContain('provider "aws"');
  });

  it('is formatted (terraform fmt -check), when terraform is installed', async (ctx) => {
    if (!(await terraformFmtCheck(moduleDir))) ctx.skip();
  });
});
