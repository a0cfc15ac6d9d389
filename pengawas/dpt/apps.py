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

        # Cache invalidation only: the public lookup keeps the current snapshots briefly.
        for model in (Snapshot, Election):
            post_save.connect(
                snapshots_public_forget, sender=model, dispatch_uid=f"forget-{model.__name__}"
            )
            post_delete.connect(
                snapshots_public_forget, sender=model, dispatch_uid=f"forget-d-{model.__name__}"
            )
