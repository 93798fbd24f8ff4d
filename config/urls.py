"""Top-level URLs."""

from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.templatetags.static import static
from django.urls import include, path

from config.health import healthz


def favicon(request: HttpRequest) -> HttpResponse:
    """Send browsers that ask for /favicon.ico (on pages without a <link rel="icon">) to the logo.

    Not a permanent redirect: the logo's hashed name changes with each deploy.
    """
    return redirect(static("img/spiral.svg"))


urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("favicon.ico", favicon, name="favicon"),
    path("admin/", admin.site.urls),
    path("", include("game.urls")),
    path("", include("game.debrief.urls")),
    path("", include("classroom.urls")),
]
