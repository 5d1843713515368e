# A root module: deploys keyroll for one secret in self mode, with a customer managed KMS key.
#   build the Lambda bundle (deployments/aws-lambda) into dist/keyroll-aws-lambda.zip
#   terraform -chdir=terraform/aws/examples/basic init && terraform -chdir=… apply
#   then seed the value and rotate once: see terraform/aws/README.md

terraform {
  required_version = ">= 1.5"
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.30, < 7.0"
    }
  }
}

variable "region" {
  description = "Region of the secret and the function."
  type        = string
  default     = "eu-west-1"
}

variable "alarm_email_topic_arn" {
  description = "SNS topic notified by the alarms (optional)."
  type        = string
  default     = null
}

provider "aws" {
  region = var.region
}

module "keyroll" {
  source = "../.."

  name                         = "keyroll"
  secret_name                  = "prod/keyroll/prisma-ci-scanner"
  lambda_zip_path              = "${path.root}/../../../../deployments/aws-lambda/dist/keyroll-aws-lambda.zip"
  create_kms_key               = true
  rotation_schedule_expression = "rate(30 days)"
  alarm_actions                = var.alarm_email_topic_arn == null ? [] : [var.alarm_email_topic_arn]
  tags                         = { owner = "security" }
}

output "secret_arn" {
  value = module.keyroll.secret_arn
}
