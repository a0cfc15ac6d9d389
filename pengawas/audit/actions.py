"""What the audit trail records: one value per kind of security-relevant event.

The values are dotted and stable (they are stored in the hash chain): never rename or
remove one, only add.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Action(models.TextChoices):
    LOGIN_SUCCESS = "login.success", _("Berhasil masuk")
    LOGIN_FAILURE = "login.failure", _("Gagal masuk")
    LOGIN_LOCKED = "login.locked", _("Akun/alamat dikunci")
    LOCKOUT_LIFTED = "lockout.lifted", _("Kuncian dibuka")
    LOGOUT = "logout", _("Keluar")
    LOGOUT_EVERYWHERE = "logout.everywhere", _("Keluar dari semua perangkat")
    PASSWORD_CHANGED = "password.changed", _("Kata sandi diganti")
    PASSWORD_RESET = "password.reset", _("Kata sandi disetel ulang")
    TOTP_ENROLLED = "totp.enrolled", _("Autentikator didaftarkan")
    TOTP_FAILURE = "totp.failure", _("Kode autentikator salah")
    TOTP_RESET = "totp.reset", _("Autentikator disetel ulang")
    RECOVERY_CODE_USED = "recovery.used", _("Kode pemulihan dipakai")
    RECOVERY_CODES_RENEWED = "recovery.renewed", _("Kode pemulihan diganti")
    ACCOUNT_CREATED = "account.created", _("Akun dibuat")
    ACCOUNT_ACTIVATED = "account.activated", _("Akun diaktifkan")
    ACTIVATION_ISSUED = "activation.issued", _("Kode aktivasi diterbitkan")
    SLIPS_DOWNLOADED = "activation.slips", _("Slip aktivasi diunduh")
    ACCOUNT_DEACTIVATED = "account.deactivated", _("Akun dinonaktifkan")
    USERS_IMPORTED = "users.imported", _("Akun diimpor")
    ASSIGNMENT_CREATED = "assignment.created", _("Penugasan dibuat")
    ASSIGNMENT_ENDED = "assignment.ended", _("Penugasan diakhiri")
    VOTER_VIEWED = "voter.viewed", _("Data lengkap pemilih dilihat")
    VOTERS_SEARCHED = "voters.searched", _("Pencarian pemilih")
    VOTERS_EXPORTED = "voters.exported", _("Daftar pemilih diekspor")
    RECORD_CREATED = "record.created", _("Arsip dibuat")
    RECORD_VIEWED = "record.viewed", _("Arsip dilihat")
    RECORD_CHANGED = "record.changed", _("Arsip diubah")
    FILE_ADDED = "file.added", _("Berkas ditambahkan")
    FILE_REFUSED = "file.refused", _("Berkas ditolak")
    FILE_VIEWED = "file.viewed", _("Berkas dilihat")
    FILE_DOWNLOADED = "file.downloaded", _("Berkas diunduh")
    FILE_CORRUPTED = "file.corrupted", _("Berkas rusak atau hilang")
    RECORDS_EXPORTED = "records.exported", _("Arsip diekspor (bundel bukti)")
    RECORDS_SEARCHED = "records.searched", _("Pencarian arsip")
    LEGAL_HOLD_SET = "hold.set", _("Penahanan hukum dipasang")
    LEGAL_HOLD_LIFTED = "hold.lifted", _("Penahanan hukum dicabut")
    DISPOSAL_APPROVED = "disposal.approved", _("Penyusutan disetujui")
    RECORD_DISPOSED = "record.disposed", _("Arsip dimusnahkan")
    CLASSIFICATION_CHANGED = "classification.changed", _("Klasifikasi diubah")
    ARCHIVE_KEY_ROTATED = "archive.key_rotated", _("Kunci arsip diganti")
    CASE_CREATED = "case.created", _("Perkara dicatat")
    CASE_VIEWED = "case.viewed", _("Perkara dilihat")
    CASE_STATUS_CHANGED = "case.status", _("Status perkara berubah")
    CASE_CHANGED = "case.changed", _("Perkara diubah")
    GUIDE_PUBLISHED = "guide.published", _("Edisi panduan diterbitkan")
    AUDIT_VIEWED = "audit.viewed", _("Jejak audit dilihat")
    AUDIT_EXPORTED = "audit.exported", _("Jejak audit diekspor")
