from django.apps import AppConfig


class SignallingConfig(AppConfig):
    name = "hechtwerk.signalling"
    label = "signalling"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Signalling owns referrals and publishes their counts to the catalogue's hook; the
        # catalogue imports nothing from signalling.
        from hechtwerk.catalogue.counts import register_referral_counter
        from hechtwerk.signalling.referral_counts import referrals_per_organisation

        register_referral_counter(referrals_per_organisation)
