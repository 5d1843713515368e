# The Function App that rotates Prisma Cloud access keys kept in Key Vault, and what it needs to run.

locals {
  storage_account_name = coalesce(var.storage_account_name, substr(replace(lower("${var.name}kr"), "/[^a-z0-9]/", ""), 0, 24))
  function_app_name    = "${var.name}-func"

  # Every app setting the function code reads (deployments/azure-functions/src/settings.ts). A test
  # (test/azure-terraform.test.ts) checks this list against the code, so keep it a literal map.
  keyroll_settings = {
    KEYROLL_VAULT_URLS               = trimsuffix(var.key_vault_uri, "/")
    KEYROLL_MODE                     = var.mode
    KEYROLL_ADMIN_SECRET_NAME        = var.admin_secret_name
    KEYROLL_ALLOWED_API_ORIGINS      = join(",", var.allowed_api_origins)
    KEYROLL_VALIDITY_DAYS            = tostring(var.policy.validity_days)
    KEYROLL_ROTATE_AFTER_DAYS        = tostring(var.policy.rotate_after_days)
    KEYROLL_RENEW_BEFORE_EXPIRY_DAYS = tostring(var.policy.renew_before_expiry_days)
    KEYROLL_MIN_AGE_HOURS            = tostring(var.policy.min_age_hours)
    KEYROLL_GRACE_HOURS              = tostring(var.policy.grace_hours)
    KEYROLL_VAULT_EXPIRY_MARGIN_DAYS = tostring(var.policy.vault_expiry_margin_days)
    KEYROLL_KEY_LIMIT                = tostring(var.policy.key_limit)
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
  tags                            = var.tags
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

# Linux Consumption (Y1): it honours app_scale_limit = 1, which the per-instance rotation lock relies
# on. (Flex Consumption's smallest maximum instance count is larger.)
resource "azurerm_service_plan" "this" {
  name                = "${var.name}-plan"
  resource_group_name = var.resource_group_name
  location            = var.location
  os_type             = "Linux"
  sku_name            = "Y1"
  tags                = var.tags
}

resource "azurerm_linux_function_app" "this" {
  name                        = local.function_app_name
  resource_group_name         = var.resource_group_name
  location                    = var.location
  service_plan_id             = azurerm_service_plan.this.id
  storage_account_name        = azurerm_storage_account.func.name
  storage_account_access_key  = azurerm_storage_account.func.primary_access_key
  functions_extension_version = "~4"
  https_only                  = true

  identity {
    type = "SystemAssigned"
  }

  site_config {
    application_insights_connection_string = azurerm_application_insights.this.connection_string
    app_scale_limit                        = var.max_instances
    minimum_tls_version                    = "1.2"
    ftps_state                             = "Disabled"

    application_stack {
      node_version = var.node_version
    }
  }

  # The KEYROLL_* settings win over extra_app_settings.
  app_settings = merge(var.extra_app_settings, local.keyroll_settings)

  lifecycle {
    precondition {
      condition     = var.mode != "admin" || var.admin_secret_name != ""
      error_message = "admin mode needs admin_secret_name (the secret holding the admin key)."
    }
    # Zip deploy and `func azure functionapp publish` set the package URL; Terraform must not undo it.
    ignore_changes = [app_settings["WEBSITE_RUN_FROM_PACKAGE"]]
  }

  tags = var.tags
}

# Least privilege that works: read, list, write new versions and disable old ones, on this vault only.
resource "azurerm_role_assignment" "secrets_officer" {
  scope                = var.key_vault_id
  role_definition_name = "Key Vault Secrets Officer"
  principal_id         = azurerm_linux_function_app.this.identity[0].principal_id
  principal_type       = "ServicePrincipal"
}
