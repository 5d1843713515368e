# The function's own identity. It holds one custom role on the one secret, with exactly the permissions
# the rotator calls (packages/vault-gcp-secret-manager ROTATOR_PERMISSIONS; a test compares them):
#   secrets.get, secrets.update       annotations: rotation metadata, the lock lease, request records
#   versions.access, .get, .list      the current value, which version is latest, the first-value check
#   versions.add, versions.disable    the new value; the superseded version (disabled, never destroyed)
# Not roles/secretmanager.secretVersionManager: it also grants versions.destroy (irreversible) and
# versions.enable. secrets.update on this secret also allows changing its labels, topics and rotation
# schedule: that is the least any annotation writer can hold.
resource "google_service_account" "function" {
  project      = var.project_id
  account_id   = "${var.name}-rotator"
  display_name = "keyroll rotator (${var.secret_id})"
  description  = "Runs the keyroll functions; may only read and version ${var.secret_id} and update its annotations."
}

resource "google_project_iam_custom_role" "rotator" {
  project     = var.project_id
  role_id     = "${replace(var.name, "-", "_")}_rotator"
  title       = "keyroll rotator"
  description = "Rotate one secret: read it, add a version, disable the superseded one, update annotations. Never destroy."
  permissions = [
    "secretmanager.secrets.get",
    "secretmanager.secrets.update",
    "secretmanager.versions.access",
    "secretmanager.versions.add",
    "secretmanager.versions.disable",
    "secretmanager.versions.get",
    "secretmanager.versions.list",
  ]
}

resource "google_secret_manager_secret_iam_member" "function_rotator" {
  project   = var.project_id
  secret_id = google_secret_manager_secret.credential.secret_id
  role      = google_project_iam_custom_role.rotator.name
  member    = "serviceAccount:${google_service_account.function.email}"
}

# Admin mode: read the admin key, nothing else.
resource "google_secret_manager_secret_iam_member" "function_admin_key_accessor" {
  count     = var.mode == "admin" ? 1 : 0
  secret_id = var.admin_secret_id
  role      = "roles/secretmanager.secretAccessor"
  member    = "serviceAccount:${google_service_account.function.email}"

  lifecycle {
    precondition {
      condition     = var.admin_secret_id != null
      error_message = "mode = admin needs admin_secret_id."
    }
  }
}

# Notify webhook lists: read the two secrets named in var.notify, nothing else.
resource "google_secret_manager_secret_iam_member" "function_notify_accessor" {
  for_each  = toset(values(local.notify_secret_env))
  project   = var.project_id
  secret_id = each.value
  role      = "roles/secretmanager.secretAccessor"
  member    = "serviceAccount:${google_service_account.function.email}"
}

# The identity Eventarc (or the push subscription) uses to invoke the event function: run.invoker on
# that one function, nothing else.
resource "google_service_account" "trigger" {
  project      = var.project_id
  account_id   = "${var.name}-trigger"
  display_name = "keyroll event delivery"
}

resource "google_cloud_run_service_iam_member" "trigger_invokes" {
  project  = var.project_id
  location = var.region
  service  = google_cloudfunctions2_function.event.name
  role     = "roles/run.invoker"
  member   = "serviceAccount:${google_service_account.trigger.email}"
}

resource "google_cloud_run_service_iam_member" "http_invokers" {
  for_each = var.enable_http_function ? toset(var.http_invokers) : toset([])
  project  = var.project_id
  location = var.region
  service  = google_cloudfunctions2_function.http[0].name
  role     = "roles/run.invoker"
  member   = each.value
}
