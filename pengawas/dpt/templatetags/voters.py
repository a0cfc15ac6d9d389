from django import template

from pengawas.dpt.services.search import nik_mask

register = template.Library()


@register.filter
def nik_masked(nik: str) -> str:
    """A NIK as a result card shows it: 3505014107800001 → 3505********0001."""
    return nik_mask(nik)
