"""Request types for views, so that what middleware and decorators add is typed.

Django's ``HttpRequest`` declares neither the ``htmx`` attribute that
``django_htmx.middleware.HtmxMiddleware`` sets, nor that a view behind
``login_required`` has a user with an account: views say so in their
signature (the patterns django-htmx's and django-stubs' documentation give).
"""

from django.contrib.auth.models import User
from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


class AuthenticatedHttpRequest(HttpRequest):
    """A request ``login_required`` let through."""

    user: User
