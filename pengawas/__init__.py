"""Pengawas: one platform for Indonesia's election supervisors (Bawaslu)."""
