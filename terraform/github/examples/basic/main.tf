# A root module: two repositories and a production environment share the Prisma Cloud key, rotated by
# the workflow this module commits to the first repository (acme/api), whose `targets` are exactly these:
#   repo:acme/api:PRISMA_CLOUD, repo:acme/scanner-config:PRISMA_CLOUD, env:acme/web:production:PRISMA_CLOUD
# It also creates the two environments that workflow runs in (deployments/github-action/README.md):
# `keyroll` holds the GitHub App credentials and only the default branch may use it; `keyroll-manual`
# holds nothing and makes manual runs wait for a reviewer.
#
#   export GITHUB_TOKEN=...   # a token that may manage secrets, variables, environments and workflows
#   terraform init && terraform apply
#   terraform output -json seed_commands   # then seed the real key once, e.g.
#   gh secret set PRISMA_CLOUD --repo acme/api < prisma-key.json
#   gh secret set KEYROLL_APP_PRIVATE_KEY --repo acme/api --env keyroll < keyroll-app.private-key.pem

terraform {
  required_version = ">= 1.5.0"

  required_providers {
    github = {
      source  = "integrations/github"
      version = "~> 6.12"
    }
  }
}

variable "owner" {
  description = "The GitHub organization."
  type        = string
  default     = "acme"
}

provider "github" {
  owner = var.owner
}

module "keyroll_github" {
  source = "../.."

  owner        = var.owner
  format       = "json"
  secret_name  = "PRISMA_CLOUD"
  repositories = ["api", "scanner-config"]
  environments = [
    { repository = "web", environment = "production" },
  ]
  create_environments = true

  workflow = {
    repository = "api"
    content    = file("${path.module}/../../../../deployments/github-action/examples/rotate-prisma-key.yml")
  }
}

variable "app_client_id" {
  description = "Client id of the GitHub App that writes the secrets (Secrets and Variables: read and write)."
  type        = string
  default     = "Iv23liEXAMPLE"
}

variable "manual_rotation_reviewer_team_ids" {
  description = "Teams (numeric ids) whose members approve manual rotations in keyroll-manual."
  type        = list(number)
  default     = []
}

data "github_repository" "primary" {
  full_name = "${var.owner}/api"
}

# The App credentials live here. Only the default branch may deploy to it, so a workflow run from any
# other branch never sees them; no reviewers, so scheduled rotations stay unattended.
resource "github_repository_environment" "keyroll" {
  repository  = "api"
  environment = "keyroll"

  deployment_branch_policy {
    protected_branches     = false
    custom_branch_policies = true
  }
}

resource "github_repository_environment_deployment_policy" "keyroll" {
  repository     = "api"
  environment    = github_repository_environment.keyroll.environment
  branch_pattern = data.github_repository.primary.default_branch
}

resource "github_actions_environment_variable" "app_client_id" {
  repository    = "api"
  environment   = github_repository_environment.keyroll.environment
  variable_name = "KEYROLL_APP_CLIENT_ID"
  value         = var.app_client_id
}

# Manual runs wait here for a reviewer before the rotation job starts. It holds no secrets.
resource "github_repository_environment" "keyroll_manual" {
  repository  = "api"
  environment = "keyroll-manual"

  reviewers {
    teams = var.manual_rotation_reviewer_team_ids
  }

  deployment_branch_policy {
    protected_branches     = false
    custom_branch_policies = true
  }
}

resource "github_repository_environment_deployment_policy" "keyroll_manual" {
  repository     = "api"
  environment    = github_repository_environment.keyroll_manual.environment
  branch_pattern = data.github_repository.primary.default_branch
}

output "action_targets" {
  description = "Paste into the workflow's `targets` input."
  value       = module.keyroll_github.action_targets
}

output "seed_commands" {
  value = module.keyroll_github.seed_commands
}
