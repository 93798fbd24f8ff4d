"""Small steps the classroom tests share: a student joining, a browser's student."""

from __future__ import annotations

from django.http import HttpResponse
from django.test import Client

from classroom.access import STUDENTS_KEY
from classroom.models import Classroom, Student


def join(client: Client, code: str, name: str, address: str = "127.0.0.1") -> HttpResponse:
    """Post the join form as a student's browser would."""
    return client.post("/join/", {"code": code, "name": name}, REMOTE_ADDR=address)


def refusal_shown(code: str, name: str, address: str = "127.0.0.1") -> str:
    """Post a join that must be refused; return the join page the browser is sent back to."""
    client = Client()
    response = join(client, code, name, address)
    assert response.status_code == 303, response.status_code
    assert response["Location"] == "/join/"
    return client.get("/join/", REMOTE_ADDR=address).content.decode()


def student_of(client: Client, classroom: Classroom) -> Student | None:
    """Return the student a browser remembers in a classroom."""
    remembered = client.session.get(STUDENTS_KEY, {})
    student_id = remembered.get(str(classroom.pk))
    return Student.objects.filter(pk=student_id).first() if student_id else None


def student_client(student: Student) -> Client:
    """Return a browser that remembers it is `student` (as after joining)."""
    client = Client()
    session = client.session
    session[STUDENTS_KEY] = {str(student.classroom_id): student.pk}
    session.save()
    return client
