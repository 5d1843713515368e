# Optional customer managed key for the secret. The key policy delegates to IAM in this account; the
# function's role gets Decrypt/GenerateDataKey only through Secrets Manager (kms:ViaService).
resource "aws_kms_key" "secret" {
  count = var.kms_key_arn == null && var.create_kms_key ? 1 : 0

  description             = "keyroll (${var.name}): encrypts the rotated Prisma Cloud key"
  enable_key_rotation     = true
  deletion_window_in_days = 30
  tags                    = var.tags

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "AccountAdministersViaIam"
      Effect    = "Allow"
      Principal = { AWS = "arn:${data.aws_partition.current.partition}:iam::${data.aws_caller_identity.current.account_id}:root" }
      Action    = "kms:*"
      Resource  = "*"
    }]
  })
}

resource "aws_kms_alias" "secret" {
  count = length(aws_kms_key.secret)

  name          = "alias/${var.name}-secret"
  target_key_id = aws_kms_key.secret[0].key_id
}
