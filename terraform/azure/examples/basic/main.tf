# A root module: keyroll for one existing RBAC-mode Key Vault.
#   terraform init && terraform apply -var subscription_id=... -var key_vault_name=... -var key_vault_resource_group=...
# then publish the code (see ../../README.md) and apply again with -var events_enabled=true.

terraform {
  required_version = ">= 1.5"

  required_providers {
    azurerm = {
      source  = "hashicorp/azurerm"
      version = ">= 4.21, < 5.0"
    }
  }
}

provider "azurerm" {
  features {}
  subscription_id = var.subscription_id
  # The module's storage account has no shared keys: manage its containers with Entra ID.
  storage_use_azuread = true
}

variable "subscription_id" {
  description = "Azure subscription id."
  type        = string
}

variable "key_vault_name" {
  description = "Existing Key Vault (Azure RBAC permission model) holding the Prisma Cloud secret."
  type        = string
}

variable "key_vault_resource_group" {
  description = "Resource group of that vault."
  type        = string
}

variable "location" {
  description = "Region for the new resources."
  type        = string
  default     = "westeurope"
}

variable "events_enabled" {
  description = "Create the Event Grid subscription (after the function code has been published)."
  type        = bool
  default     = false
}

data "azurerm_key_vault" "this" {
  name                = var.key_vault_name
  resource_group_name = var.key_vault_resource_group
}

resource "azurerm_resource_group" "keyroll" {
  name     = "rg-keyroll"
  location = var.location
}

module "keyroll" {
  source = "../.."

  name                = "keyroll-prod"
  resource_group_name = azurerm_resource_group.keyroll.name
  location            = azurerm_resource_group.keyroll.location
  key_vault_id        = data.azurerm_key_vault.this.id
  key_vault_uri       = data.azurerm_key_vault.this.vault_uri
  key_vault_location  = data.azurerm_key_vault.this.location

  managed_secret_names      = ["prisma-cloud"]
  create_event_subscription = var.events_enabled

  policy = {
    validity_days = 90
    # Key Vault references refresh within 24 h; 0 if every consumer reads the latest version each time.
    grace_hours = 24
  }

  alert_emails = ["security-oncall@example.com"]

  tags = {
    app = "keyroll"
  }
}

output "function_app_name" {
  value = module.keyroll.function_app_name
}

output "rotate_url" {
  value = module.keyroll.rotate_url
}
