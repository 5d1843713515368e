# The function's own identity. It holds exactly these roles, all on the one secret:
#   roles/secretmanager.secretAccessor       read the current value (AccessSecretVersion)
#   roles/secretmanager.secretVersionManager add the new version, disable the superseded one
#   <name>SecretAnnotator (custom)           secrets.get + secrets.update: rotation metadata and the
#                                            lock lease live in the secret's annotations
# No predefined role has secrets.update without much more (roles/secretmanager.admin also grants
# setIamPolicy and delete), hence the two-permission custom role. secrets.update on this secret also
# allows changing its labels, topics and rotation schedule: that is the least any annotation writer gets.
resource "google_service_account" "function" {
  project      = var.project_id
  account_id   = "${var.name}-rotator"
  display_name = "keyroll rotator (${var.secret_id})"
  description  = "Runs the keyroll functions; may only read and version ${var.secret_id} and update its annotations."
}

resource "google_project_iam_custom_role" "secret_annotator" {
  project     = var.project_id
  role_id     = "${replace(var.name, "-", "_")}_secret_annotator"
  title       = "keyroll secret annotator"
  description = "Read a secret and update its annotations (rotation metadata and the rotation lock)."
  permissions = ["secretmanager.secrets.get", "secretmanager.secrets.update"]
}

resource "google_secret_manager_secret_iam_member" "function_accessor" {
  project   = var.project_id
  secret_id = google_secret_manager_secret.credential.secret_id
  role      = "roles/secretmanager.secretAccessor"
  member    = "serviceAccount:${google_service_account.function.email}"
}

resource "google_secret_manager_secret_iam_member" "function_version_manager" {
  project   = var.project_id
  secret_id = google_secret_manager_secret.credential.secret_id
  role      = "roles/secretmanager.secretVersionManager"
  member    = "serviceAccount:${google_service_account.function.email}"
}

resource "google_secret_manager_secret_iam_member" "function_annotator" {
  project   = var.project_id
  secret_id = google_secret_manager_secret.credential.secret_id
  role      = google_project_iam_custom_role.secret_annotator.name
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
