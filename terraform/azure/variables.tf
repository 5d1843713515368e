variable "name" {
  description = "Name prefix for every resource (the Function App is named \"<name>-func\"). Lower-case letters, digits and dashes."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9-]{1,40}[a-z0-9]$", var.name))
    error_message = "name must be 3-42 lower-case letters, digits and dashes."
  }
}

variable "resource_group_name" {
  description = "Existing resource group for the Function App, its storage, Application Insights and the Event Grid system topic."
  type        = string
}

variable "location" {
  description = "Azure region of the Function App and its storage."
  type        = string
}

variable "key_vault_id" {
  description = "Resource id of the Key Vault holding the Prisma Cloud secret(s). It must use the Azure RBAC permission model: the Function App gets a custom role without delete or purge on each managed secret, and a metadata-only role on the vault for the sweep."
  type        = string
}

variable "key_vault_uri" {
  description = "The vault URI, e.g. https://kv-prod.vault.azure.net/ (azurerm_key_vault.vault_uri). Becomes KEYROLL_VAULT_URLS."
  type        = string

  validation {
    condition     = can(regex("^https://[0-9A-Za-z-]+\\.vault\\.", var.key_vault_uri))
    error_message = "key_vault_uri must look like https://<vault-name>.vault.azure.net/."
  }
}

variable "key_vault_location" {
  description = "Region of the Key Vault; the Event Grid system topic must live there. Defaults to location."
  type        = string
  default     = null
}

variable "storage_account_name" {
  description = "Name of the Function App's storage account (globally unique, 3-24 lower-case letters and digits). Derived from name when null."
  type        = string
  default     = null
}

variable "node_version" {
  description = "Node.js version of the Flex Consumption app (runtime_version). Only runtimes in platform/runtimes.json that are in support."
  type        = string
  default     = "22"

  validation {
    condition     = contains(["22"], var.node_version)
    error_message = "node_version must be \"22\" (Node 20 reached end of support on Azure Functions on 2026-04-30)."
  }
}

variable "max_instances" {
  description = "Flex Consumption maximum_instance_count. Any number is safe: the rotation lock is a blob lease shared by every instance."
  type        = number
  default     = 10

  validation {
    condition     = var.max_instances >= 1 && var.max_instances <= 1000
    error_message = "max_instances must be between 1 and 1000."
  }
}

variable "subnet_id" {
  description = "Optional VNet integration: a subnet delegated to Microsoft.App/environments. Needed to reach a vault whose public network access is disabled (through its private endpoint). null = no VNet."
  type        = string
  default     = null
}

variable "storage_shared_key_enabled" {
  description = "Allow shared-key (account key) access to the app's storage account. false by default: the host, the lock and deployment use the managed identity. The azurerm provider then needs storage_use_azuread = true."
  type        = bool
  default     = false
}

variable "mode" {
  description = "KEYROLL_MODE: \"self\" (each key rotates itself) or \"admin\" (a separate admin key manages the service accounts' keys)."
  type        = string
  default     = "self"

  validation {
    condition     = contains(["self", "admin"], var.mode)
    error_message = "mode must be \"self\" or \"admin\"."
  }
}

variable "fleet_config" {
  description = "KEYROLL_CONFIG: keyroll.yaml for the hourly sweep, as a blob URL (https://<account>.blob.core.windows.net/<container>/keyroll.yaml; grant the app's identity Storage Blob Data Reader on that container) or a file deployed with the app. Empty: only the tagged secrets of the vault are swept."
  type        = string
  default     = ""
}

variable "admin_secret_name" {
  description = "KEYROLL_ADMIN_SECRET_NAME: admin mode only, the Key Vault secret (in this vault, or a full secret URL) holding the admin key."
  type        = string
  default     = ""
}

variable "admin_service_account" {
  description = "KEYROLL_SERVICE_ACCOUNT: admin mode only, the service account whose keys are rotated, for secrets without a keyroll-service-account tag. Empty: the tag decides."
  type        = string
  default     = ""
}

variable "notify" {
  description = "Who hears about rotations. webhooks_secret_name: a secret in this Key Vault whose value is KEYROLL_NOTIFY_WEBHOOKS's list (slack=<url>, teams=<url> or <url> for JSON CloudEvents, comma separated): people told of rolled_back, needs_attention and keyroll.escalation. event_webhooks_secret_name: a secret holding KEYROLL_EVENT_WEBHOOKS's list, consumers that get keyroll.rotated. Webhook URLs are secrets, so the app settings are Key Vault references (@Microsoft.KeyVault(SecretUri=...)) resolved by the platform with the app's identity, which gets Key Vault Secrets User on these two secrets only. Do not tag them keyroll-managed. on_success: also tell people about every successful rotation. Empty names: nobody is told."
  type = object({
    webhooks_secret_name       = optional(string, "")
    event_webhooks_secret_name = optional(string, "")
    on_success                 = optional(bool, false)
  })
  default = {}

  validation {
    condition = alltrue([
      for n in [var.notify.webhooks_secret_name, var.notify.event_webhooks_secret_name] :
      n == "" || can(regex("^[0-9A-Za-z-]{1,127}$", n))
    ])
    error_message = "notify secret names must be Key Vault secret names (letters, digits, dashes) in key_vault_id's vault."
  }
}

