"""The Jinja2 environment: NHS.UK frontend macros plus the project's helpers."""

from django.contrib.messages import get_messages
from django.templatetags.static import static
from django.urls import reverse
from jinja2 import ChainableUndefined, ChoiceLoader, Environment, PackageLoader

from healthhub.core import formatting


def url(name: str, *args, **kwargs) -> str:
    return reverse(name, args=args or None, kwargs=kwargs or None)


def environment(**options) -> Environment:
    options["loader"] = ChoiceLoader([options["loader"], PackageLoader("nhsuk_frontend_jinja")])
    # nhsuk-frontend-jinja macros rely on chained lookups of optional parameters.
    options["undefined"] = ChainableUndefined
    options["extensions"] = ["jinja2.ext.do"]
    # Django's Jinja2 backend passes autoescape=True in options.
    env = Environment(**options)  # noqa: S701
    env.globals.update(url=url, static=static, get_messages=get_messages)
    env.filters.update(
        nhs_number=formatting.nhs_number,
        datetime_uk=formatting.datetime_uk,
        date_uk=formatting.date_uk,
        time_left=formatting.time_left,
    )
    return env
