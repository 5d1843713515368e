output "function_app_name" {
  description = "Name of the Function App (for `func azure functionapp publish`)."
  value       = azurerm_function_app_flex_consumption.this.name
}

output "function_app_id" {
  description = "Resource id of the Function App."
  value       = azurerm_function_app_flex_consumption.this.id
}

output "function_app_hostname" {
  description = "Default host name of the Function App."
  value       = azurerm_function_app_flex_consumption.this.default_hostname
}

output "rotate_url" {
  description = "Manual rotation endpoint: POST {\"vault\",\"secret\",\"force\"?,\"dryRun\"?} with a function key (x-functions-key header)."
  value       = "https://${azurerm_function_app_flex_consumption.this.default_hostname}/api/rotate"
}

output "principal_id" {
  description = "Object id of the Function App's system-assigned identity (the rotator role on the managed secrets, the lister role on the vault, blob roles on its storage)."
  value       = azurerm_function_app_flex_consumption.this.identity[0].principal_id
}

output "event_subscription_id" {
  description = "Id of the Event Grid subscription, or null while create_event_subscription is false."
  value       = one(azurerm_eventgrid_system_topic_event_subscription.rotate[*].id)
}

output "system_topic_name" {
  description = "Event Grid system topic on the vault."
  value       = local.system_topic_name
}

output "dead_letter_container" {
  description = "Storage account and container where undeliverable events land."
  value       = "${azurerm_storage_account.func.name}/${azurerm_storage_container.dead_letter.name}"
}

output "application_insights_name" {
  description = "Application Insights resource with the function logs and keyroll's audit records (traces)."
  value       = azurerm_application_insights.this.name
}

output "lock_container" {
  description = "Storage account and container of the rotation lock blobs (one per managed secret; metadata names the holder)."
  value       = "${azurerm_storage_account.func.name}/${azurerm_storage_container.locks.name}"
}

output "action_group_id" {
  description = "Action group of the alert rules, or null when alerts_enabled is false."
  value       = one(azurerm_monitor_action_group.this[*].id)
}
