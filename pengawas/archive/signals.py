"""Signals between the archive's parts, so that storing a file does not need to know who
reads its text (search) or draws its preview."""

from django.dispatch import Signal

# Sent after a StoredFile is committed: sender=StoredFile, stored_file_id=int.
file_stored = Signal()
