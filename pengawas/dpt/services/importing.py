"""Importing a KPU voter-list file as a new, versioned snapshot.

The import is one transaction: it lands whole or not at all (an error, a --strict abort or
Ctrl-C leaves the database as it was). Rows stream from the file and go to the database in
batches through the fastest path each engine has (executemany for SQLite, COPY for
PostgreSQL), so memory stays flat. Reading and checking the rows (import_rows.py) runs in a
second process where the platform allows it, so that work overlaps with the writing.
"""

import contextlib
import csv
import fcntl
import getpass
import hashlib
import multiprocessing
import os
import pickle
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from django.contrib.auth.models import User
from django.db import connection, transaction

from pengawas.dpt.columns import COLUMN_LABELS
from pengawas.dpt.models import Snapshot, Stage, Voter
from pengawas.dpt.regions_lookup import VillageResolver
from pengawas.dpt.services.import_rows import (
    TPS_SLOT,
    VOTER_COLUMNS,
    Batch,
    ImportRefused,
    Rejection,
    Summary,
    produce_batches,
)
from pengawas.dpt.sources import SourceError, detect_format, escape_cell
from pengawas.elections.models import Election, Tps

BATCH_SIZE = 5000


@dataclass
class ImportResult:
    snapshot: Snapshot
    created: bool
    rows_imported: int = 0
    rows_rejected: int = 0
    rows_with_invalid_values: int = 0
    tps_created: int = 0
    fields_present: list[str] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    rejects_path: Path | None = None
    seconds: float = 0.0

    @property
    def missing_personal_fields(self) -> list[str]:
        personal = ("nkk", "nik", "birth_date", "birth_place", "marital_status", "sex", "age")
        return [COLUMN_LABELS[f] for f in personal if f not in self.fields_present]


def file_sha256(path: Path) -> tuple[str, int]:
    digest = hashlib.sha256()
    size = 0
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def default_rejects_path(source: Path) -> Path:
    return source.with_name(f"{source.stem}.ditolak.csv")


