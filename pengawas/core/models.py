from django.db import models


class RateCounter(models.Model):
    """Hits of one client on one limited action within one fixed window.

    Kept in the database so the limit holds across server processes and restarts.
    """

    key = models.CharField(max_length=128)
    window_start = models.BigIntegerField()
    hits = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["key", "window_start"], name="core_rate_key_window")
        ]
        indexes = [models.Index(fields=["window_start"], name="core_rate_window")]

    def __str__(self) -> str:
        return f"{self.key}@{self.window_start}: {self.hits}"
