# Key Vault → Event Grid → the function: near-expiry and expired events for the managed secrets, with
# retries and a dead-letter container so a lost delivery leaves evidence (the daily sweep still acts).

locals {
  # The Event Grid trigger's function name (deployments/azure-functions/src/names.ts, FUNCTION_NAMES).
  event_function_name = "keyrollKeyVaultEvent"
  # The event types the function handles (deployments/azure-functions/src/events.ts, EVENT_TYPES).
  event_types = [
    "Microsoft.KeyVault.SecretNearExpiry",
    "Microsoft.KeyVault.SecretExpired",
  ]
  dead_letter_container = "keyroll-deadletter"
}

resource "azurerm_storage_container" "dead_letter" {
  name                  = local.dead_letter_container
  storage_account_id    = azurerm_storage_account.func.id
  container_access_type = "private"
}

resource "azurerm_eventgrid_system_topic" "key_vault" {
  name                = "${var.name}-kv-events"
  resource_group_name = var.resource_group_name
  location            = coalesce(var.key_vault_location, var.location)
  source_resource_id  = var.key_vault_id
  topic_type          = "Microsoft.KeyVault.vaults"
  tags                = var.tags
}

resource "azurerm_eventgrid_system_topic_event_subscription" "rotate" {
  count = var.create_event_subscription ? 1 : 0

  name                  = "${var.name}-rotate"
  system_topic          = azurerm_eventgrid_system_topic.key_vault.name
  resource_group_name   = var.resource_group_name
  event_delivery_schema = var.event_delivery_schema
  included_event_types  = local.event_types

  azure_function_endpoint {
    function_id                       = "${azurerm_linux_function_app.this.id}/functions/${local.event_function_name}"
    max_events_per_batch              = 1
    preferred_batch_size_in_kilobytes = 64
  }

  # Key Vault events carry the secret name as the subject. Tags are not in the event, so "managed" is
  # enforced by the function (keyroll-managed=true); this filter only narrows deliveries when names are given.
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

  storage_blob_dead_letter_destination {
    storage_account_id          = azurerm_storage_account.func.id
    storage_blob_container_name = azurerm_storage_container.dead_letter.name
  }

  depends_on = [azurerm_role_assignment.secrets_officer]
}
