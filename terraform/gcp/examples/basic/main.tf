# A root module: enables the APIs and deploys keyroll for one secret in self mode.
#   node deployments/gcp-functions/build.mjs
#   terraform -chdir=terraform/gcp/examples/basic init && terraform -chdir=… apply
#   then seed the value: see terraform/gcp/README.md

terraform {
  required_version = ">= 1.5"
  required_providers {
    google = {
      source  = "hashicorp/google"
      version = ">= 5.12, < 8.0"
    }
    google-beta = {
      source  = "hashicorp/google-beta"
      version = ">= 5.12, < 8.0"
    }
  }
}

variable "project_id" {
  description = "Project to deploy into."
  type        = string
}

variable "region" {
  description = "Region of the functions."
  type        = string
  default     = "europe-west1"
}

provider "google" {
  project = var.project_id
  region  = var.region
}

provider "google-beta" {
  project = var.project_id
  region  = var.region
}

variable "notification_channels" {
  description = "Cloud Monitoring notification channel ids for keyroll's alerts."
  type        = list(string)
  default     = []
}

resource "google_project_service" "apis" {
  for_each = toset([
    "secretmanager.googleapis.com",
    "pubsub.googleapis.com",
    "cloudfunctions.googleapis.com",
    "run.googleapis.com",
    "eventarc.googleapis.com",
    "cloudbuild.googleapis.com",
    "artifactregistry.googleapis.com",
    "iam.googleapis.com",
    "cloudscheduler.googleapis.com", # the daily sweep
    "logging.googleapis.com",        # log-based metrics
    "monitoring.googleapis.com",     # alert policies
  ])
  project            = var.project_id
  service            = each.value
  disable_on_destroy = false
}

module "keyroll" {
  source = "../.."

  project_id           = var.project_id
  region               = var.region
  secret_id            = "prisma-cloud-ci-key"
  rotation_period_days = 30
  next_rotation_time   = "2026-07-01T09:00:00Z"
  source_dir           = "${path.root}/../../../../deployments/gcp-functions/dist"
  http_invokers        = ["group:secops@example.com"]
  # e.g. an e-mail channel: gcloud beta monitoring channels create --type=email ...
  notification_channels = var.notification_channels

  depends_on = [google_project_service.apis]
}

output "seed_command" {
  value = module.keyroll.seed_command
}

output "dead_letter_setup_command" {
  value = module.keyroll.dead_letter_setup_command
}
