"""The page templates' number and date filters: model.formatting's text, marked safe (Markup):
it is made here from numbers, never taken from a data file, so the escaping every data value
gets must leave it alone."""

from __future__ import annotations

from markupsafe import Markup

from generator.model import formatting
from generator.model.facts import Figure

NO_VALUE = Markup(formatting.NO_VALUE)


def _safe(write):
    def filter_(value, *args):
        return Markup(write(value, *args))

    filter_.__name__ = write.__name__
    filter_.__doc__ = write.__doc__
    return filter_


FILTERS = {name: _safe(write) for name, write in formatting.STYLES.items()}


def figure_value(figure: Figure) -> Markup:
    """A home-page card's value, written in its style."""
    if figure.digits is None:
        return FILTERS[figure.style](figure.value)
    return FILTERS[figure.style](figure.value, figure.digits)
