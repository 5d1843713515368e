terraform {
  required_version = ">= 1.5"

  required_providers {
    azurerm = {
      # 4.9+: storage_account_id on storage containers, source_resource_id on system topics.
      source  = "hashicorp/azurerm"
      version = ">= 4.9, < 5.0"
    }
  }
}
