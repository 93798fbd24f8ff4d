"""Forms of the classroom app."""

from __future__ import annotations

from django import forms
from django.contrib.auth.forms import UserCreationForm
from django.contrib.auth.models import User

from classroom.codes import normalise_code
from classroom.models import DISPLAY_NAME_MAX, JOIN_CODE_LENGTH
from classroom.once import NONCE_FIELD, new_nonce
from classroom.roster import tidy_text

CLASSROOM_NAME_MAX = 80


class JoinForm(forms.Form):
    """A student's way in: the class's join code and a display name, no account."""

    code = forms.CharField(
        label="Join code",
        max_length=16,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "autocapitalize": "characters",
                "spellcheck": "false",
                "inputmode": "text",
                "class": "code-input",
            }
        ),
    )
    name = forms.CharField(
        label="Your name",
        max_length=DISPLAY_NAME_MAX,
        widget=forms.TextInput(attrs={"autocomplete": "nickname"}),
    )

    def clean_code(self) -> str:
        """Normalise the code as students type it: any case, spaces or dashes."""
        code = normalise_code(self.cleaned_data["code"])
        if len(code) != JOIN_CODE_LENGTH:
            raise forms.ValidationError(
                f"A join code has {JOIN_CODE_LENGTH} letters and digits, like K7PX3M."
            )
        return code

    def clean_name(self) -> str:
        """Drop invisible characters, collapse whitespace and refuse a blank name."""
        name = tidy_text(self.cleaned_data["name"])
        if not name:
            raise forms.ValidationError("Please enter the name your class will see.")
        return name


class SignupForm(UserCreationForm):
    """A teacher's account: a username and a password, nothing more required."""

    class Meta(UserCreationForm.Meta):
        model = User
        fields = ("username",)


class NonceForm(forms.Form):
    """A form that creates something: it carries a one-time nonce against double submits."""

    nonce = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        if not self.is_bound:
            self.initial.setdefault(NONCE_FIELD, new_nonce())


class ClassroomForm(NonceForm):
    """A classroom's name, as the teacher will recognise it (e.g. "History 10B, period 3")."""

    name = forms.CharField(
        label="Class name",
        max_length=CLASSROOM_NAME_MAX,
        help_text="For you: students see it when they join.",
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )

    def clean_name(self) -> str:
        """Drop invisible characters, collapse whitespace and refuse a blank name."""
        name = tidy_text(self.cleaned_data["name"])
        if not name:
            raise forms.ValidationError("Please give the class a name.")
        return name
