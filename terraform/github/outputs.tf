output "secret_names" {
  description = "The managed secret name(s): one for json/checkov, the access key id and secret key names for pair."
  value       = local.secret_names
}

output "metadata_variable_name" {
  description = "The Actions variable where keyroll keeps the rotation metadata of each target."
  value       = local.metadata_variable_name
}

output "action_targets" {
  description = "The managed targets in the Action's `targets` grammar, one per line: paste into the workflow."
  value = join("\n", concat(
    [for r in var.repositories : "repo:${var.owner}/${r}:${join(",", local.secret_names)}"],
    [for e in var.environments : "env:${var.owner}/${e.repository}:${e.environment}:${join(",", local.secret_names)}"],
    # No visibility in the org target: Terraform owns the secret's access, keyroll keeps it as it is.
    var.organization_secret == null ? [] : ["org:${var.owner}:${join(",", local.secret_names)}"],
  ))
}

output "seed_commands" {
  description = "Commands that put the real current key into each secret (reading it from standard input), so it never enters Terraform state. For pair, set the access key id and the secret key secrets separately."
  value = flatten([
    for name in local.secret_names : concat(
      [for r in var.repositories : "gh secret set ${name} --repo ${var.owner}/${r}"],
      [for e in var.environments : "gh secret set ${name} --repo ${var.owner}/${e.repository} --env ${e.environment}"],
      # The same access Terraform gave the placeholder: gh sets visibility (and, for selected, the whole
      # repository list) on every write, and refuses --visibility selected without --repos.
      var.organization_secret == null ? [] : [join(" ", compact([
        "gh secret set ${name} --org ${var.owner} --visibility ${var.organization_secret.visibility}",
        local.org_selected ? "--repos ${join(",", local.org_selected_repositories)}" : "",
      ]))],
    )
  ])
}
