# Alerting on what the functions log (deployments/gcp-functions/src/logging.ts: LOG_FIELDS,
# FAILED_OUTCOMES, ESCALATION_EVENT; a test compares these filters with the code):
#   - a rotation that failed (rolled back, or needs attention);
#   - the keyroll.escalation line (needs a person now, or a key near its expiry that was not rotated).
locals {
  function_logs = "resource.type=\"cloud_run_revision\" AND resource.labels.service_name=~\"^${var.name}-rotate\""
}

# What is counted and alerted on: one shape, one block each (keys name the metric and the policy).
locals {
  log_alerts = {
    failed_rotations = {
      metric    = "failed-rotations"
      filter    = "${local.function_logs} AND jsonPayload.outcome=(\"rolled_back\" OR \"needs_attention\")"
      title     = "a rotation failed"
      condition = "failed rotations > 0"
      runbook   = "A keyroll rotation of ${var.secret_id} rolled back (the old key still works everywhere; the daily sweep retries) or needs attention (see the log line's message and targets)."
    }
    escalations = {
      metric    = "escalations"
      filter    = "${local.function_logs} AND jsonPayload.event=\"keyroll.escalation\""
      title     = "escalation"
      condition = "keyroll.escalation > 0"
      runbook   = "keyroll needs a person for ${var.secret_id}: a rotation needs attention, or the key is near its expiry and was not rotated."
    }
  }
}

resource "google_logging_metric" "log" {
  for_each = local.log_alerts

  project = var.project_id
  name    = "${var.name}/${each.value.metric}"
  filter  = each.value.filter

  metric_descriptor {
    metric_kind = "DELTA"
    value_type  = "INT64"
    unit        = "1"
  }
}

resource "google_monitoring_alert_policy" "log" {
  for_each = local.log_alerts

  project               = var.project_id
  display_name          = "keyroll (${var.name}): ${each.value.title}"
  combiner              = "OR"
  notification_channels = var.notification_channels

  conditions {
    display_name = each.value.condition
    condition_threshold {
      filter          = "metric.type=\"logging.googleapis.com/user/${google_logging_metric.log[each.key].name}\" AND resource.type=\"cloud_run_revision\""
      comparison      = "COMPARISON_GT"
      threshold_value = 0
      duration        = "0s"
      aggregations {
        alignment_period   = "300s"
        per_series_aligner = "ALIGN_SUM"
      }
    }
  }

  documentation {
    content   = each.value.runbook
    mime_type = "text/markdown"
  }
}

# Earlier versions declared one resource each: move them, so an upgrade recreates nothing.
moved {
  from = google_logging_metric.failed_rotations
  to   = google_logging_metric.log["failed_rotations"]
}

moved {
  from = google_logging_metric.escalations
  to   = google_logging_metric.log["escalations"]
}

moved {
  from = google_monitoring_alert_policy.failed_rotations
  to   = google_monitoring_alert_policy.log["failed_rotations"]
}

moved {
  from = google_monitoring_alert_policy.escalations
  to   = google_monitoring_alert_policy.log["escalations"]
}
