terraform {
  required_version = ">= 1.5"

  required_providers {
    azurerm = {
      # 4.21+: azurerm_function_app_flex_consumption (4.9+: storage_account_id on containers).
      source  = "hashicorp/azurerm"
      version = ">= 4.21, < 5.0"
    }
  }
}
