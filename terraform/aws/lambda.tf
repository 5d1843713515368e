resource "aws_cloudwatch_log_group" "rotation" {
  name              = "/aws/lambda/${var.name}-rotation"
  retention_in_days = var.log_retention_days
  tags              = var.tags
}

# The four-step rotation function (createSecret, setSecret, testSecret, finishSecret), also invoked by
# the daily sweep. Its code is built from deployments/aws-lambda into a single-file bundle.
resource "aws_lambda_function" "rotation" {
  function_name    = "${var.name}-rotation"
  role             = aws_iam_role.rotation.arn
  filename         = var.lambda_zip_path
  source_code_hash = filebase64sha256(var.lambda_zip_path)
  handler          = var.lambda_handler
  runtime          = var.runtime
  architectures    = ["arm64"]
  timeout          = var.timeout_seconds
  memory_size      = var.memory_mb
  tags             = var.tags

  environment {
    variables = local.environment
  }

  logging_config {
    log_format = "Text"
    log_group  = aws_cloudwatch_log_group.rotation.name
  }

  depends_on = [aws_iam_role_policy.rotation]
}

# Secrets Manager invokes the function for this secret only (confused-deputy guard: source ARN and account).
resource "aws_lambda_permission" "secretsmanager" {
  statement_id   = "AllowSecretsManagerRotation"
  action         = "lambda:InvokeFunction"
  function_name  = aws_lambda_function.rotation.function_name
  principal      = "secretsmanager.amazonaws.com"
  source_arn     = aws_secretsmanager_secret.credential.arn
  source_account = data.aws_caller_identity.current.account_id
}
