# Least privilege: the function may change the one managed secret (and only the keyroll-* tags on it),
# read the admin secret and the mirror credentials only where configured, and write its own logs.
# No secretsmanager:* and no secretsmanager action on "*".

data "aws_iam_policy_document" "assume_lambda" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "rotation" {
  name               = "${var.name}-rotation"
  assume_role_policy = data.aws_iam_policy_document.assume_lambda.json
  tags               = var.tags
}

data "aws_iam_policy_document" "rotation" {
  statement {
    sid = "ManagedSecretRotation"
    actions = [
      "secretsmanager:DescribeSecret",
      "secretsmanager:GetSecretValue",
      "secretsmanager:PutSecretValue",
      "secretsmanager:UpdateSecretVersionStage",
    ]
    resources = [aws_secretsmanager_secret.credential.arn]
  }

  statement {
    sid       = "ManagedSecretKeyrollTagsOnly"
    actions   = ["secretsmanager:TagResource", "secretsmanager:UntagResource"]
    resources = [aws_secretsmanager_secret.credential.arn]
    condition {
      test     = "ForAllValues:StringLike"
      variable = "aws:TagKeys"
      values   = ["keyroll-*"]
    }
  }

  dynamic "statement" {
    for_each = var.mode == "admin" && var.admin_secret_arn != null ? [var.admin_secret_arn] : []
    content {
      sid       = "ReadAdminKey"
      actions   = ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"]
      resources = [statement.value]
    }
  }

  dynamic "statement" {
    for_each = length(var.mirror_credential_secret_arns) > 0 ? [var.mirror_credential_secret_arns] : []
    content {
      sid       = "ReadMirrorCredentials"
      actions   = ["secretsmanager:GetSecretValue"]
      resources = statement.value
    }
  }

  dynamic "statement" {
    for_each = length(local.notify_secret_arns) > 0 ? [local.notify_secret_arns] : []
    content {
      sid       = "ReadNotifyWebhooks"
      actions   = ["secretsmanager:GetSecretValue"]
      resources = statement.value
    }
  }

  dynamic "statement" {
    for_each = length(var.mirror_secret_arns) > 0 ? [var.mirror_secret_arns] : []
    content {
      sid = "MirrorSecrets"
      actions = [
        "secretsmanager:DescribeSecret",
        "secretsmanager:GetSecretValue",
        "secretsmanager:PutSecretValue",
        "secretsmanager:UpdateSecretVersionStage",
      ]
      resources = statement.value
    }
  }

  dynamic "statement" {
    for_each = length(var.mirror_secret_arns) > 0 ? [var.mirror_secret_arns] : []
    content {
      sid       = "MirrorSecretsKeyrollTagsOnly"
      actions   = ["secretsmanager:TagResource", "secretsmanager:UntagResource"]
      resources = statement.value
      condition {
        test     = "ForAllValues:StringLike"
        variable = "aws:TagKeys"
        values   = ["keyroll-*"]
      }
    }
  }

  dynamic "statement" {
    for_each = local.kms_key_arn != null ? [local.kms_key_arn] : []
    content {
      sid       = "SecretKeyViaSecretsManager"
      actions   = ["kms:Decrypt", "kms:GenerateDataKey"]
      resources = [statement.value]
      condition {
        test     = "StringEquals"
        variable = "kms:ViaService"
        values   = ["secretsmanager.${data.aws_region.current.name}.amazonaws.com"]
      }
    }
  }

  statement {
    sid       = "OwnLogs"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["${aws_cloudwatch_log_group.rotation.arn}:*"]
  }
}

resource "aws_iam_role_policy" "rotation" {
  name   = "${var.name}-rotation"
  role   = aws_iam_role.rotation.id
  policy = data.aws_iam_policy_document.rotation.json
}

# EventBridge Scheduler invokes the function for the daily sweep with this role.
data "aws_iam_policy_document" "assume_scheduler" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["scheduler.amazonaws.com"]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [data.aws_caller_identity.current.account_id]
    }
  }
}

resource "aws_iam_role" "sweep" {
  name               = "${var.name}-sweep"
  assume_role_policy = data.aws_iam_policy_document.assume_scheduler.json
  tags               = var.tags
}

data "aws_iam_policy_document" "sweep" {
  statement {
    sid       = "InvokeRotationFunction"
    actions   = ["lambda:InvokeFunction"]
    resources = [aws_lambda_function.rotation.arn]
  }
}

resource "aws_iam_role_policy" "sweep" {
  name   = "${var.name}-sweep"
  role   = aws_iam_role.sweep.id
  policy = data.aws_iam_policy_document.sweep.json
}
