from importlib.util import find_spec

from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from config.api import api
from hechtwerk.core import views as core_views

# The admin signs in through allauth, so the two-factor rule guards it too.
admin.site.login = secure_admin_login(admin.site.login)  # type: ignore[method-assign]
admin.site.site_header = "Hechtwerk beheer"
admin.site.site_title = "Hechtwerk beheer"

urlpatterns = [
    path("", include("hechtwerk.core.urls")),
    path("account/", include("hechtwerk.accounts.urls")),
    path("auth/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("beheer/", admin.site.urls),
    path("api/v1/", api.urls),
    path(".well-known/security.txt", core_views.security_txt, name="security_txt"),
    path("favicon.ico", core_views.favicon, name="favicon"),
]

# Each app's URLs live under its own Dutch prefix; apps without urls.py yet are skipped.
APP_PREFIXES = {
    "logbook": "logboek/",
    "instruments": "instrumenten/",
    "signalling": "signalering/",
    "catalogue": "interventies/",
    "training": "opleidingen/",
    "billing": "facturen/",
    "materials": "materialen/",
    "licensing": "licenties/",
    "meetings": "bijeenkomsten/",
}
for label, prefix in APP_PREFIXES.items():
    if find_spec(f"hechtwerk.{label}.urls"):
        urlpatterns.append(path(prefix, include(f"hechtwerk.{label}.urls")))

handler400 = "hechtwerk.core.views.error_400"
handler403 = "hechtwerk.core.views.error_403"
handler404 = "hechtwerk.core.views.error_404"
handler500 = "hechtwerk.core.views.error_500"

if settings.DEBUG:
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
