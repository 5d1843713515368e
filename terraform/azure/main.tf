# The Function App that rotates Prisma Cloud access keys kept in Key Vault, and what it needs to run:
# a Flex Consumption app (Node 22) whose own storage is reached with its managed identity (no keys).

locals {
  storage_account_name = coalesce(var.storage_account_name, substr(replace(lower("${var.name}kr"), "/[^a-z0-9]/", ""), 0, 24))
  function_app_name    = "${var.name}-func"
  # The blob container of the rotation locks (deployments/azure-functions: KEYROLL_LOCK_CONTAINER).
  lock_container = "keyroll-locks"

  # Every app setting the function code reads (deployments/azure-functions/src/settings.ts). A test
  # (test/azure-terraform.test.ts) checks this list against the code, so keep it a literal map.
  keyroll_settings = {
    KEYROLL_VAULT_URLS                 = trimsuffix(var.key_vault_uri, "/")
    KEYROLL_CONFIG                     = var.fleet_config
    KEYROLL_MODE                       = var.mode
    KEYROLL_ADMIN_SECRET_NAME          = var.admin_secret_name
    KEYROLL_SERVICE_ACCOUNT            = var.admin_service_account
    KEYROLL_ALLOWED_API_ORIGINS        = join(",", var.allowed_api_origins)
    KEYROLL_VALIDITY_DAYS              = tostring(var.policy.validity_days)
    KEYROLL_ROTATE_AFTER_DAYS          = tostring(var.policy.rotate_after_days)
    KEYROLL_RENEW_BEFORE_EXPIRY_DAYS   = tostring(var.policy.renew_before_expiry_days)
    KEYROLL_MIN_AGE_HOURS              = tostring(var.policy.min_age_hours)
    KEYROLL_GRACE_HOURS                = tostring(var.policy.grace_hours)
    KEYROLL_VAULT_EXPIRY_MARGIN_DAYS   = tostring(var.policy.vault_expiry_margin_days)
    KEYROLL_KEY_LIMIT                  = tostring(var.policy.key_limit)
    KEYROLL_ALLOW_DELETE_THEN_CREATE   = tostring(var.policy.allow_delete_then_create)
    KEYROLL_LOCK_LEASE_MINUTES         = tostring(var.policy.lock_lease_minutes)
    KEYROLL_RETIRE_WHEN_UNUSED_MINUTES = var.policy.retire_when_unused_minutes == null ? "" : tostring(var.policy.retire_when_unused_minutes)
    KEYROLL_MANAGED_IDENTITY_CLIENT_ID = ""
    KEYROLL_LOCK_CONTAINER             = local.lock_container
    KEYROLL_LOCK_LEASE_SECONDS         = "60"
    # Webhook URLs are secrets: Key Vault references, resolved by the platform with the app's identity.
    KEYROLL_NOTIFY_WEBHOOKS   = local.notify_references.webhooks
    KEYROLL_EVENT_WEBHOOKS    = local.notify_references.events
    KEYROLL_NOTIFY_ON_SUCCESS = tostring(var.notify.on_success)
  }

  notify_secret_names = {
    webhooks = var.notify.webhooks_secret_name
    events   = var.notify.event_webhooks_secret_name
  }
  # Versionless references follow the latest version (the platform refreshes them within 24 h).
  notify_references = { for k, n in local.notify_secret_names : k => n == "" ? "" : "@Microsoft.KeyVault(SecretUri=${trimsuffix(var.key_vault_uri, "/")}/secrets/${n})" }

  # Identity-based AzureWebJobsStorage (no connection string, no account key): the host and keyroll's
  # blob lock both use the app's managed identity.
  storage_settings = {
    AzureWebJobsStorage__credential           = "managedidentity"
    AzureWebJobsStorage__blobServiceUri       = azurerm_storage_account.func.primary_blob_endpoint
    AzureWebJobsStorage__queueServiceUri      = azurerm_storage_account.func.primary_queue_endpoint
    AzureWebJobsStorage__tableServiceUri      = azurerm_storage_account.func.primary_table_endpoint
    APPLICATIONINSIGHTS_AUTHENTICATION_STRING = "Authorization=AAD"
  }
}

resource "azurerm_storage_account" "func" {
  name                            = local.storage_account_name
  resource_group_name             = var.resource_group_name
  location                        = var.location
  account_tier                    = "Standard"
  account_replication_type        = "LRS"
  min_tls_version                 = "TLS1_2"
  allow_nested_items_to_be_public = false
  # No keys: everything reaches this account with Entra ID (the provider needs storage_use_azuread).
  shared_access_key_enabled = var.storage_shared_key_enabled
  tags                      = var.tags
}

# Flex Consumption deploys the zip (deployments/azure-functions/dist) into this container.
resource "azurerm_storage_container" "deployment" {
  name                  = "keyroll-deployment"
  storage_account_id    = azurerm_storage_account.func.id
  container_access_type = "private"
}

# One blob per managed secret, leased for the length of a rotation (the cross-instance lock).
resource "azurerm_storage_container" "locks" {
  name                  = local.lock_container
  storage_account_id    = azurerm_storage_account.func.id
  container_access_type = "private"
}

resource "azurerm_log_analytics_workspace" "this" {
  name                = "${var.name}-logs"
  resource_group_name = var.resource_group_name
  location            = var.location
  sku                 = "PerGB2018"
  retention_in_days   = var.log_retention_days
  tags                = var.tags
}

resource "azurerm_application_insights" "this" {
  name                = "${var.name}-ai"
  resource_group_name = var.resource_group_name
  location            = var.location
  workspace_id        = azurerm_log_analytics_workspace.this.id
  application_type    = "Node.JS"
  tags                = var.tags
}

# Flex Consumption (FC1): Linux Consumption (Y1) is retired on 2028-09-30 and gets no new runtimes.
resource "azurerm_service_plan" "this" {
  name                = "${var.name}-plan"
  resource_group_name = var.resource_group_name
  location            = var.location
  os_type             = "Linux"
  sku_name            = "FC1"
  tags                = var.tags
}

resource "azurerm_function_app_flex_consumption" "this" {
  name                = local.function_app_name
  resource_group_name = var.resource_group_name
  location            = var.location
  service_plan_id     = azurerm_service_plan.this.id
  https_only          = true

  runtime_name           = "node"
  runtime_version        = var.node_version
  maximum_instance_count = var.max_instances
  instance_memory_in_mb  = 2048

  storage_container_type      = "blobContainer"
  storage_container_endpoint  = "${azurerm_storage_account.func.primary_blob_endpoint}${azurerm_storage_container.deployment.name}"
  storage_authentication_type = "SystemAssignedIdentity"

  # Optional VNet integration (a subnet delegated to Microsoft.App/environments), so the function can
  # reach a vault whose public network access is disabled, through a private endpoint.
  virtual_network_subnet_id = var.subnet_id

  identity {
    type = "SystemAssigned"
  }

  site_config {
    application_insights_connection_string = azurerm_application_insights.this.connection_string
    minimum_tls_version                    = "1.2"
  }

  # keyroll's settings and the storage identity settings win over extra_app_settings.
  app_settings = merge(var.extra_app_settings, local.storage_settings, local.keyroll_settings)

  lifecycle {
    precondition {
      condition     = var.mode != "admin" || var.admin_secret_name != ""
      error_message = "admin mode needs admin_secret_name (the secret holding the admin key)."
    }
  }

  tags = var.tags
}
