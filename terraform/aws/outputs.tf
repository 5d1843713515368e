output "secret_arn" {
  description = "ARN of the managed secret (seed it, then consumers read AWSCURRENT)."
  value       = aws_secretsmanager_secret.credential.arn
}

output "function_arn" {
  description = "ARN of the rotation Lambda."
  value       = aws_lambda_function.rotation.arn
}

output "role_arn" {
  description = "ARN of the Lambda's execution role."
  value       = aws_iam_role.rotation.arn
}

output "log_group_name" {
  description = "Log group with keyroll's records (audit lines and keyroll.escalation events)."
  value       = aws_cloudwatch_log_group.rotation.name
}

output "kms_key_arn" {
  description = "KMS key encrypting the secret (null: the AWS managed key aws/secretsmanager)."
  value       = local.kms_key_arn
}
