# Least privilege. Key Vault: a custom role that reads and writes secret versions but cannot delete or
# purge, granted on each managed secret (vault scope only when no names are given); listing for the
# sweep is a metadata-only role at vault scope (names, tags, dates; never values).
# Storage: what the Functions host needs for identity-based AzureWebJobsStorage, and the lock container.

locals {
  principal_id = azurerm_function_app_flex_consumption.this.identity[0].principal_id
  # Secret-scoped assignments for the named secrets; without names, the vault (every secret in it).
  rotator_scopes = length(var.managed_secret_names) > 0 ? { for n in var.managed_secret_names : n => "${var.key_vault_id}/secrets/${n}" } : { "(vault)" = var.key_vault_id }
  # Admin mode: the admin key's secret is only read (a name in this vault; a full URL is granted by you).
  admin_secret_scope = var.mode == "admin" && can(regex("^[0-9A-Za-z-]+$", var.admin_secret_name)) ? { (var.admin_secret_name) = "${var.key_vault_id}/secrets/${var.admin_secret_name}" } : {}
  # Notify webhook lists: read only, each secret alone (Key Vault references resolve with this identity).
  notify_secret_scopes = { for n in distinct(compact(values(local.notify_secret_names))) : n => "${var.key_vault_id}/secrets/${n}" }
}

resource "azurerm_role_definition" "rotator" {
  name        = "keyroll secret rotator (${var.name})"
  scope       = var.key_vault_id
  description = "keyroll: read a secret, write new versions, disable old ones. No delete, purge, backup or restore."

  permissions {
    actions = []
    data_actions = [
      "Microsoft.KeyVault/vaults/secrets/getSecret/action",
      "Microsoft.KeyVault/vaults/secrets/setSecret/action",
      "Microsoft.KeyVault/vaults/secrets/readMetadata/action",
      "Microsoft.KeyVault/vaults/secrets/update/action",
    ]
  }

  assignable_scopes = [var.key_vault_id]
}

resource "azurerm_role_definition" "lister" {
  name        = "keyroll secret lister (${var.name})"
  scope       = var.key_vault_id
  description = "keyroll sweep: list secrets and read their tags and attributes, never their values."

  permissions {
    actions      = []
    data_actions = ["Microsoft.KeyVault/vaults/secrets/readMetadata/action"]
  }

  assignable_scopes = [var.key_vault_id]
}

resource "azurerm_role_assignment" "rotator" {
  for_each           = local.rotator_scopes
  scope              = each.value
  role_definition_id = azurerm_role_definition.rotator.role_definition_resource_id
  principal_id       = local.principal_id
  principal_type     = "ServicePrincipal"
}

resource "azurerm_role_assignment" "lister" {
  scope              = var.key_vault_id
  role_definition_id = azurerm_role_definition.lister.role_definition_resource_id
  principal_id       = local.principal_id
  principal_type     = "ServicePrincipal"
}

resource "azurerm_role_assignment" "admin_secret_reader" {
  for_each             = local.admin_secret_scope
  scope                = each.value
  role_definition_name = "Key Vault Secrets User"
  principal_id         = local.principal_id
  principal_type       = "ServicePrincipal"
}

resource "azurerm_role_assignment" "notify_secret_reader" {
  for_each             = local.notify_secret_scopes
  scope                = each.value
  role_definition_name = "Key Vault Secrets User"
  principal_id         = local.principal_id
  principal_type       = "ServicePrincipal"
}

# The Functions host with identity-based AzureWebJobsStorage (keys, timer schedule, singleton leases)
# and Flex deployment (the package container) need blob data ownership of the app's own account.
resource "azurerm_role_assignment" "host_storage" {
  scope                = azurerm_storage_account.func.id
  role_definition_name = "Storage Blob Data Owner"
  principal_id         = local.principal_id
  principal_type       = "ServicePrincipal"
}

# keyroll's blob lease needs read/write/lease on the lock container only.
resource "azurerm_role_assignment" "lock_container" {
  scope                = "${azurerm_storage_account.func.id}/blobServices/default/containers/${azurerm_storage_container.locks.name}"
  role_definition_name = "Storage Blob Data Contributor"
  principal_id         = local.principal_id
  principal_type       = "ServicePrincipal"
}