class _RejectsFile:
    """The rejects CSV: each rejected row with its line, column, reason and original cells.

    Written to a temporary name and moved into place only when the import ends, so a failed
    run never leaves a half-written file behind.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        try:
            self._handle = self.temporary.open("w", encoding="utf-8-sig", newline="")
        except OSError as exc:
            raise ImportRefused(
                f"Berkas penolakan {path} tidak dapat ditulis: {exc.strerror}"
            ) from None
        self._writer = csv.writer(self._handle)
        self.count = 0

    def write(self, rejection: Rejection) -> None:
        if self.count == 0:
            self._writer.writerow(["lembar", "baris", "kolom", "alasan", *rejection.header])
        self._writer.writerow(
            [
                rejection.sheet,
                rejection.line,
                rejection.column,
                rejection.reason,
                *(escape_cell(cell) for cell in rejection.cells),
            ]
        )
        self.count += 1

    def finish(self) -> Path | None:
        self._handle.close()
        if self.count == 0:
            self.temporary.unlink(missing_ok=True)
            return None
        self.temporary.replace(self.path)
        return self.path

    def discard(self) -> None:
        self._handle.close()
        self.temporary.unlink(missing_ok=True)


class _VoterWriter:
    """Writes batches of voter rows by the engine's fastest bulk path, creating each TPS
    the list names for the first time.

    On PostgreSQL one COPY stays open across batches, so the server inserts while the next
    batch is read; a new TPS takes an id reserved from its sequence and is inserted when the
    COPY pauses (the foreign key is checked at commit).
    """

    _RESERVE = 1000

    def __init__(self, election: Election) -> None:
        self.election = election
        self.tps_by_number = {
            (village, number): pk
            for pk, village, number in Tps.objects.filter(election=election).values_list(
                "pk", "village_id", "number"
            )
        }
        self.tps_ids: list[int] = []  # TPS id by the key index the rows carry
        self.tps_created = 0
        self.written = 0
        self.postgres = connection.vendor == "postgresql"
        self._new_tps: list[Tps] = []
        self._addresses: list[tuple[int, str]] = []
        self._reserved: list[int] = []
        self._copy_context: Any = None
        self._copy: Any = None
        table = Voter._meta.db_table
        columns = ", ".join(VOTER_COLUMNS)
        if self.postgres:
            self.statement = f"COPY {table} ({columns}) FROM STDIN"
        else:
            marks = ", ".join(["%s"] * len(VOTER_COLUMNS))
            self.statement = f"INSERT INTO {table} ({columns}) VALUES ({marks})"  # noqa: S608

    def write(self, batch: Batch) -> None:
        for village, number, address in batch.new_tps:
            self.tps_ids.append(self._tps_id(village, number, address))
        if not batch.rows:
            return
        tps_ids = self.tps_ids
        for row in batch.rows:
            row[TPS_SLOT] = tps_ids[row[TPS_SLOT]]
        if self.postgres:
            if self._copy is None:
                self._copy_context = connection.cursor().cursor.copy(self.statement)
                self._copy = self._copy_context.__enter__()
            write_row = self._copy.write_row
            for row in batch.rows:
                write_row(row)
        else:
            with connection.cursor() as cursor:
                cursor.executemany(self.statement, batch.rows)
        self.written += len(batch.rows)

    def _tps_id(self, village: str, number: int, address: str) -> int:
        pk = self.tps_by_number.get((village, number))
        if pk is not None:
            if address:
                # A list that names the TPS's place fills it in where it was still unknown.
                self._addresses.append((pk, address))
            return pk
        self.tps_created += 1
        if not self.postgres:
            tps = Tps.objects.create(
                election=self.election, village_id=village, number=number, address=address
            )
            return tps.pk
        if not self._reserved:
            self.pause()
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                    [Tps._meta.db_table, self._RESERVE],
                )
                self._reserved = [pk for (pk,) in reversed(cursor.fetchall())]
        pk = self._reserved.pop()
        self._new_tps.append(
            Tps(id=pk, election=self.election, village_id=village, number=number, address=address)
        )
        return pk

    def pause(self, error: BaseException | None = None) -> None:
        """End the open COPY (with the error, if any), then write what waited for it."""
        if self._copy_context is not None:
            context, self._copy_context, self._copy = self._copy_context, None, None
            if error is not None:
                context.__exit__(type(error), error, error.__traceback__)
                return
            context.__exit__(None, None, None)
        if error is None:
            Tps.objects.bulk_create(self._new_tps)
            self._new_tps.clear()
            for pk, address in self._addresses:
                Tps.objects.filter(pk=pk, address="").update(address=address)
            self._addresses.clear()


def _producer_main(sender: Connection, producer: dict[str, Any]) -> None:
    """The second process: read and convert, send each batch pickled, then the summary."""
    try:
        for item in produce_batches(**producer):
            sender.send_bytes(pickle.dumps(item, protocol=pickle.HIGHEST_PROTOCOL))
    except ImportRefused as exc:
        sender.send_bytes(pickle.dumps(exc, protocol=pickle.HIGHEST_PROTOCOL))
    except KeyboardInterrupt:
        pass
    finally:
        sender.close()


def _batches_from_process(**producer: Any) -> Iterator[Batch | Summary]:
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    set_pipe_size = getattr(fcntl, "F_SETPIPE_SZ", None)  # Linux only
    if set_pipe_size is not None:
        # Room for a batch or two in the pipe, so the reader runs ahead of the writer.
        with contextlib.suppress(OSError):
            fcntl.fcntl(sender.fileno(), set_pipe_size, 1 << 20)
    process = context.Process(target=_producer_main, args=(sender, producer), daemon=True)
    process.start()
    sender.close()
    try:
        while True:
            try:
                item = pickle.loads(receiver.recv_bytes())  # noqa: S301 (our own child process)
            except EOFError:
                raise ImportRefused(
                    "Proses pembaca berkas berhenti tanpa menyelesaikan berkas."
                ) from None
            if isinstance(item, ImportRefused):
                raise item
            yield item
            if isinstance(item, Summary):
                return
    finally:
        receiver.close()
        if process.is_alive():
            process.kill()
        process.join()


def _can_fork() -> bool:
    # Forking is safe only from a single-threaded process (the command line, a task worker);
    # inside a threaded server the rows are read in-process instead.
    return "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1


def dpt_import(
    *,
    election: Election,
    path: Path,
    stage: str = Stage.DPT,
    strict: bool = False,
    rejects_path: Path | None = None,
    imported_by: User | None = None,
    progress: Callable[[int], None] | None = None,
    parallel: bool | None = None,
) -> ImportResult:
    """Import one voter-list file as a new snapshot of the election's list.

    Rows whose KECAMATAN, KELURAHAN or TPS cannot be resolved, and hostile rows (formula
    cells, over-long values), are rejected and written to the rejects file with their line,
    column and reason. Rows whose personal fields are missing or malformed are kept, the
    malformed values in `invalid_fields`, for the audit to flag. With `strict`, the first
    rejected or malformed row aborts the import. Importing the same file again for the same
    election and stage changes nothing and returns the existing snapshot.
    """
    started = time.perf_counter()
    if stage not in Stage.values:
        raise ImportRefused(
            f"Tahap harus salah satu dari {', '.join(Stage.values)}, bukan {stage!r}"
        )
    try:
        sha256, size = file_sha256(path)
    except OSError as exc:
        raise ImportRefused(f"Berkas tidak dapat dibaca: {exc.strerror}") from None
    existing = Snapshot.objects.filter(election=election, stage=stage, source_sha256=sha256).first()
    if existing is not None:
        return ImportResult(
            snapshot=existing,
            created=False,
            rows_imported=existing.rows_imported,
            rows_rejected=existing.rows_rejected,
            fields_present=existing.fields_present,
        )
    try:
        detect_format(path)
    except SourceError as exc:
        raise ImportRefused(str(exc)) from None

    rejects = None if strict else _RejectsFile(rejects_path or default_rejects_path(path))
    try:
        with transaction.atomic():
            result = _import(
                election=election,
                path=path,
                stage=stage,
                sha256=sha256,
                size=size,
                strict=strict,
                rejects=rejects,
                imported_by=imported_by,
                progress=progress,
                parallel=_can_fork() if parallel is None else parallel,
            )
    except _NothingImported as exc:
        written = rejects.finish() if rejects is not None else None
        where = f" Alasan tiap baris ada di {written}." if written else ""
        raise ImportRefused(f"{exc}{where}") from None
    except BaseException:
        if rejects is not None:
            rejects.discard()
        raise
    if rejects is not None:
        result.rejects_path = rejects.finish()
    result.seconds = time.perf_counter() - started
    return result


class _NothingImported(Exception):
    pass


def _import(
    *,
    election: Election,
    path: Path,
    stage: str,
    sha256: str,
    size: int,
    strict: bool,
    rejects: _RejectsFile | None,
    imported_by: User | None,
    progress: Callable[[int], None] | None,
    parallel: bool,
) -> ImportResult:
    snapshot = Snapshot.objects.create(
        election=election,
        stage=stage,
        source_name=path.name[:255],
        source_sha256=sha256,
        source_size=size,
        imported_by=imported_by,
        imported_by_name="" if imported_by else _os_user(),
    )
    result = ImportResult(snapshot=snapshot, created=True)
    writer = _VoterWriter(election)
    batches = _batches_from_process if parallel else produce_batches
    try:
        for item in batches(
            path=path,
            snapshot_id=snapshot.pk,
            villages=VillageResolver(region=election.region),
            strict=strict,
            batch_size=BATCH_SIZE,
        ):
            if isinstance(item, Summary):
                result.fields_present = item.fields_present
                result.ignored_columns = item.ignored_columns
                break
            writer.write(item)
            result.rows_rejected += len(item.rejections)
            result.rows_with_invalid_values += item.rows_with_invalid_values
            if rejects is not None:
                for rejection in item.rejections:
                    rejects.write(rejection)
            if progress is not None:
                progress(item.position)
    except BaseException as error:
        writer.pause(error)
        raise
    writer.pause()
    if writer.written == 0:
        raise _NothingImported(
            f"Tidak ada baris yang dapat diimpor ({result.rows_rejected} baris ditolak); "
            "tidak ada yang ditulis."
        )
    result.rows_imported = writer.written
    result.tps_created = writer.tps_created
    snapshot.rows_imported = result.rows_imported
    snapshot.rows_rejected = result.rows_rejected
    snapshot.fields_present = [
        f for f in result.fields_present if f not in ("kecamatan", "village", "tps", "tps_address")
    ]
    snapshot.save(update_fields=["rows_imported", "rows_rejected", "fields_present"])
    if connection.vendor == "postgresql":
        # Fresh statistics, so that the first searches on the new list get good plans: on
        # the columns that searches and lookups filter by, the rest can wait for autovacuum.
        with connection.cursor() as cursor:
            cursor.execute(
                f"ANALYZE {Voter._meta.db_table} (snapshot_id, tps_id, nik, name_key, sex)"
            )
    return result


def _os_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return ""
