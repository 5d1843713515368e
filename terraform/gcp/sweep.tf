# The daily sweep: SECRET_ROTATE arrives once per rotation period, so a rotation that rolled back (and was
# acknowledged), a grace period that ends and a key nearing its expiry need a periodic run. Cloud
# Scheduler publishes the sweep message (deployments/gcp-functions SWEEP_MESSAGE) to the events topic;
# the push filter lets it through (no eventType attribute) like an admin message.
locals {
  sweep_message = jsonencode({ action = "sweep" })
}

resource "google_cloud_scheduler_job" "sweep" {
  project     = var.project_id
  region      = var.region
  name        = "${var.name}-sweep"
  description = "keyroll: daily sweep of ${var.secret_id} (retries, grace-period retirement, expiry escalation)"
  schedule    = var.sweep_schedule
  time_zone   = "Etc/UTC"

  pubsub_target {
    topic_name = google_pubsub_topic.events.id
    data       = base64encode(local.sweep_message)
  }
}
