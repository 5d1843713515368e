terraform {
  required_version = ">= 1.5.0"

  required_providers {
    github = {
      source = "integrations/github"
      # 6.12 or later 6.x, on purpose (README: "Provider version"). From 6.11 the provider detects a secret
      # changed outside Terraform by its `remote_updated_at` and writes the configured placeholder back
      # over the live key, unless `remote_updated_at` is in ignore_changes (as here); that attribute does not
      # exist before 6.11, so older providers cannot load this module. 6.12 added `value`.
      version = "~> 6.12"
    }
  }
}
