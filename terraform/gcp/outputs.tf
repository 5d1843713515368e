output "secret_id" {
  description = "Full name of the secret (projects/P/secrets/S), as KEYROLL_MANAGED_SECRETS holds it."
  value       = google_secret_manager_secret.credential.id
}

output "seed_command" {
  description = "Adds the first value without putting it in Terraform state; pipe the JSON in on stdin."
  value       = "gcloud secrets versions add ${var.secret_id} --project ${var.project_id} --data-file=-"
}

output "events_topic" {
  description = "Topic Secret Manager publishes to; an admin publishes {\"action\":\"rotate\",...} here for a manual rotation."
  value       = google_pubsub_topic.events.id
}

output "dead_letter_topic" {
  description = "Topic that receives messages whose rotation kept failing."
  value       = google_pubsub_topic.dead_letter.id
}

output "dead_letter_setup_command" {
  description = "delivery = eventarc: the Eventarc-managed subscription cannot be configured in Terraform; run this once after apply to attach the dead-letter topic."
  value = var.delivery != "eventarc" ? "" : join(" ", [
    "SUB=$(gcloud eventarc triggers describe ${try(google_cloudfunctions2_function.event.event_trigger[0].trigger, "")} --location ${var.region} --project ${var.project_id} --format='value(transport.pubsub.subscription)')",
    "&& gcloud pubsub subscriptions update \"$SUB\" --dead-letter-topic ${google_pubsub_topic.dead_letter.id} --max-delivery-attempts ${var.max_delivery_attempts}",
    "&& gcloud pubsub subscriptions add-iam-policy-binding \"$SUB\" --member ${local.pubsub_agent} --role roles/pubsub.subscriber",
  ])
}

output "function_service_account" {
  description = "Identity of the functions (the custom rotator role on the secret, nothing else; admin mode adds secretAccessor on the admin key)."
  value       = google_service_account.function.email
}

output "event_function" {
  description = "Name of the CloudEvent function."
  value       = google_cloudfunctions2_function.event.name
}

output "http_function_uri" {
  description = "URL of the HTTP function (IAM invokers only); call it with an identity token."
  value       = var.enable_http_function ? google_cloudfunctions2_function.http[0].service_config[0].uri : ""
}
