# Failing loudly: an action group (email and/or webhook) and three alert rules — events Event Grid
# dead-lettered, function executions that failed, and keyroll.escalation (a rotation that keeps failing
# while the key nears expiry; the sweep also fails its run then).

locals {
  alerts_enabled = var.alerts_enabled
  # Where dead-lettered deliveries are counted: the system topic this module created, or the existing one.
  system_topic_id = var.existing_system_topic_name != "" ? "/subscriptions/${split("/", var.key_vault_id)[2]}/resourceGroups/${local.system_topic_resource_group}/providers/Microsoft.EventGrid/systemTopics/${var.existing_system_topic_name}" : azurerm_eventgrid_system_topic.key_vault[0].id
}

resource "azurerm_monitor_action_group" "this" {
  count = local.alerts_enabled ? 1 : 0

  name                = "${var.name}-alerts"
  resource_group_name = var.resource_group_name
  short_name          = substr(replace(var.name, "-", ""), 0, 12)
  tags                = var.tags

  dynamic "email_receiver" {
    for_each = var.alert_emails
    content {
      name                    = "email-${email_receiver.key}"
      email_address           = email_receiver.value
      use_common_alert_schema = true
    }
  }

  dynamic "webhook_receiver" {
    for_each = var.alert_webhook_url == "" ? [] : [var.alert_webhook_url]
    content {
      name                    = "webhook"
      service_uri             = webhook_receiver.value
      use_common_alert_schema = true
    }
  }
}

resource "azurerm_monitor_metric_alert" "dead_lettered" {
  count = local.alerts_enabled ? 1 : 0

  name                = "${var.name}-dead-lettered"
  resource_group_name = var.resource_group_name
  scopes              = [local.system_topic_id]
  description         = "Event Grid dead-lettered a Key Vault event for keyroll: see the keyroll-deadletter container."
  severity            = 1
  frequency           = "PT15M"
  window_size         = "PT1H"
  tags                = var.tags

  criteria {
    metric_namespace = "Microsoft.EventGrid/systemTopics"
    metric_name      = "DeadLetteredCount"
    aggregation      = "Total"
    operator         = "GreaterThan"
    threshold        = 0
  }

  action {
    action_group_id = azurerm_monitor_action_group.this[0].id
  }
}

# Log-query rules: one shape, one block. Keys name the rule (`<name>-<key>` with dashes).
locals {
  log_alert_rules = {
    failed_executions = {
      description = "A keyroll function execution failed (needs attention, lock held on redelivery, escalation or an unexpected error)."
      severity    = 1
      query       = "requests | where cloud_RoleName =~ '${local.function_app_name}' and success == false"
    }
    escalation = {
      description = "keyroll.escalation: a rotation keeps failing while the key is overdue or expires soon."
      severity    = 0
      query       = "traces | where cloud_RoleName =~ '${local.function_app_name}' and message has '${local.escalation_event}'"
    }
  }
}

resource "azurerm_monitor_scheduled_query_rules_alert_v2" "log" {
  for_each = local.alerts_enabled ? local.log_alert_rules : {}

  name                 = "${var.name}-${replace(each.key, "_", "-")}"
  resource_group_name  = var.resource_group_name
  location             = var.location
  scopes               = [azurerm_application_insights.this.id]
  description          = each.value.description
  severity             = each.value.severity
  evaluation_frequency = "PT15M"
  window_duration      = "PT1H"
  tags                 = var.tags

  criteria {
    query                   = each.value.query
    time_aggregation_method = "Count"
    operator                = "GreaterThan"
    threshold               = 0
  }

  action {
    action_groups = [azurerm_monitor_action_group.this[0].id]
  }
}

# Earlier versions declared one resource per rule: move them, so an upgrade recreates nothing.
moved {
  from = azurerm_monitor_scheduled_query_rules_alert_v2.failed_executions[0]
  to   = azurerm_monitor_scheduled_query_rules_alert_v2.log["failed_executions"]
}

moved {
  from = azurerm_monitor_scheduled_query_rules_alert_v2.escalation[0]
  to   = azurerm_monitor_scheduled_query_rules_alert_v2.log["escalation"]
}

locals {
  # The structured log line the sweep writes when an escalation fires (deployments/azure-functions).
  escalation_event = "keyroll.escalation"
}
