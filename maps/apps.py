from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MapsConfig(AppConfig):
    name = "maps"
    verbose_name = _("Journey maps")

    def ready(self) -> None:
        from maps import persona_redraw, revocation

        revocation.connect()
        persona_redraw.connect()
