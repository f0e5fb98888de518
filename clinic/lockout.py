"""Sign-in lockout with a limit of its own for each combination (django-axes handler).

Axes counts the failures of each combination in AXES_LOCKOUT_PARAMETERS but compares them all with
one AXES_FAILURE_LIMIT. The clinic wants three limits (settings.LOCKOUT_LIMITS): few failures for one
username at one address (someone guessing one password), more for one username from anywhere (a
botnet on one account), and more for one address whatever the username (password spraying: a few
common passwords tried against many accounts). So the count handed to axes is each combination's
failures scaled to AXES_FAILURE_LIMIT, the highest of them: it reaches the limit exactly when one
combination reaches its own.
"""

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_lockout_parameters
from django.conf import settings
from django.db.models import Sum


def _limit(parameter) -> int:
    key = (parameter,) if isinstance(parameter, str) else tuple(parameter)
    return settings.LOCKOUT_LIMITS[key]


class ClinicLockoutHandler(AxesDatabaseHandler):
    def get_failures(self, request, credentials: dict | None = None) -> int:
        parameters = get_lockout_parameters(request, credentials)
        scaled = [0]
        for parameter, attempts in zip(parameters, self.get_user_attempts(request, credentials), strict=True):
            failures = attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            scaled.append(failures * settings.AXES_FAILURE_LIMIT // _limit(parameter))
        return max(scaled)

    def reset_user_attempts(self, request, credentials: dict | None = None) -> int:
        """A success clears that username's failures at that address only (the first combination):
        it proves nothing about other addresses, and an attacker signing in to an account of their
        own must not wipe the count of the address they spray from."""
        attempts = self.filter_user_attempts(request, credentials)[0]
        count, _ = attempts.delete()
        return count
