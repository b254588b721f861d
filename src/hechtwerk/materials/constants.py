from django.db import models
from django.utils.translation import gettext_lazy as _


class DownloadOutcome(models.TextChoices):
    SERVED = "served", _("gegeven")
    REFUSED = "refused", _("geweigerd")


class DownloadChannel(models.TextChoices):
    PAGE = "page", _("website")
    API = "api", _("API")
