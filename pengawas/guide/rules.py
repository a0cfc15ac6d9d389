"""Who may read the Panduan and keep a checklist: the one place of the guide's access rules.

The handbook and the voting-day guide are for every supervisor with a current assignment
(Bawaslu, Panwascam, PKD, PTPS); the public has Cek DPT only. The checklist belongs to the
TPS: only its PTPS keeps it (UU 1/2015 Pasal 23: one Pengawas TPS per TPS).
"""

from pengawas.accounts.roles import Jurisdiction, Role


def can_read_guide(jurisdiction: Jurisdiction | None) -> bool:
    return jurisdiction is not None


def can_keep_checklist(jurisdiction: Jurisdiction | None) -> bool:
    return (
        jurisdiction is not None
        and jurisdiction.role == Role.PTPS
        and jurisdiction.tps_id is not None
    )
