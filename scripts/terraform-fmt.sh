#!/usr/bin/env bash
# terraform fmt -check is the only Terraform check that works offline (providers cannot be downloaded).
set -euo pipefail
if ! command -v terraform >/dev/null 2>&1; then
  echo "terraform not on PATH: skipping fmt check (HCL is still parsed by test/terraform tests)"
  exit 0
fi
empty=$(mktemp); trap 'rm -f "$empty"' EXIT
TF_CLI_CONFIG_FILE="$empty" CHECKPOINT_DISABLE=1 terraform fmt -check -recursive -diff terraform
echo "terraform fmt: ok"
