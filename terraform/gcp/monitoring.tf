# Alerting on what the functions log (deployments/gcp-functions/src/logging.ts: LOG_FIELDS,
# FAILED_OUTCOMES, ESCALATION_EVENT; a test compares these filters with the code):
#   - a rotation that failed (rolled back, or needs attention);
#   - the keyroll.escalation line (needs a person now, or a key near its expiry that was not rotated).
locals {
  function_logs = "resource.type=\"cloud_run_revision\" AND resource.labels.service_name=~\"^${var.name}-rotate\""
}

resource "google_logging_metric" "failed_rotations" {
  project = var.project_id
  name    = "${var.name}/failed-rotations"
  filter  = "${local.function_logs} AND jsonPayload.outcome=(\"rolled_back\" OR \"needs_attention\")"

  metric_descriptor {
    metric_kind = "DELTA"
    value_type  = "INT64"
    unit        = "1"
  }
}

resource "google_logging_metric" "escalations" {
  project = var.project_id
  name    = "${var.name}/escalations"
  filter  = "${local.function_logs} AND jsonPayload.event=\"keyroll.escalation\""

  metric_descriptor {
    metric_kind = "DELTA"
    value_type  = "INT64"
    unit        = "1"
  }
}

resource "google_monitoring_alert_policy" "failed_rotations" {
  project               = var.project_id
  display_name          = "keyroll (${var.name}): a rotation failed"
  combiner              = "OR"
  notification_channels = var.notification_channels

  conditions {
    display_name = "failed rotations > 0"
    condition_threshold {
      filter          = "metric.type=\"logging.googleapis.com/user/${google_logging_metric.failed_rotations.name}\" AND resource.type=\"cloud_run_revision\""
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
    content   = "A keyroll rotation of ${var.secret_id} rolled back (the old key still works everywhere; the daily sweep retries) or needs attention (see the log line's message and targets)."
    mime_type = "text/markdown"
  }
}

resource "google_monitoring_alert_policy" "escalations" {
  project               = var.project_id
  display_name          = "keyroll (${var.name}): escalation"
  combiner              = "OR"
  notification_channels = var.notification_channels

  conditions {
    display_name = "keyroll.escalation > 0"
    condition_threshold {
      filter          = "metric.type=\"logging.googleapis.com/user/${google_logging_metric.escalations.name}\" AND resource.type=\"cloud_run_revision\""
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
    content   = "keyroll needs a person for ${var.secret_id}: a rotation needs attention, or the key is near its expiry and was not rotated."
    mime_type = "text/markdown"
  }
}
