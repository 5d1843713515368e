terraform {
  required_version = ">= 1.5"

  required_providers {
    aws = {
      # 5.x: aws_scheduler_schedule, rotation_rules.schedule_expression, rotate_immediately,
      # aws_lambda_function.logging_config.
      source  = "hashicorp/aws"
      version = ">= 5.30, < 7.0"
    }
  }
}
