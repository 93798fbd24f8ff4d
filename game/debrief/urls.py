"""HTTP URLs of the debrief: the teacher's report and exports, and each student's page."""

from django.urls import path

from game.debrief import views

urlpatterns = [
    path("debriefs/", views.session_list, name="debrief-list"),
    path("games/<int:session_id>/debrief/", views.teacher_debrief, name="debrief-teacher"),
    path(
        "games/<int:session_id>/debrief/worlds/<int:world_id>/estimate/",
        views.estimate_fragment,
        name="debrief-estimate",
    ),
    path("games/<int:session_id>/debrief.pdf", views.pdf_report, name="debrief-pdf"),
    path("games/<int:session_id>/debrief/log.json", views.json_export, name="debrief-json"),
    path(
        "games/<int:session_id>/debrief/<slug:table>.csv",
        views.csv_export,
        name="debrief-csv",
    ),
    path("play/<int:session_id>/debrief/", views.student_page, name="debrief-student"),
]
