variable "owner" {
  description = "The GitHub organization (or user) that owns the repositories; the same as the provider's `owner`."
  type        = string
}

variable "format" {
  description = "How keyroll lays the key out in the secrets: json (one JSON secret), pair (access key id and secret key in two secrets) or checkov (one `<id>::<secret>` secret). Must match the Action's `format` input."
  type        = string
  default     = "json"

  validation {
    condition     = contains(["json", "pair", "checkov"], var.format)
    error_message = "format must be json, pair or checkov."
  }
}

variable "secret_name" {
  description = "Name of the secret for the json and checkov formats."
  type        = string
  default     = "PRISMA_CLOUD"

  validation {
    condition     = can(regex("^[A-Za-z_][A-Za-z0-9_]*$", var.secret_name)) && !startswith(upper(var.secret_name), "GITHUB_")
    error_message = "secret_name: letters, digits and _ only, no leading digit, no GITHUB_ prefix."
  }
}

variable "pair_secret_names" {
  description = "Names of the two secrets for the pair format: the access key id, then the secret key."
  type = object({
    access_key_id = string
    secret_key    = string
  })
  default = {
    access_key_id = "PRISMA_ACCESS_KEY_ID"
    secret_key    = "PRISMA_SECRET_KEY"
  }
}

variable "repositories" {
  description = "Repositories (names, under the provider's owner) that get the managed repository secret(s) and metadata variable."
  type        = list(string)
  default     = []
}

variable "environments" {
  description = "Repository environments that get the managed environment secret(s) and metadata variable."
  type = list(object({
    repository  = string
    environment = string
  }))
  default = []
}

variable "create_environments" {
  description = "Create the environments listed in `environments` (github_repository_environment). Leave false when they already exist."
  type        = bool
  default     = false
}

variable "organization_secret" {
  description = "Also manage an organization secret (and organization metadata variable) with this access control: visibility all, private or selected; for selected, the repositories (names under `owner`) that may read it. null = none."
  type = object({
    visibility            = string
    selected_repositories = optional(list(string), [])
  })
  default = null

  validation {
    condition     = var.organization_secret == null || contains(["all", "private", "selected"], try(var.organization_secret.visibility, ""))
    error_message = "organization_secret.visibility must be all, private or selected."
  }

  validation {
    # gh secret set --visibility selected needs --repos (the seeding command), and only selected takes a list.
    condition = var.organization_secret == null || (
      try(var.organization_secret.visibility, "") == "selected"
      ? length(try(var.organization_secret.selected_repositories, [])) > 0
      : length(try(var.organization_secret.selected_repositories, [])) == 0
    )
    error_message = "organization_secret.selected_repositories: required (at least one) with visibility selected, and only then."
  }
}

variable "create_secret_placeholders" {
  description = "Create the secrets with a placeholder value. Terraform never manages the value afterwards (keyroll rotates it). Set false to create only the metadata variables and seed the secrets with `gh secret set`."
  type        = bool
  default     = true
}

variable "placeholder_api_url" {
  description = "API URL written into the json placeholder. The placeholder is not a working key; seed the real one with `gh secret set`."
  type        = string
  default     = "https://api.prismacloud.io"
}

variable "workflow" {
  description = "Optionally commit the rotation workflow to a repository (github_repository_file). The provider's token then needs the Workflows permission. null = do not manage the workflow."
  type = object({
    repository     = string
    content        = string
    path           = optional(string, ".github/workflows/keyroll-rotate.yml")
    branch         = optional(string)
    commit_message = optional(string, "Add the keyroll key rotation workflow")
  })
  default = null
}
