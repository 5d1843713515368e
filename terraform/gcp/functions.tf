# Source: the folder built by deployments/gcp-functions/build.mjs (index.js + package.json). The object
# name carries the content hash, so a new build redeploys.
data "archive_file" "source" {
  type        = "zip"
  source_dir  = var.source_dir
  output_path = "${path.root}/.terraform/tmp/${var.name}-gcp-functions.zip"
}

resource "google_storage_bucket" "source" {
  project                     = var.project_id
  name                        = "${var.project_id}-${var.name}-source"
  location                    = var.region
  uniform_bucket_level_access = true
  public_access_prevention    = "enforced"
  labels                      = local.labels
}

resource "google_storage_bucket_object" "source" {
  bucket = google_storage_bucket.source.name
  name   = "gcp-functions-${data.archive_file.source.output_md5}.zip"
  source = data.archive_file.source.output_path
}

locals {
  # Values from deployments/gcp-functions/src/app.ts (ENTRY_POINTS).
  event_entry_point = "keyrollRotateOnEvent"
  http_entry_point  = "keyrollRotateHttp"
}

# The CloudEvent function: Secret Manager → topic → (Eventarc trigger | push subscription) → here.
resource "google_cloudfunctions2_function" "event" {
  project     = var.project_id
  location    = var.region
  name        = "${var.name}-rotate"
  description = "keyroll: rotates the Prisma Cloud access key in ${var.secret_id} on SECRET_ROTATE"
  labels      = local.labels

  build_config {
    runtime     = var.runtime
    entry_point = local.event_entry_point
    source {
      storage_source {
        bucket = google_storage_bucket.source.name
        object = google_storage_bucket_object.source.name
      }
    }
  }

  service_config {
    service_account_email = google_service_account.function.email
    environment_variables = local.function_env
    dynamic "secret_environment_variables" {
      for_each = local.notify_secret_env
      content {
        key        = secret_environment_variables.key
        project_id = var.project_id
        secret     = secret_environment_variables.value
        version    = "latest"
      }
    }
    # Pub/Sub and Eventarc deliveries count as internal traffic.
    ingress_settings               = "ALLOW_INTERNAL_ONLY"
    all_traffic_on_latest_revision = true
    available_memory               = "256M"
    # A rotation waits for key propagation; the engine's lock lease (15 min) outlasts this.
    timeout_seconds    = 300
    max_instance_count = 3
  }

  # An instance reads the notify secrets when it starts: the grant comes first.
  depends_on = [google_secret_manager_secret_iam_member.function_notify_accessor]

  # Eventarc delivery. RETRY_POLICY_RETRY: without it a failed rotation is acknowledged and lost (the
  # platform logs 200); with it a rolled-back rotation (the function throws) is redelivered with backoff.
  dynamic "event_trigger" {
    for_each = var.delivery == "eventarc" ? [1] : []
    content {
      trigger_region        = var.region
      event_type            = "google.cloud.pubsub.topic.v1.messagePublished"
      pubsub_topic          = google_pubsub_topic.events.id
      retry_policy          = "RETRY_POLICY_RETRY"
      service_account_email = google_service_account.trigger.email
    }
  }
}

# Manual rotations over HTTP; no public access: only var.http_invokers hold run.invoker.
resource "google_cloudfunctions2_function" "http" {
  count       = var.enable_http_function ? 1 : 0
  project     = var.project_id
  location    = var.region
  name        = "${var.name}-rotate-http"
  description = "keyroll: manual rotation of ${var.secret_id} (POST {secret, force?, dryRun?})"
  labels      = local.labels
  depends_on  = [google_secret_manager_secret_iam_member.function_notify_accessor]

  build_config {
    runtime     = var.runtime
    entry_point = local.http_entry_point
    source {
      storage_source {
        bucket = google_storage_bucket.source.name
        object = google_storage_bucket_object.source.name
      }
    }
  }

  service_config {
    service_account_email          = google_service_account.function.email
    environment_variables          = local.function_env
    ingress_settings               = "ALLOW_ALL"
    all_traffic_on_latest_revision = true
    available_memory               = "256M"
    timeout_seconds                = 300
    max_instance_count             = 1
    dynamic "secret_environment_variables" {
      for_each = local.notify_secret_env
      content {
        key        = secret_environment_variables.key
        project_id = var.project_id
        secret     = secret_environment_variables.value
        version    = "latest"
      }
    }
  }
}
