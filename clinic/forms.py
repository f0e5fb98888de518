"""The sign-in forms (site and admin)."""

from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import MaxLengthValidator


class SignInForm(AuthenticationForm):
    """Django's sign-in form, refusing a username longer than any account's as a field error.

    Django only sets the input's maxlength attribute; a longer username went on to authenticate()
    and the lockout stored it in a 255-character column: a 500 on PostgreSQL. An invalid field is
    never authenticated, so nothing is stored.
    """

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        username = self.fields["username"]
        username.validators.append(MaxLengthValidator(username.max_length))


class AdminSignInForm(AdminAuthenticationForm, SignInForm):
    pass
