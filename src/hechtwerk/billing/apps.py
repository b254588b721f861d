from django.apps import AppConfig


class BillingConfig(AppConfig):
    name = "hechtwerk.billing"
    label = "billing"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Training offers a hook for confirmed enrolments; billing answers with a draft invoice.
        from hechtwerk.training.hooks import register_enrolment_confirmed

        from .hooks import invoice_course_fee

        register_enrolment_confirmed(invoice_course_fee)
