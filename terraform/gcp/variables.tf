variable "project_id" {
  description = "Project that holds the secret, the topics and the functions."
  type        = string
}

variable "region" {
  description = "Region of the functions, the Eventarc trigger and the source bucket, e.g. europe-west1."
  type        = string
}

variable "name" {
  description = "Prefix for every resource this module creates (service accounts, topics, functions)."
  type        = string
  default     = "keyroll"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,18}[a-z0-9]$", var.name))
    error_message = "name must be 3-20 characters of lower-case letters, digits and dashes (it prefixes service account ids)."
  }
}

variable "secret_id" {
  description = "Id of the Secret Manager secret that holds the Prisma Cloud access key (JSON {apiUrl, accessKeyId, secretKey}). The module creates the secret, never its value: seed the first version with gcloud (see README)."
  type        = string
}

variable "rotation_period_days" {
  description = "Secret Manager sends SECRET_ROTATE this often. Keep it below the key's validity (validity_days)."
  type        = number
  default     = 30

  validation {
    condition     = var.rotation_period_days >= 1 && var.rotation_period_days <= 36500
    error_message = "rotation_period_days must be between 1 (Secret Manager's minimum is one hour) and 36500."
  }
}

variable "next_rotation_time" {
  description = "First SECRET_ROTATE, RFC 3339 UTC (e.g. 2026-01-01T09:00:00Z); at least 5 minutes in the future when applied. Secret Manager advances it by the period after each notification, so later changes are ignored by Terraform."
  type        = string

  validation {
    condition     = can(regex("^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z$", var.next_rotation_time))
    error_message = "next_rotation_time must be an RFC 3339 UTC timestamp such as 2026-01-01T09:00:00Z."
  }
}

variable "mode" {
  description = "self: the key rotates itself (the service account manages its own keys). admin: a separate admin key, read from admin_secret_id, manages the service account's keys."
  type        = string
  default     = "self"

  validation {
    condition     = contains(["self", "admin"], var.mode)
    error_message = "mode must be self or admin."
  }
}

variable "admin_secret_id" {
  description = "Admin mode only: full name (projects/P/secrets/S) of an existing secret holding the admin key. The function gets secretAccessor on it and nothing else."
  type        = string
  default     = null
}

variable "notify" {
  description = "Who hears about rotations. webhooks_secret_id: an existing Secret Manager secret of project_id (its short id) whose value is KEYROLL_NOTIFY_WEBHOOKS's list (slack=<url>, teams=<url> or <url> for JSON CloudEvents, comma separated): people told of rolled_back, needs_attention and keyroll.escalation. event_webhooks_secret_id: a secret holding KEYROLL_EVENT_WEBHOOKS's list, consumers that get keyroll.rotated. Webhook URLs are secrets: both functions get them as secret environment variables (latest version, read when an instance starts), and the function's service account gets secretAccessor on these two secrets only. on_success: also tell people about every successful rotation."
  type = object({
    webhooks_secret_id       = optional(string)
    event_webhooks_secret_id = optional(string)
    on_success               = optional(bool, false)
  })
  default = {}

  validation {
    condition = alltrue([
      for id in [var.notify.webhooks_secret_id, var.notify.event_webhooks_secret_id] :
      id == null || can(regex("^[A-Za-z0-9_-]{1,255}$", id))
    ])
    error_message = "notify secret ids must be short Secret Manager secret ids in project_id (letters, digits, _ and -)."
  }
}

variable "service_account_name" {
  description = "Admin mode: the Prisma Cloud service account whose keys are rotated (default: read from the secret's metadata)."
  type        = string
  default     = ""
}

variable "allowed_api_origins" {
  description = "API origins allowed besides https://*.prismacloud.io and *.prismacloud.cn. Leave empty unless you run a private endpoint."
  type        = list(string)
  default     = []
}

