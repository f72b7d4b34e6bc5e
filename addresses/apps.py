from django.apps import AppConfig


class AddressesConfig(AppConfig):
    name = "addresses"
    verbose_name = "Addresses"
    default_auto_field = "django.db.models.BigAutoField"
