variable "name" {
  description = "Prefix for every resource this module creates (function, role, schedule, alarms)."
  type        = string
  default     = "keyroll"

  validation {
    condition     = can(regex("^[a-zA-Z][a-zA-Z0-9-]{1,30}[a-zA-Z0-9]$", var.name))
    error_message = "name must be 3-32 letters, digits and dashes (it prefixes the function and role names)."
  }
}

variable "secret_name" {
  description = "Name of the Secrets Manager secret that holds the Prisma Cloud access key (JSON {apiUrl, accessKeyId, secretKey}); may contain '/'. The module creates the secret, never its value: seed it with the AWS CLI (see README)."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9/_+=.@-]{1,512}$", var.secret_name))
    error_message = "secret_name must be 1-512 characters of letters, digits and / _ + = . @ -."
  }
}

variable "rotation_schedule_expression" {
  description = "When Secrets Manager starts a rotation (invokes the Lambda's four steps): rate(N days) or cron(...). Keep it well inside the key's validity (validity_days)."
  type        = string
  default     = "rate(30 days)"

  validation {
    condition     = can(regex("^(rate\\(\\d+ (day|days|hours)\\)|cron\\(.+\\))$", var.rotation_schedule_expression))
    error_message = "rotation_schedule_expression must be rate(N days), rate(N hours) or cron(...)."
  }
}

variable "sweep_schedule_expression" {
  description = "EventBridge Scheduler expression of the daily sweep (grace-period retirement and escalation)."
  type        = string
  default     = "cron(0 6 * * ? *)"
}

variable "sweep_timezone" {
  description = "Time zone of sweep_schedule_expression."
  type        = string
  default     = "UTC"
}

variable "lambda_zip_path" {
  description = "Path of the rotation Lambda's deployment package (a zip of the single-file bundle built from deployments/aws-lambda)."
  type        = string
}

variable "lambda_handler" {
  description = "Handler of the rotation Lambda inside the zip (<file without extension>.<export>)."
  type        = string
  default     = "index.handler"
}

variable "runtime" {
  description = "Lambda runtime. nodejs24.x is supported until 2028-04-30 (platform/runtimes.json)."
  type        = string
  default     = "nodejs24.x"

  validation {
    condition     = contains(["nodejs24.x"], var.runtime)
    error_message = "runtime must be nodejs24.x (the Node runtime with the longest support window)."
  }
}

variable "timeout_seconds" {
  description = "Lambda timeout. One step logs in to Prisma Cloud, may create and verify a key; Secrets Manager retries a step that fails or times out."
  type        = number
  default     = 120
}

variable "memory_mb" {
  description = "Lambda memory (also scales CPU, which shortens cold starts)."
  type        = number
  default     = 256
}

variable "kms_key_arn" {
  description = "Customer managed KMS key to encrypt the secret with. null: the AWS managed key aws/secretsmanager, unless create_kms_key is true."
  type        = string
  default     = null
}

variable "create_kms_key" {
  description = "Create a customer managed KMS key (with yearly key rotation) for the secret. Ignored when kms_key_arn is set."
  type        = bool
  default     = false
}

variable "recovery_window_days" {
  description = "Days a deleted secret can still be restored (7-30)."
  type        = number
  default     = 30
}

variable "mode" {
  description = "self: the key rotates itself. admin: a separate admin key, read from admin_secret_arn, manages the service account's keys."
  type        = string
  default     = "self"

  validation {
    condition     = contains(["self", "admin"], var.mode)
    error_message = "mode must be self or admin."
  }
}

variable "admin_secret_arn" {
  description = "Admin mode only: ARN of an existing secret holding the admin key. The function may read it and nothing else."
  type        = string
  default     = null

  validation {
    condition     = var.admin_secret_arn == null || can(regex("^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\\d{12}:secret:.+$", var.admin_secret_arn))
    error_message = "admin_secret_arn must be a Secrets Manager secret ARN."
  }
}

variable "mirror_credential_secret_arns" {
  description = "ARNs of secrets holding credentials for fan-out targets (e.g. a GitHub token for repository secrets). The function may read them and nothing else. Empty: no fan-out."
  type        = list(string)
  default     = []
}

