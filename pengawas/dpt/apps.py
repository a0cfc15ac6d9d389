from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class DptConfig(AppConfig):
    name = "pengawas.dpt"
    label = "dpt"

    def ready(self) -> None:
        from pengawas.dpt.models import Snapshot
        from pengawas.dpt.services.lookup import snapshots_public_forget, tps_places_forget
        from pengawas.elections.models import Election, Tps
        from pengawas.regions.models import Region

        # Cache invalidation only: the public lookup keeps the current snapshots and the
        # places of TPS for a moment in each process (dpt/services/lookup.py).
        forget = {
            Snapshot: snapshots_public_forget,
            Election: snapshots_public_forget,
            Tps: tps_places_forget,
            Region: tps_places_forget,
        }
        for model, receiver in forget.items():
            for signal in (post_save, post_delete):
                signal.connect(receiver, sender=model, dispatch_uid=f"dpt-forget-{model.__name__}")
