"""What every page of the DPT audit shares: login, then the app's rule (rules_access.py)."""

from pengawas.accounts.access import jurisdiction_required
from pengawas.dpt_audit.rules_access import can_audit

for_audit = jurisdiction_required(can_audit)
