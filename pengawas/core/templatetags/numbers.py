"""{{ value|id_int }}: whole numbers as Indonesian readers write them (1.234.567)."""

from django import template

from pengawas.lib.numbers import id_int as format_id_int

register = template.Library()


@register.filter
def id_int(value: int | None) -> str:
    return "" if value is None else format_id_int(int(value))