variable "rotate_new_secrets" {
  description = "Rotate at once when the secret's first version is added (a key pasted by a person is replaced, so no person knows a live key)."
  type        = bool
  default     = true
}

variable "validity_days" {
  description = "Lifetime of each new key in Prisma Cloud (0 = no expiry)."
  type        = number
  default     = 90
}

variable "min_age_hours" {
  description = "A non-forced rotation skips keys younger than this; it also absorbs duplicate SECRET_ROTATE deliveries."
  type        = number
  default     = 24
}

variable "log_level" {
  description = "debug, info, warn or error."
  type        = string
  default     = "info"
}

variable "source_dir" {
  description = "The built function source: deployments/gcp-functions/dist after `node deployments/gcp-functions/build.mjs`."
  type        = string
}

variable "delivery" {
  description = "eventarc: a Cloud Functions event trigger (Eventarc) with retry; its Pub/Sub subscription is managed by Eventarc, so the dead-letter topic is attached with one gcloud command (output dead_letter_setup_command). push: this module's own push subscription with retry backoff and the dead-letter policy, all in Terraform."
  type        = string
  default     = "eventarc"

  validation {
    condition     = contains(["eventarc", "push"], var.delivery)
    error_message = "delivery must be eventarc or push."
  }
}

variable "max_delivery_attempts" {
  description = "Deliveries of one message before it goes to the dead-letter topic (5-100)."
  type        = number
  default     = 10

  validation {
    condition     = var.max_delivery_attempts >= 5 && var.max_delivery_attempts <= 100
    error_message = "max_delivery_attempts must be between 5 and 100 (Pub/Sub's limits)."
  }
}

variable "enable_http_function" {
  description = "Also deploy the HTTP function for manual rotations (no public access: only http_invokers may call it)."
  type        = bool
  default     = true
}

variable "http_invokers" {
  description = "Members allowed to invoke the HTTP function, e.g. [\"group:secops@example.com\"]. Never allUsers."
  type        = list(string)
  default     = []

  validation {
    condition     = !contains(var.http_invokers, "allUsers") && !contains(var.http_invokers, "allAuthenticatedUsers")
    error_message = "The HTTP function rotates credentials: it must not be public."
  }
}

variable "labels" {
  description = "Extra labels for the resources (the secret always gets keyroll-managed = true)."
  type        = map(string)
  default     = {}
}

variable "runtime" {
  description = "Cloud Run functions runtime for both functions. The Node.js 20 runtime was decommissioned on 2026-10-30; nodejs24 is supported until 2028-10-31 (platform/runtimes.json in the keyroll repository keeps the dates)."
  type        = string
  default     = "nodejs24"

  validation {
    condition     = contains(["nodejs22", "nodejs24"], var.runtime)
    error_message = "runtime must be nodejs24 or nodejs22 (Node.js 20 can no longer be deployed)."
  }
}

variable "sweep_schedule" {
  description = "Cron schedule (UTC) of the sweep that retries failed rotations, ends grace periods and escalates expiring keys. Daily by default."
  type        = string
  default     = "17 6 * * *"
}

variable "notification_channels" {
  description = "Cloud Monitoring notification channel ids (projects/P/notificationChannels/N) alerted on failed rotations and on keyroll.escalation."
  type        = list(string)
  default     = []
}

variable "fleet_config" {
  description = "KEYROLL_CONFIG: keyroll.yaml for the sweep, gs://<bucket>/<object> (grant the functions' service account roles/storage.objectViewer on that bucket) or a file deployed with the source. Empty: only the managed secret is swept."
  type        = string
  default     = ""
}

variable "grace_hours" {
  description = "How long the old key stays active after a rotation (its superseded version stays enabled as long); the daily sweep retires it afterwards. 0 = retired at once, for consumers that read the latest version each time."
  type        = number
  default     = 0
  validation {
    condition     = var.grace_hours >= 0
    error_message = "grace_hours must be 0 or more."
  }
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
