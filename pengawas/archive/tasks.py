"""Background jobs of the archive (huey; the worker is `pengawas run_huey`), and the signal
receivers that queue them and keep the search index in step with the records.

- A stored file (signals.file_stored) → read its text; a scan → OCR when Tesseract is
  installed (OCR_PENDING → OCR_RUNNING with progress → OCR_DONE), otherwise NOT_OCRED;
  then the record is re-indexed.
- A record saved, its tags changed, or deleted → its index entry follows at once, in the same
  transaction (one row; cheap).

Connected by ArchiveConfig.ready(); djhuey's worker imports this module by itself.
"""

import logging
from collections.abc import Callable
from typing import Any, cast

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from huey.contrib.djhuey import db_task as _db_task

from pengawas.archive.models import AccessLevel, Record, StoredFile, TextStatus
from pengawas.archive.search_index import search_index_remove, search_index_update
from pengawas.archive.signals import file_stored
from pengawas.archive.text import file_ocr, file_text_update

logger = logging.getLogger(__name__)


def db_task() -> Callable[[Callable[[int], None]], Callable[[int], Any]]:
    """huey's task decorator (closes stale database connections around each run), typed."""
    return cast(Callable[[Callable[[int], None]], Callable[[int], Any]], _db_task())


def _stored(stored_file_id: int) -> StoredFile | None:
    return StoredFile.objects.select_related("record").filter(pk=stored_file_id).first()


@db_task()
def file_text_task(stored_file_id: int) -> None:
    """Read one file's text; queue its OCR if it is a scan Tesseract can read."""
    stored = _stored(stored_file_id)
    if stored is None:
        return
    status = file_text_update(stored=stored)
    if status == TextStatus.OCR_PENDING:
        file_ocr_task(stored_file_id)
    search_index_update(record=stored.record)


@db_task()
def file_ocr_task(stored_file_id: int) -> None:
    """OCR one file (Tesseract, Bahasa Indonesia), page by page, then re-index its record."""
    stored = _stored(stored_file_id)
    if stored is None or stored.text_status not in (
        TextStatus.OCR_PENDING,
        TextStatus.OCR_RUNNING,  # a worker stopped mid-way: start again
    ):
        return
    file_ocr(stored=stored)
    search_index_update(record=stored.record)


@receiver(file_stored, dispatch_uid="archive-search-file-stored")
def _file_stored(sender: Any, stored_file_id: int, **kwargs: Any) -> None:
    file_text_task(stored_file_id)


@receiver(post_save, sender=Record, dispatch_uid="archive-search-record-saved")
def _record_saved(sender: Any, instance: Record, raw: bool = False, **kwargs: Any) -> None:
    if raw:
        return
    search_index_update(record=instance)
    if instance.access_level != AccessLevel.RAHASIA:
        # A record no longer rahasia: its files' text may be read again.
        withheld = StoredFile.objects.filter(
            record=instance, text_status=TextStatus.WITHHELD, deleted_at__isnull=True
        ).values_list("pk", flat=True)
        for stored_file_id in withheld:
            StoredFile.objects.filter(pk=stored_file_id).update(text_status=TextStatus.PENDING)
            file_text_task(stored_file_id)


@receiver(m2m_changed, sender=Record.tags.through, dispatch_uid="archive-search-record-tags")
def _record_tags(sender: Any, instance: Any, action: str, **kwargs: Any) -> None:
    if action in ("post_add", "post_remove", "post_clear") and isinstance(instance, Record):
        search_index_update(record=instance)


@receiver(post_delete, sender=Record, dispatch_uid="archive-search-record-deleted")
def _record_deleted(sender: Any, instance: Record, **kwargs: Any) -> None:
    search_index_remove(record_id=instance.pk)
