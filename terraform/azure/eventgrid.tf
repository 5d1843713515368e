# Key Vault → Event Grid → the function: near-expiry and expired events for the managed secrets, with
# retries and a dead-letter container so a lost delivery leaves evidence (the hourly sweep still acts).

locals {
  # The Event Grid trigger's function name (deployments/azure-functions/src/names.ts, FUNCTION_NAMES).
  event_function_name = "keyrollKeyVaultEvent"
  # The event types the function handles (deployments/azure-functions/src/events.ts, EVENT_TYPES).
  event_types = [
    "Microsoft.KeyVault.SecretNearExpiry",
    "Microsoft.KeyVault.SecretExpired",
  ]
  dead_letter_container = "keyroll-deadletter"
  # Azure allows one system topic per vault: create it, or use the one the vault already has.
  system_topic_name           = var.existing_system_topic_name != "" ? var.existing_system_topic_name : azurerm_eventgrid_system_topic.key_vault[0].name
  system_topic_resource_group = var.existing_system_topic_name != "" ? coalesce(var.existing_system_topic_resource_group, var.resource_group_name) : var.resource_group_name
}

resource "azurerm_storage_container" "dead_letter" {
  name                  = local.dead_letter_container
  storage_account_id    = azurerm_storage_account.func.id
  container_access_type = "private"
}

resource "azurerm_eventgrid_system_topic" "key_vault" {
  count = var.existing_system_topic_name == "" ? 1 : 0

  name                = "${var.name}-kv-events"
  resource_group_name = var.resource_group_name
  location            = coalesce(var.key_vault_location, var.location)
  source_resource_id  = var.key_vault_id
  topic_type          = "Microsoft.KeyVault.vaults"
  tags                = var.tags

  # Event Grid writes dead letters with the topic's identity (the account has no keys).
  identity {
    type = "SystemAssigned"
  }
}

resource "azurerm_eventgrid_system_topic_event_subscription" "rotate" {
  count = var.create_event_subscription ? 1 : 0

  name                  = "${var.name}-rotate"
  system_topic          = local.system_topic_name
  resource_group_name   = local.system_topic_resource_group
  event_delivery_schema = var.event_delivery_schema
  included_event_types  = local.event_types

  azure_function_endpoint {
    function_id                       = "${azurerm_function_app_flex_consumption.this.id}/functions/${local.event_function_name}"
    max_events_per_batch              = 1
    preferred_batch_size_in_kilobytes = 64
  }

  # Key Vault events carry the secret name as the subject. Tags are not in the event, so "managed" is
  # enforced by the function (keyroll-managed=true, read from metadata before any value); this filter
  # only narrows deliveries when names are given.
  dynamic "advanced_filter" {
    for_each = length(var.managed_secret_names) > 0 ? [1] : []
    content {
      string_in {
        key    = "subject"
        values = var.managed_secret_names
      }
    }
  }

  retry_policy {
    max_delivery_attempts = var.max_delivery_attempts
    event_time_to_live    = var.event_time_to_live
  }

  dead_letter_identity {
    type = "SystemAssigned"
  }

  storage_blob_dead_letter_destination {
    storage_account_id          = azurerm_storage_account.func.id
    storage_blob_container_name = azurerm_storage_container.dead_letter.name
  }

  depends_on = [azurerm_role_assignment.rotator, azurerm_role_assignment.dead_letter_writer]
}

# Dead-lettering with the system topic's identity, on the dead-letter container only.
resource "azurerm_role_assignment" "dead_letter_writer" {
  count = var.existing_system_topic_name == "" ? 1 : 0

  scope                = "${azurerm_storage_account.func.id}/blobServices/default/containers/${azurerm_storage_container.dead_letter.name}"
  role_definition_name = "Storage Blob Data Contributor"
  principal_id         = azurerm_eventgrid_system_topic.key_vault[0].identity[0].principal_id
  principal_type       = "ServicePrincipal"
}
