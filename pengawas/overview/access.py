"""What every overview page shares: login, then the app's rule (rules.py)."""

from pengawas.accounts.access import jurisdiction_required
from pengawas.overview.rules import can_watch

for_watchers = jurisdiction_required(can_watch)
