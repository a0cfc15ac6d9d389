"""What the site menu offers: each link follows the same rule as the page it opens."""

from django.http import HttpRequest

from pengawas.accounts.rules import can_manage_accounts
from pengawas.accounts.selectors import user_jurisdiction
from pengawas.archive.rules import can_use_archive
from pengawas.audit.rules import can_view_audit
from pengawas.cases.rules import can_use_cases
from pengawas.dpt.rules import can_search_voters
from pengawas.dpt_audit.rules_access import can_audit
from pengawas.guide.rules import can_read_guide


def navigation(request: HttpRequest) -> dict[str, dict[str, bool]]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav": {}}
    jurisdiction = user_jurisdiction(user=user)
    return {
        "nav": {
            "search": can_search_voters(jurisdiction),
            "archive": can_use_archive(jurisdiction),
            "cases": can_use_cases(jurisdiction),
            "users": can_manage_accounts(jurisdiction),
            "audit": can_view_audit(jurisdiction),
            "guide": can_read_guide(jurisdiction),
            "dpt_audit": can_audit(jurisdiction),
        }
    }
