# Placeholders for the GitHub secrets keyroll rotates, and the Actions variables where keyroll keeps each
# target's rotation metadata (never the secret). Terraform creates them once and then leaves the values
# to keyroll: rotation must never be fought (or undone) by the next `terraform apply`.

locals {
  # The adapter's naming (packages/vault-github/src/scope.ts: metadataVariableName): the first secret's
  # name, upper-case, plus this suffix. The HCL test checks the two agree.
  metadata_variable_suffix = "_KEYROLL"

  secret_names = var.format == "pair" ? [
    var.pair_secret_names.access_key_id,
    var.pair_secret_names.secret_key,
  ] : [var.secret_name]

  metadata_variable_name = "${upper(local.secret_names[0])}${local.metadata_variable_suffix}"

  # What keyroll's adapter reads as "managed by keyroll" (R4).
  metadata_initial_value = jsonencode({ managed = true })

  # Placeholders only: not keys. They are in the state, so they must never be real values.
  placeholders = var.format == "pair" ? {
    (local.secret_names[0]) = "placeholder-access-key-id"
    (local.secret_names[1]) = "placeholder-secret-key"
    } : {
    (local.secret_names[0]) = var.format == "checkov" ? "placeholder::placeholder" : jsonencode({
      apiUrl      = var.placeholder_api_url
      accessKeyId = "placeholder"
      secretKey   = "placeholder"
    })
  }

  repository_secrets = {
    for pair in setproduct(var.repositories, local.secret_names) :
    "${pair[0]}/${pair[1]}" => { repository = pair[0], secret_name = pair[1] }
  }

  environment_keys = { for e in var.environments : "${e.repository}/${e.environment}" => e }

  environment_secrets = {
    for pair in setproduct(var.environments, local.secret_names) :
    "${pair[0].repository}/${pair[0].environment}/${pair[1]}" => {
      repository  = pair[0].repository
      environment = pair[0].environment
      secret_name = pair[1]
    }
  }

  organization_secrets = var.organization_secret == null ? {} : { for name in local.secret_names : name => name }

  org_selected = try(var.organization_secret.visibility, "") == "selected"
  # gh wants repository names (--repos), the API ids: the module takes names and looks the ids up.
  org_selected_repositories = local.org_selected ? var.organization_secret.selected_repositories : []
  org_selected_ids          = local.org_selected ? [for r in local.org_selected_repositories : data.github_repository.org_selected[r].repo_id] : null
}

data "github_repository" "org_selected" {
  for_each = toset(local.org_selected_repositories)

  full_name = "${var.owner}/${each.value}"
}

# --- repository secrets ---------------------------------------------------------------------------

resource "github_actions_secret" "managed" {
  for_each = var.create_secret_placeholders ? local.repository_secrets : {}

  repository  = each.value.repository
  secret_name = each.value.secret_name
  value       = local.placeholders[each.value.secret_name]

  lifecycle {
    # A rotated secret is drift to the provider: from 6.11 it sees a newer `remote_updated_at` and writes
    # the configured value (the placeholder) back over the live key on the next apply. Ignoring
    # `remote_updated_at` is the provider's documented way to leave an externally updated secret alone.
    ignore_changes = [value, plaintext_value, remote_updated_at]
  }
}

resource "github_actions_variable" "metadata" {
  for_each = toset(var.repositories)

  repository    = each.value
  variable_name = local.metadata_variable_name
  value         = local.metadata_initial_value

  lifecycle {
    # keyroll writes key ids, rotation id and expiry here after every rotation.
    ignore_changes = [value]
  }
}

# --- environment secrets --------------------------------------------------------------------------

resource "github_repository_environment" "managed" {
  for_each = var.create_environments ? local.environment_keys : {}

  repository  = each.value.repository
  environment = each.value.environment
}

resource "github_actions_environment_secret" "managed" {
  for_each = var.create_secret_placeholders ? local.environment_secrets : {}

  repository  = each.value.repository
  environment = each.value.environment
  secret_name = each.value.secret_name
  value       = local.placeholders[each.value.secret_name]

  lifecycle {
    ignore_changes = [value, plaintext_value, remote_updated_at]
  }

  depends_on = [github_repository_environment.managed]
}

resource "github_actions_environment_variable" "metadata" {
  for_each = local.environment_keys

  repository    = each.value.repository
  environment   = each.value.environment
  variable_name = local.metadata_variable_name
  value         = local.metadata_initial_value

  lifecycle {
    ignore_changes = [value]
  }

  depends_on = [github_repository_environment.managed]
}

# --- organization secret --------------------------------------------------------------------------

resource "github_actions_organization_secret" "managed" {
  for_each = var.create_secret_placeholders ? local.organization_secrets : {}

  secret_name             = each.value
  visibility              = var.organization_secret.visibility
  selected_repository_ids = local.org_selected_ids
  value                   = local.placeholders[each.value]

  lifecycle {
    # Visibility and the repository list stay Terraform's: keyroll's target for this secret names no
    # visibility (see the action_targets output), so keyroll sends them back unchanged on every write.
    ignore_changes = [value, plaintext_value, remote_updated_at]
  }
}

resource "github_actions_organization_variable" "metadata" {
  count = var.organization_secret == null ? 0 : 1

  variable_name           = local.metadata_variable_name
  visibility              = var.organization_secret.visibility
  selected_repository_ids = local.org_selected_ids
  value                   = local.metadata_initial_value

  lifecycle {
    ignore_changes = [value]
  }
}

# --- the rotation workflow (optional) -------------------------------------------------------------

resource "github_repository_file" "workflow" {
  count = var.workflow == null ? 0 : 1

  repository          = var.workflow.repository
  file                = var.workflow.path
  content             = var.workflow.content
  branch              = var.workflow.branch
  commit_message      = var.workflow.commit_message
  overwrite_on_create = false
}
