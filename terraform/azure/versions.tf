terraform {
  required_version = ">= 1.5"

  required_providers {
    azurerm = {
      # 4.x: source_resource_id on system topics, Node 22 in application_stack.
      source  = "hashicorp/azurerm"
      version = ">= 4.0, < 5.0"
    }
  }
}
