"""Form data for the one-page session form, as a browser without JavaScript posts it."""

import uuid
from datetime import datetime, timedelta

from django.utils import timezone

EIGHT_POINTS = [
    ("BL23", "bilateral"),
    ("BL25", "bilateral"),
    ("BL40", "bilateral"),
    ("GB30", "left"),
    ("GV3", "midline"),
    ("GV4", "midline"),
    ("KI3", "bilateral"),
    ("EX-B2 L4", "bilateral"),
]


def local_input(moment: datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def session_data(points=(("BL23", "bilateral"),), events=(), blank_rows: int = 2, **fields) -> dict:
    """A valid submission: 30 minutes of manual needling an hour ago, no follow-up; override anything.

    Each call is a new rendering of the form: a new one-time `submission_token` (pass
    `submission_token=""` to post as a tab opened before tokens existed).
    """
    data = {
        "submission_token": str(uuid.uuid4()),
        "started_at": local_input(timezone.now() - timedelta(hours=1)),
        "duration_minutes": "30",
        "technique": "manual",
        "deqi": "obtained",
        "needle_count": "",
        "needle_gauge_mm": "",
        "needle_length_mm": "",
        "retention_minutes": "",
        "electro_frequency_hz": "",
        "co_interventions": "",
        "subjective": "",
        "objective": "",
        "assessment": "",
        "plan_note": "",
        "pre_nrs": "",
        "post_nrs": "",
        "followup_due_on": "",
        "followup_aftercare": "",
        "followup_exercises": "",
    }
    rows = list(points) + [("", "")] * blank_rows
    data |= management("points", len(rows), 60)
    for number, (code, side, *depth) in enumerate(rows):
        data |= {
            f"points-{number}-code": code,
            f"points-{number}-side": side,
            f"points-{number}-level": "",
            f"points-{number}-depth_mm": "".join(depth),
        }
    event_rows = list(events) + [("", "", "")]
    data |= management("events", len(event_rows), 10)
    for number, (kind, severity, notes) in enumerate(event_rows):
        data |= {f"events-{number}-kind": kind, f"events-{number}-severity": severity, f"events-{number}-notes": notes}
    data |= {key: str(value) for key, value in fields.items()}
    return data


def management(prefix: str, total: int, maximum: int) -> dict:
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": str(maximum),
    }
