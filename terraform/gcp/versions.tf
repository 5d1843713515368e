terraform {
  required_version = ">= 1.5"

  required_providers {
    google = {
      # 5.x: google_cloudfunctions2_function event_trigger.retry_policy, secret annotations that are
      # non-authoritative (effective_annotations), Secret Manager rotation + topics.
      source  = "hashicorp/google"
      version = ">= 5.12, < 8.0"
    }
    google-beta = {
      # google_project_service_identity (the Secret Manager service agent) exists only in google-beta.
      source  = "hashicorp/google-beta"
      version = ">= 5.12, < 8.0"
    }
    archive = {
      source  = "hashicorp/archive"
      version = ">= 2.4"
    }
  }
}
