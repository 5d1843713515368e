# A failed rotation step throws, so Secrets Manager retries it: every failure is a Lambda error.
resource "aws_cloudwatch_metric_alarm" "rotation_errors" {
  alarm_name          = "${var.name}-rotation-errors"
  alarm_description   = "A keyroll rotation step or sweep failed (Secrets Manager retries the step; look at ${aws_cloudwatch_log_group.rotation.name})."
  namespace           = "AWS/Lambda"
  metric_name         = "Errors"
  dimensions          = { FunctionName = aws_lambda_function.rotation.function_name }
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = var.alarm_actions
  ok_actions          = var.alarm_actions
  tags                = var.tags
}

# keyroll logs one `keyroll.escalation` event when a person must act (rollback incomplete, a key left
# active past its grace). The quoted term matches in Text and JSON log formats.
resource "aws_cloudwatch_log_metric_filter" "escalation" {
  name           = "${var.name}-escalation"
  log_group_name = aws_cloudwatch_log_group.rotation.name
  pattern        = "\"keyroll.escalation\""

  metric_transformation {
    name          = "Escalations"
    namespace     = "keyroll/${var.name}"
    value         = "1"
    default_value = "0"
  }
}

resource "aws_cloudwatch_metric_alarm" "escalation" {
  alarm_name          = "${var.name}-escalation"
  alarm_description   = "keyroll needs a person: read the keyroll.escalation record in ${aws_cloudwatch_log_group.rotation.name}."
  namespace           = "keyroll/${var.name}"
  metric_name         = "Escalations"
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = var.alarm_actions
  tags                = var.tags

  depends_on = [aws_cloudwatch_log_metric_filter.escalation]
}
