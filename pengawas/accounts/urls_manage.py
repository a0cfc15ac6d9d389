"""Account management (/kelola/pengguna/…) and activation (/aktivasi/…)."""

from django.urls import path

from pengawas.accounts.views import manage, onboarding

urlpatterns = [
    path("kelola/pengguna/", manage.user_list, name="manage-users"),
    path("kelola/pengguna/baru/", manage.user_create_page, name="manage-user-create"),
    path("kelola/pengguna/impor/", onboarding.import_page, name="manage-users-import"),
    path("kelola/pengguna/slip/<str:token>/", onboarding.slips_page, name="manage-slips"),
    path(
        "kelola/pengguna/slip/<str:token>/unduh/",
        onboarding.slips_download,
        name="manage-slips-download",
    ),
    path(
        "kelola/pengguna/slip/<str:token>/hapus/",
        onboarding.slips_delete,
        name="manage-slips-delete",
    ),
    path("kelola/pengguna/<int:user_id>/", manage.user_detail, name="manage-user"),
    path(
        "kelola/pengguna/<int:user_id>/penugasan/",
        manage.assignment_new,
        name="manage-assignment-new",
    ),
    path(
        "kelola/pengguna/<int:user_id>/penugasan/<int:assignment_id>/akhiri/",
        manage.assignment_end_page,
        name="manage-assignment-end",
    ),
    path(
        "kelola/pengguna/<int:user_id>/<slug:action>/",
        manage.user_action,
        name="manage-user-action",
    ),
    path("aktivasi/", onboarding.activation_page, name="activation"),
    path("aktivasi/kata-sandi/", onboarding.activation_password, name="activation-password"),
    path("aktivasi/<str:code>/", onboarding.activation_link, name="activation-code"),
]
