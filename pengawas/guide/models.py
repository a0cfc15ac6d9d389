"""Published editions of the Panduan, their pages, and the PTPS checklists kept in sync.

An edition is immutable once published: a correction is a new edition of the same series,
so what a supervisor read on voting day can always be read again (and compared).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Book(models.TextChoices):
    BUKU_SAKU = "buku-saku", _("Buku Saku PTPS")
    PUTUNG = "putung", _("Putung")


class PageType(models.TextChoices):
    BAB = "bab", _("Bab")
    LANGKAH = "langkah", _("Langkah")
    KEPUTUSAN = "keputusan", _("Panduan keputusan")


class Edition(models.Model):
    series = models.SlugField(max_length=40)
    number = models.PositiveIntegerField()
    title = models.CharField(max_length=200)
    kinds = models.JSONField(default=list)
    voting_day = models.DateField()
    content_hash = models.CharField(max_length=64)
    note = models.TextField(blank=True)
    published_at = models.DateTimeField()
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # The search index, built once at publication (editions never change afterwards).
    search_index = models.JSONField(default=dict)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["series", "number"], name="guide_edition_number")
        ]
        ordering = ["series", "-number"]

    def __str__(self) -> str:
        return f"{self.title} — edisi {self.number}"


class Section(models.Model):
    edition = models.ForeignKey(Edition, on_delete=models.PROTECT, related_name="sections")
    page_id = models.SlugField(max_length=80)
    book = models.CharField(max_length=12, choices=Book.choices)
    type = models.CharField(max_length=12, choices=PageType.choices)
    order = models.IntegerField()
    title = models.CharField(max_length=200)
    summary = models.TextField()
    basis = models.JSONField(default=list)
    kinds = models.JSONField(default=list)
    tags = models.JSONField(default=list)
    time = models.CharField(max_length=80, blank=True)
    body_md = models.TextField()
    body_html = models.TextField()
    # checks (langkah), start and nodes (keputusan), ballots: as in the content (docs/panduan.md)
    data = models.JSONField(default=dict)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["edition", "page_id"], name="guide_section_page")
        ]
        ordering = ["edition", "book", "order", "page_id"]

    def __str__(self) -> str:
        return self.title


class Mark(models.TextChoices):
    SESUAI = "sesuai", _("Sesuai")
    TIDAK_SESUAI = "tidak_sesuai", _("Tidak sesuai")
    TIDAK_BERLAKU = "tidak_berlaku", _("Tidak berlaku")


class ChecklistMark(models.Model):
    """One checklist item at one TPS: the latest mark wins, by the time it was made on the
    phone (marks made offline arrive late and out of order)."""

    tps = models.ForeignKey("elections.Tps", on_delete=models.PROTECT, related_name="+")
    series = models.SlugField(max_length=40)
    check_id = models.SlugField(max_length=80)
    mark = models.CharField(max_length=16, choices=Mark.choices, blank=True)
    note = models.TextField(blank=True)
    marked_at = models.DateTimeField()
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    received_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["tps", "series", "check_id"], name="guide_checklist_mark_item"
            )
        ]

    def __str__(self) -> str:
        return f"{self.check_id}: {self.mark}"
