terraform {
  required_version = ">= 1.5.0"

  required_providers {
    github = {
      source = "integrations/github"
      # Pinned on purpose. How this provider treats a secret changed outside Terraform has changed several
      # times (recreate on drift; `destroy_on_drift` added in 6.7.2, reverted, re-added, and later
      # deprecated). 6.8.x with `destroy_on_drift = false` plus `ignore_changes` leaves a rotated value
      # alone. Before widening this, check that `terraform plan` after a rotation shows no change to the
      # secrets: an update would write the placeholder over the live key.
      version = "~> 6.8.2"
    }
  }
}
