# Where messages go after max_delivery_attempts failed deliveries (rolled-back rotations that kept
# failing): inspect them, fix the cause, and publish an admin message to rotate.
resource "google_pubsub_topic" "dead_letter" {
  project                    = var.project_id
  name                       = "${var.name}-secret-events-dead-letter"
  labels                     = local.labels
  message_retention_duration = "604800s"
}

# A subscription so dead letters are kept (a topic without subscriptions drops messages).
resource "google_pubsub_subscription" "dead_letter" {
  project                    = var.project_id
  name                       = "${var.name}-secret-events-dead-letter"
  topic                      = google_pubsub_topic.dead_letter.id
  message_retention_duration = "604800s"
  labels                     = local.labels

  # Never expire: the default deletes a subscription after 31 days without traffic, and with it every
  # dead letter it kept.
  expiration_policy {
    ttl = ""
  }
}

locals {
  pubsub_agent = "serviceAccount:service-${data.google_project.this.number}@gcp-sa-pubsub.iam.gserviceaccount.com"
}

# Pub/Sub's service agent moves a message to the dead-letter topic.
resource "google_pubsub_topic_iam_member" "pubsub_agent_dead_letters" {
  project = var.project_id
  topic   = google_pubsub_topic.dead_letter.name
  role    = "roles/pubsub.publisher"
  member  = local.pubsub_agent
}

# delivery = "push": this module's own subscription pushes to the event function with an OIDC token of
# the trigger identity, retries with exponential backoff and dead-letters after max_delivery_attempts.
resource "google_pubsub_subscription" "push" {
  count                      = var.delivery == "push" ? 1 : 0
  project                    = var.project_id
  name                       = "${var.name}-secret-events-push"
  topic                      = google_pubsub_topic.events.id
  ack_deadline_seconds       = 300
  message_retention_duration = "86400s"
  labels                     = local.labels

  # Only what the function acts on: SECRET_ROTATE, SECRET_VERSION_ADD and admin messages (no eventType).
  # The rotator's own changes (SECRET_UPDATE, SECRET_VERSION_DISABLE, …) never invoke it.
  filter = "attributes.eventType = \"SECRET_ROTATE\" OR attributes.eventType = \"SECRET_VERSION_ADD\" OR NOT attributes:eventType"

  push_config {
    # The topic path lets the functions-framework name the topic in the CloudEvent it builds.
    push_endpoint = "${google_cloudfunctions2_function.event.service_config[0].uri}/${google_pubsub_topic.events.id}"
    oidc_token {
      service_account_email = google_service_account.trigger.email
    }
  }

  retry_policy {
    minimum_backoff = "10s"
    maximum_backoff = "600s"
  }

  # Never expire: with a rotation period over 31 days the subscription would see no traffic for longer
  # than the default TTL, be deleted, and push-mode rotation would stop without a word.
  expiration_policy {
    ttl = ""
  }

  dead_letter_policy {
    dead_letter_topic     = google_pubsub_topic.dead_letter.id
    max_delivery_attempts = var.max_delivery_attempts
  }
}

# Dead-lettering also needs the agent to acknowledge on the source subscription.
resource "google_pubsub_subscription_iam_member" "pubsub_agent_forwards" {
  count        = var.delivery == "push" ? 1 : 0
  project      = var.project_id
  subscription = google_pubsub_subscription.push[0].name
  role         = "roles/pubsub.subscriber"
  member       = local.pubsub_agent
}
