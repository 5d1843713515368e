data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}
data "aws_region" "current" {}

locals {
  # Must equal MANAGED_TAG / MANAGED_TAG_VALUE in packages/vault-aws-secrets-manager (checked by a test).
  managed_tag_key   = "keyroll-managed"
  managed_tag_value = "true"

  kms_key_arn = var.kms_key_arn != null ? var.kms_key_arn : (var.create_kms_key ? aws_kms_key.secret[0].arn : null)

  # The settings the rotation Lambda reads (ENV in deployments/aws-lambda/src/settings.ts; checked by a test).
  environment = merge(
    {
      KEYROLL_MODE                = var.mode
      KEYROLL_MANAGED_SECRETS     = aws_secretsmanager_secret.credential.arn
      KEYROLL_LOG_LEVEL           = var.log_level
      KEYROLL_VALIDITY_DAYS       = tostring(var.validity_days)
      KEYROLL_MIN_AGE_HOURS       = tostring(var.min_age_hours)
      KEYROLL_GRACE_HOURS         = tostring(var.grace_hours)
      KEYROLL_ALLOWED_API_ORIGINS = join(",", var.allowed_api_origins)
      KEYROLL_NOTIFY_ON_SUCCESS   = tostring(var.notify.on_success)
    },
    var.mode == "admin" ? { KEYROLL_ADMIN_SECRET = var.admin_secret_arn } : {},
    var.service_account_name != "" ? { KEYROLL_SERVICE_ACCOUNT = var.service_account_name } : {},
    # Usage-aware retirement within the grace; the daily sweep applies it.
    var.retire_when_unused_minutes != null ? { KEYROLL_RETIRE_WHEN_UNUSED_MINUTES = tostring(var.retire_when_unused_minutes) } : {},
    length(var.mirrors) > 0 ? { KEYROLL_MIRRORS = join(",", var.mirrors) } : {},
    var.github_token_secret_arn != null ? { KEYROLL_GITHUB_TOKEN = var.github_token_secret_arn } : {},
    # Webhook URLs are secrets: the environment names the secrets that hold them, never the URLs.
    var.notify.webhooks_secret_arn != null ? { KEYROLL_NOTIFY_WEBHOOKS_SECRET = var.notify.webhooks_secret_arn } : {},
    var.notify.event_webhooks_secret_arn != null ? { KEYROLL_EVENT_WEBHOOKS_SECRET = var.notify.event_webhooks_secret_arn } : {},
  )

  # The secrets the function reads webhook URLs from (GetSecretValue only).
  notify_secret_arns = compact([var.notify.webhooks_secret_arn, var.notify.event_webhooks_secret_arn])
}

# The secret, never its value: no aws_secretsmanager_secret_version, so no key ever lands in Terraform
# state. Seed the first value with the AWS CLI (README).
resource "aws_secretsmanager_secret" "credential" {
  name                    = var.secret_name
  description             = "Prisma Cloud access key, rotated by keyroll (${var.name})."
  kms_key_id              = local.kms_key_arn
  recovery_window_in_days = var.recovery_window_days
  tags                    = merge(var.tags, { (local.managed_tag_key) = local.managed_tag_value })

  lifecycle {
    # keyroll records rotation metadata in keyroll-* tags; Terraform must not remove them.
    ignore_changes = [tags["keyroll-key-id"], tags["keyroll-previous-key-id"], tags["keyroll-rotation-id"], tags["keyroll-rotated-at"], tags["keyroll-key-expires-on"], tags["keyroll-service-account"]]
  }
}

resource "aws_secretsmanager_secret_rotation" "credential" {
  secret_id           = aws_secretsmanager_secret.credential.id
  rotation_lambda_arn = aws_lambda_function.rotation.arn
  # Not at apply time: the secret has no value until it is seeded.
  rotate_immediately = false

  rotation_rules {
    schedule_expression = var.rotation_schedule_expression
  }

  depends_on = [aws_lambda_permission.secretsmanager]
}
