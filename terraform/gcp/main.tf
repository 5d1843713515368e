data "google_project" "this" {
  project_id = var.project_id
}

locals {
  labels = merge(var.labels, { "managed-by" = "keyroll" })

  # Every variable the functions read (deployments/gcp-functions/src/config.ts, ENV). Unset = "".
  function_env = {
    KEYROLL_MODE            = var.mode
    KEYROLL_MANAGED_SECRETS = google_secret_manager_secret.credential.id
    # The function's own project, both forms: notifications name secrets by number, the list by id, and a
    # same-named secret of any other project is never rotated.
    KEYROLL_PROJECT_ID     = var.project_id
    KEYROLL_PROJECT_NUMBER = data.google_project.this.number
    # Due once a rotation period has passed, so the daily sweep retries a rotation that was acknowledged
    # after rolling back.
    KEYROLL_ROTATE_AFTER_DAYS   = tostring(var.rotation_period_days)
    KEYROLL_ADMIN_SECRET        = var.admin_secret_id == null ? "" : var.admin_secret_id
    KEYROLL_SERVICE_ACCOUNT     = var.service_account_name
    KEYROLL_ALLOWED_API_ORIGINS = join(",", var.allowed_api_origins)
    KEYROLL_ROTATE_NEW_SECRETS  = tostring(var.rotate_new_secrets)
    KEYROLL_VALIDITY_DAYS       = tostring(var.validity_days)
    KEYROLL_MIN_AGE_HOURS       = tostring(var.min_age_hours)
    KEYROLL_GRACE_HOURS         = tostring(var.grace_hours)
    # Usage-aware retirement within the grace ("" = wait for the whole grace); the daily sweep applies it.
    KEYROLL_RETIRE_WHEN_UNUSED_MINUTES = var.retire_when_unused_minutes == null ? "" : tostring(var.retire_when_unused_minutes)
    KEYROLL_LOG_LEVEL                  = var.log_level
    # keyroll.yaml for the sweep (gs://<bucket>/<object>); "" = only the managed secret above.
    KEYROLL_CONFIG = var.fleet_config
    # The webhook lists are secrets (secret_environment_variables below); this knob is not.
    KEYROLL_NOTIFY_ON_SUCCESS = tostring(var.notify.on_success)
    # A small young generation keeps a rotation under 128 MiB (GCP_NODE_OPTIONS in deployments/gcp-functions).
    NODE_OPTIONS = "--max-semi-space-size=4"
  }

  # Secret Manager secrets exposed to both functions as environment variables (the names the code reads).
  notify_secret_env = {
    for k, v in {
      KEYROLL_NOTIFY_WEBHOOKS = var.notify.webhooks_secret_id
      KEYROLL_EVENT_WEBHOOKS  = var.notify.event_webhooks_secret_id
    } : k => v if v != null
  }
}

# Secret Manager publishes SECRET_ROTATE (and every other change of the secret) here.
resource "google_pubsub_topic" "events" {
  project = var.project_id
  name    = "${var.name}-secret-events"
  labels  = local.labels
}

# The Secret Manager service agent may not exist until something asks for it.
resource "google_project_service_identity" "secretmanager" {
  provider = google-beta
  project  = var.project_id
  service  = "secretmanager.googleapis.com"
}

resource "google_pubsub_topic_iam_member" "secretmanager_publishes" {
  project = var.project_id
  topic   = google_pubsub_topic.events.name
  role    = "roles/pubsub.publisher"
  member  = "serviceAccount:${google_project_service_identity.secretmanager.email}"
}

# The secret and its schedule, never its value: no secret material in state. Seed the first version
# with `gcloud secrets versions add` (README).
resource "google_secret_manager_secret" "credential" {
  project   = var.project_id
  secret_id = var.secret_id

  # The managed mark the rotator checks (labels cannot hold the rotation metadata; annotations do).
  labels = merge(local.labels, { "keyroll-managed" = "true" })

  replication {
    auto {}
  }

  topics {
    name = google_pubsub_topic.events.id
  }

  rotation {
    rotation_period    = "${var.rotation_period_days * 86400}s"
    next_rotation_time = var.next_rotation_time
  }

  lifecycle {
    ignore_changes = [
      # Secret Manager moves next_rotation_time forward after every SECRET_ROTATE; resetting it would
      # schedule a rotation in the past.
      rotation[0].next_rotation_time,
      # The rotator keeps its metadata and its lock lease (keyroll-*) in annotations.
      annotations,
    ]
  }

  # Setting topics fails unless the service agent can already publish to them.
  depends_on = [google_pubsub_topic_iam_member.secretmanager_publishes]
}
