# The daily sweep: retires old keys whose grace period is over and escalates what needs a person.
# Rotations themselves are started by Secrets Manager (rotation_schedule_expression) or by hand with
# `aws secretsmanager rotate-secret`, which also serialises rotations of one secret.
resource "aws_scheduler_schedule" "sweep" {
  name                         = "${var.name}-sweep"
  schedule_expression          = var.sweep_schedule_expression
  schedule_expression_timezone = var.sweep_timezone

  flexible_time_window {
    mode = "OFF"
  }

  target {
    arn      = aws_lambda_function.rotation.arn
    role_arn = aws_iam_role.sweep.arn
    input    = jsonencode({ keyroll = "sweep", secretId = aws_secretsmanager_secret.credential.arn })

    retry_policy {
      maximum_retry_attempts       = 2
      maximum_event_age_in_seconds = 3600
    }
  }
}
