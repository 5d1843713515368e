# A root module: two repositories and a production environment share the Prisma Cloud key, rotated by
# the workflow this module commits to the first repository.
#
#   export GITHUB_TOKEN=...   # a token that may manage secrets, variables, environments and workflows
#   terraform init && terraform apply
#   terraform output -json seed_commands   # then seed the real key once, e.g.
#   gh secret set PRISMA_CLOUD --repo acme/api < prisma-key.json

terraform {
  required_version = ">= 1.5.0"

  required_providers {
    github = {
      source  = "integrations/github"
      version = "~> 6.8.2"
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

output "action_targets" {
  description = "Paste into the workflow's `targets` input."
  value       = module.keyroll_github.action_targets
}

output "seed_commands" {
  value = module.keyroll_github.seed_commands
}
