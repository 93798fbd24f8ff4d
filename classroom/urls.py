"""URLs for the landing page, joining, classrooms, and teacher accounts."""

from django.contrib.auth import views as auth_views
from django.urls import path

from classroom import accounts, teacher, views

urlpatterns = [
    path("", views.home, name="home"),
    # Students: no account, a join code and a name.
    path("join/", views.join, name="join"),
    path("j/<str:code>/", views.join_link, name="join-link"),
    path("rejoin/<str:token>/", views.rejoin, name="rejoin"),
    path("class/<int:pk>/", views.student_home, name="student-home"),
    path("class/<int:pk>/leave/", views.student_leave, name="student-leave"),
    # Teachers: their classrooms.
    path("classrooms/", teacher.classroom_list, name="classroom-list"),
    path("classrooms/new/", teacher.classroom_create, name="classroom-create"),
    path("classrooms/<int:pk>/", teacher.classroom_detail, name="classroom-detail"),
    path("classrooms/<int:pk>/board/", teacher.classroom_board, name="classroom-board"),
    path("classrooms/<int:pk>/rename/", teacher.classroom_rename, name="classroom-rename"),
    path("classrooms/<int:pk>/archive/", teacher.classroom_archive, name="classroom-archive"),
    path("classrooms/<int:pk>/reopen/", teacher.classroom_reopen, name="classroom-reopen"),
    path(
        "classrooms/<int:pk>/rotate-code/",
        teacher.classroom_rotate_code,
        name="classroom-rotate-code",
    ),
    # Teacher accounts (Django's views and templates under registration/).
    path("accounts/signup/", accounts.signup, name="signup"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/password/",
        auth_views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "accounts/password/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
]