variable "mirrors" {
  description = "Vault URIs that get every new key too (fan-out, written in setSecret, all or nothing): aws-secrets-manager://<region>/<name>, github://<owner>/<repo>/<SECRET>. Their credentials come from mirror_credential_secret_arns."
  type        = list(string)
  default     = []
}

variable "mirror_secret_arns" {
  description = "ARNs of the Secrets Manager secrets among mirrors (aws-secrets-manager:// URIs): the function may read and write their values and their keyroll-* tags, nothing else. A mirror with a customer managed KMS key also needs kms:Decrypt/GenerateDataKey on that key (not granted here)."
  type        = list(string)
  default     = []
}

variable "github_token_secret_arn" {
  description = "GitHub mirrors: ARN of the secret holding the GitHub token (the token, or JSON with a token field). Must also be listed in mirror_credential_secret_arns."
  type        = string
  default     = null

  validation {
    condition     = var.github_token_secret_arn == null || can(regex("^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\\d{12}:secret:.+$", var.github_token_secret_arn))
    error_message = "github_token_secret_arn must be a Secrets Manager secret ARN."
  }
}

variable "notify" {
  description = "Who hears about rotations. webhooks_secret_arn: a Secrets Manager secret whose value is KEYROLL_NOTIFY_WEBHOOKS's list (slack=<url>, teams=<url> or <url> for JSON CloudEvents, comma separated): people told of rolled_back, needs_attention and keyroll.escalation. event_webhooks_secret_arn: a secret holding KEYROLL_EVENT_WEBHOOKS's list, consumers that get keyroll.rotated. Webhook URLs are secrets, so they never go into the function's environment: the function reads these secrets (GetSecretValue only, granted on these two ARNs). on_success: also tell people about every successful rotation. A secret encrypted with a customer managed KMS key also needs kms:Decrypt on that key (not granted here)."
  type = object({
    webhooks_secret_arn       = optional(string)
    event_webhooks_secret_arn = optional(string)
    on_success                = optional(bool, false)
  })
  default = {}

  validation {
    condition = alltrue([
      for arn in [var.notify.webhooks_secret_arn, var.notify.event_webhooks_secret_arn] :
      arn == null || can(regex("^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\\d{12}:secret:.+$", arn))
    ])
    error_message = "notify.webhooks_secret_arn and notify.event_webhooks_secret_arn must be Secrets Manager secret ARNs."
  }
}

variable "service_account_name" {
  description = "Admin mode: the Prisma Cloud service account whose keys are rotated (default: read from the secret's tags)."
  type        = string
  default     = ""
}

variable "allowed_api_origins" {
  description = "API origins allowed besides https://*.prismacloud.io and *.prismacloud.cn. Leave empty unless you run a private endpoint."
  type        = list(string)
  default     = []
}

variable "validity_days" {
  description = "Lifetime of each new key in Prisma Cloud (0 = no expiry)."
  type        = number
  default     = 90
}

variable "min_age_hours" {
  description = "A non-forced rotation skips keys younger than this."
  type        = number
  default     = 24
}

variable "grace_hours" {
  description = "How long the old key stays active after a rotation; the daily sweep retires it afterwards."
  type        = number
  default     = 0
}

variable "retire_when_unused_minutes" {
  description = "Within the grace, retire the old key once Prisma Cloud records no use of it for this many minutes after the new key was stored (checked by the daily sweep; lastUsedTime's update interval is not documented). null = wait for the whole grace."
  type        = number
  default     = null
  validation {
    condition     = var.retire_when_unused_minutes == null || try(var.retire_when_unused_minutes > 0, false)
    error_message = "retire_when_unused_minutes must be null or more than 0."
  }
}

variable "log_level" {
  description = "debug, info, warn or error."
  type        = string
  default     = "info"
}

variable "log_retention_days" {
  description = "Retention of the function's log group (audit records live there)."
  type        = number
  default     = 365
}

variable "alarm_actions" {
  description = "SNS topic ARNs (or other alarm actions) notified when a rotation step fails or keyroll escalates."
  type        = list(string)
  default     = []
}

variable "tags" {
  description = "Tags for every resource this module creates (the secret also gets keyroll-managed = true)."
  type        = map(string)
  default     = {}
}
