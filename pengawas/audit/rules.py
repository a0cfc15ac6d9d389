"""Who may read the audit trail.

The log is Bawaslu Kabupaten/Kota's record of how its installation was used: the
administrator, the commissioners (who answer for supervision, UU 1/2015 Pasal 30 as
amended, read with UU 10/2016) and the secretariat staff who support them read it. One
installation serves one kabupaten/kota, so they read the whole log of the installation.
Panwascam, PKD and PTPS do not read it.
"""

from pengawas.accounts.roles import Jurisdiction


def can_view_audit(jurisdiction: Jurisdiction | None) -> bool:
    return jurisdiction is not None and jurisdiction.is_bawaslu