variable "allowed_api_origins" {
  description = "KEYROLL_ALLOWED_API_ORIGINS: Prisma Cloud API origins allowed besides https://*.prismacloud.io and *.prismacloud.cn. Leave empty unless you run a private stack."
  type        = list(string)
  default     = []
}

variable "policy" {
  description = "Rotation policy (KEYROLL_* app settings). validity_days: lifetime of a new key (0 = never expires). rotate_after_days / renew_before_expiry_days: when the hourly sweep rotates. min_age_hours: events and manual runs skip younger keys. grace_hours: the old key (and its Key Vault version) stays active this long; 24 by default because Key Vault references without a version refresh within 24 h, set 0 when every consumer reads the latest version each time. vault_expiry_margin_days: Key Vault exp = key expiry minus this, so SecretNearExpiry arrives 30 days before that. key_limit: keys the service account's role allows (1 or 2). allow_delete_then_create: accept downtime with key_limit 1. lock_lease_minutes: how young an unstored key must be to count as in flight. retire_when_unused_minutes: within the grace, retire the old key once Prisma Cloud records no use of it for this long after the store (null = wait for the whole grace)."
  type = object({
    validity_days              = optional(number, 90)
    rotate_after_days          = optional(number, 60)
    renew_before_expiry_days   = optional(number, 30)
    min_age_hours              = optional(number, 24)
    grace_hours                = optional(number, 24)
    vault_expiry_margin_days   = optional(number, 7)
    key_limit                  = optional(number, 2)
    allow_delete_then_create   = optional(bool, false)
    lock_lease_minutes         = optional(number, 15)
    retire_when_unused_minutes = optional(number)
  })
  default = {}
}

variable "managed_secret_names" {
  description = "The managed secrets: events are delivered for these (an advanced filter on the subject) and the rotator role is granted on each (the secrets must exist before apply). Empty = every secret of the vault, and the rotator role on the whole vault; the function still ignores secrets not tagged keyroll-managed=true, without reading their values."
  type        = list(string)
  default     = []
}

variable "create_event_subscription" {
  description = "Create the Event Grid subscription. Azure checks that the target function exists, so: apply with false, publish the code, then apply with true. Until then the hourly sweep still rotates."
  type        = bool
  default     = false
}

variable "event_delivery_schema" {
  description = "EventGridSchema or CloudEventSchemaV1_0; the function accepts both."
  type        = string
  default     = "EventGridSchema"

  validation {
    condition     = contains(["EventGridSchema", "CloudEventSchemaV1_0"], var.event_delivery_schema)
    error_message = "event_delivery_schema must be EventGridSchema or CloudEventSchemaV1_0."
  }
}

variable "max_delivery_attempts" {
  description = "Event Grid delivery attempts before an event is dead-lettered (1-30)."
  type        = number
  default     = 10
}

variable "event_time_to_live" {
  description = "Minutes Event Grid keeps retrying an event before dead-lettering it (1-1440)."
  type        = number
  default     = 1440
}

variable "existing_system_topic_name" {
  description = "Azure allows one Event Grid system topic per vault. If the vault already has one, name it here and the module subscribes to it instead of creating one (grant its identity dead-letter access yourself)."
  type        = string
  default     = ""
}

variable "existing_system_topic_resource_group" {
  description = "Resource group of existing_system_topic_name (default: resource_group_name)."
  type        = string
  default     = null
}

variable "alerts_enabled" {
  description = "Create the action group and alert rules (dead-lettered events, failed executions, keyroll.escalation)."
  type        = bool
  default     = true
}

variable "alert_emails" {
  description = "Email addresses of the action group."
  type        = list(string)
  default     = []
}

variable "alert_webhook_url" {
  description = "Webhook of the action group (common alert schema), e.g. an incident tool. Empty = none."
  type        = string
  default     = ""
  sensitive   = true
}

variable "log_retention_days" {
  description = "Retention of the Log Analytics workspace behind Application Insights (audit records live there)."
  type        = number
  default     = 90
}

variable "extra_app_settings" {
  description = "Additional app settings (e.g. WEBSITE_TIME_ZONE). Cannot override the KEYROLL_* settings."
  type        = map(string)
  default     = {}
}

variable "tags" {
  description = "Tags for every resource the module creates."
  type        = map(string)
  default     = {}
}
