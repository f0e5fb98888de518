"""One patient's record as a FHIR R4 Bundle (type collection), built with fhir.resources R4B models.

The resources built from free text or from few rows (the patient, practitioners, condition,
questionnaire scores, follow-ups) and the bundle's envelope are validated by their fhir.resources
model as they are built, so a malformed record fails here and never reaches a client. The
Procedures and pain Observations, the bulk of a long record (1,500 resources for ten years of
weekly sessions), are built from typed, constrained columns only (an NRS of 0 to 10 under a check
constraint, aware datetimes, choice codes, catalogue codes and pinyin), so their shape cannot vary
with the data: the tests validate them through the whole bundle (`Bundle.model_validate`) for every
variant, and validating each one again on every request cost half the export's time. They are read
as tuples, not model instances, for the same reason. The JSON is written with the standard library:
fhir.resources' own serializer takes about a second for 1,000 observations, json.dumps a few
milliseconds. Seven queries whatever the length of the history.

Codes (shared clinical-standards.md §4): LOINC 72514-3 pain severity 0-10; SNOMED 44868003
acupuncture; SNOMED 279039007 low back pain, 81680005 neck pain, 23056005 sciatica, 161891005
backache; LOINC 97909-6 ODI score and 82237-9 NDI total [VERIFY: sample IG]; RMDQ has no LOINC code
and uses a local code system. No LOINC code for the STarT Back total, its distress subscale or the
PSFS mean could be confirmed (searched for issue 11): they use the clinic's local code system
(`INSTRUMENT_SYSTEM_PATH`), as RMDQ does, and the STarT Back risk group is the Observation's
interpretation in a local code system too (`RISK_SYSTEM_PATH`).

Each completed questionnaire is a QuestionnaireResponse (its answers by item position; a PSFS item is
an activity the patient named, with its rating) whose `language` is the language of the text answered
and whose `questionnaire` is the clinic's canonical URL of the instrument with `|version` of the text
(none for a paper form); its scored total is an Observation `derivedFrom` it.

Pain-map regions (bodySite) use the clinic's local code system (`REGION_SYSTEM_PATH`): no SNOMED
body-structure code for them could be confirmed.
"""

import json
from datetime import UTC, datetime, time, timedelta

from django.db.models import Q
from django.utils import timezone
from fhir.resources.R4B.appointment import Appointment
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.condition import Condition
from fhir.resources.R4B.observation import Observation
from fhir.resources.R4B.patient import Patient as FhirPatient
from fhir.resources.R4B.practitioner import Practitioner as FhirPractitioner
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse as FhirQuestionnaireResponse

from patients import pain_map, scoring
from patients.archive import not_archived
from patients.choices import choice_label
from patients.models import AssessmentSource, PainAssessment, PainRegionScore, Patient, QuestionnaireResponse
from sessions_app.models import AcupunctureSession, FollowUp, Practitioner, SessionPoint, Side, Technique

CONTENT_TYPE = "application/fhir+json"
LOINC = "http://loinc.org"
SNOMED = "http://snomed.info/sct"
UCUM = "http://unitsofmeasure.org"
OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
CONDITION_CLINICAL = "http://terminology.hl7.org/CodeSystem/condition-clinical"

PAIN_CODE = {
    "system": LOINC,
    "code": "72514-3",
    "display": "Pain severity - 0-10 verbal numeric rating [Score] - Reported",
}
ACUPUNCTURE_CODE = {"system": SNOMED, "code": "44868003", "display": "Acupuncture"}
CONDITION_CODES = {
    "low_back_pain": {"system": SNOMED, "code": "279039007", "display": "Low back pain"},
    "neck_pain": {"system": SNOMED, "code": "81680005", "display": "Neck pain"},
    "sciatica": {"system": SNOMED, "code": "23056005", "display": "Sciatica"},
    "backache": {"system": SNOMED, "code": "161891005", "display": "Backache"},
}
SCORE_CODES = {
    "odi": {"system": LOINC, "code": "97909-6", "display": "Oswestry disability index score ODI"},
    "ndi": {"system": LOINC, "code": "82237-9", "display": "Total score [NDI]"},
}
SCORE_UNITS = {
    "odi": {"unit": "%", "system": UCUM, "code": "%"},
    "ndi": {"unit": "%", "system": UCUM, "code": "%"},
    "rmdq": {"unit": "{score}", "system": UCUM, "code": "{score}"},
    "startback": {"unit": "{score}", "system": UCUM, "code": "{score}"},
    "psfs": {"unit": "{score}", "system": UCUM, "code": "{score}"},
}
LOCAL_SCORE_DISPLAY = {
    "rmdq": "RMDQ score",
    "startback": "STarT Back total score",
    "psfs": "PSFS mean activity score",
}
INSTRUMENT_SYSTEM_PATH = "CodeSystem/instrument"  # under CLINIC_FHIR_BASE_URL: instruments without LOINC codes
RISK_SYSTEM_PATH = "CodeSystem/startback-risk"
QUESTIONNAIRE_PATH = "Questionnaire/"  # the clinic's canonical URL of each instrument
REGION_SYSTEM_PATH = "CodeSystem/pain-region"  # under CLINIC_FHIR_BASE_URL: patients.pain_map's codes
APPOINTMENT_STATUS = {"scheduled": "booked", "completed": "fulfilled", "missed": "noshow", "cancelled": "cancelled"}


def _when(moment: datetime, tz=None) -> str:
    """ISO 8601 in the clinic's time zone; `tz` saves looking the zone up again for every row.

    A moment stored before the date rules (year 1, year 9999) may have no local time, or one with
    a local mean time's offset in seconds, which FHIR cannot write: such a moment is given in UTC.
    """
    try:
        local = moment.astimezone(tz or timezone.get_current_timezone())
    except OverflowError:
        return moment.astimezone(UTC).isoformat()
    if local.utcoffset() % timedelta(minutes=1):
        return moment.astimezone(UTC).isoformat()
    return local.isoformat()


def _ref(kind: str, pk: object) -> dict:
    return {"reference": f"{kind}/{pk}"}


def condition_coding(patient: Patient) -> dict:
    """The SNOMED finding that fits the patient's condition and spine region."""
    if patient.condition == "sciatica":
        return CONDITION_CODES["sciatica"]
    if patient.spine_region == "cervical":
        return CONDITION_CODES["neck_pain"]
    if patient.spine_region in ("lumbar", "sacral"):
        return CONDITION_CODES["low_back_pain"]
    return CONDITION_CODES["backache"]


def _pruned(value):
    """FHIR JSON has no nulls and no empty arrays or objects."""
    if isinstance(value, dict):
        items = {key: _pruned(item) for key, item in value.items()}
        return {key: item for key, item in items.items() if item not in (None, [], {})}
    if isinstance(value, list):
        return [_pruned(item) for item in value]
    return value


def _checked(model, data: dict) -> dict:
    """`data` once its fhir.resources model has validated it (pydantic ValidationError otherwise)."""
    data = _pruned(data)
    model.model_validate(data)
    return {"resourceType": model.get_resource_type(), **data}


def bundle_data(patient: Patient, *, base_url: str) -> dict:
    """The whole record of `patient`. `base_url` ("https://host/fhir/") roots fullUrls and local systems."""
    sessions = list(
        AcupunctureSession.objects.filter(patient=patient)
        .current()
        .order_by("started_at", "pk")
        .values_list("pk", "started_at", "duration_minutes", "practitioner_id", "technique")
    )
    points: dict[int, list[tuple]] = {}
    for session_id, *point in point_rows(patient):
        points.setdefault(session_id, []).append(point)
    resources = [patient_resource(patient, base_url)]
    resources += [practitioner_resource(p, base_url) for p in practitioners_of(patient)]
    resources.append(condition_resource(patient))
    tz = timezone.get_current_timezone()
    resources += [procedure_resource(row, points.get(row[0], []), patient.pk, tz) for row in sessions]
    session_ids = {row[0] for row in sessions}
    assessments = (
        PainAssessment.objects.filter(patient=patient)
        .order_by("assessed_at", "pk")
        .values_list("pk", "assessed_at", "nrs", "source", "session_id")
    )
    resources += [pain_observation(row, patient.pk, session_ids, tz) for row in assessments]
    region_system = f"{base_url}{REGION_SYSTEM_PATH}"
    resources += [region_observation(row, patient.pk, session_ids, region_system, tz) for row in region_rows(patient)]
    questionnaires = list(
        QuestionnaireResponse.objects.filter(patient=patient, completed_at__isnull=False).order_by("completed_at", "pk")
    )
    resources += [questionnaire_response_resource(q, base_url) for q in questionnaires]
    resources += [score_observation(q, base_url) for q in questionnaires if q.score is not None]
    followups = FollowUp.objects.filter(patient=patient).select_related("session").order_by("due_on", "pk")
    resources += [appointment_resource(f, patient) for f in followups]
    entries = [{"fullUrl": f"{base_url}{r['resourceType']}/{r['id']}", "resource": r} for r in resources]
    envelope = {"type": "collection", "timestamp": _when(timezone.now())}
    _checked(Bundle, {**envelope, "entry": [{"fullUrl": e["fullUrl"]} for e in entries]})  # resources: above
    return {"resourceType": "Bundle", **envelope, "entry": entries}


def point_rows(patient: Patient):
    """(session id, code, pinyin, side, vertebral level) of every point of the current sessions."""
    return (
        SessionPoint.objects.filter(not_archived("session__"), session__patient=patient)
        .order_by("pk")
        .values_list("session_id", "acupoint__code", "acupoint__pinyin", "side", "vertebral_level")
    )


def practitioners_of(patient: Patient):
    """Everyone who treated the patient (archived sessions too) and the primary practitioner. An OR
    over a join to the sessions made the database read every session of every practitioner (300 ms
    at 10,000 patients); `pk IN (the patient's sessions' practitioners)` reads the patient's only."""
    treated = AcupunctureSession.objects.filter(patient=patient).values("practitioner_id")
    return (
        Practitioner.objects.filter(Q(pk=patient.primary_practitioner_id) | Q(pk__in=treated))
        .select_related("user")
        .order_by("pk")
    )


def build_bundle(patient: Patient, *, base_url: str) -> Bundle:
    """The record as a validated fhir.resources Bundle (for Python callers; slower than bundle_json)."""
    return Bundle.model_validate(bundle_data(patient, base_url=base_url))


def bundle_json(patient: Patient, *, base_url: str) -> str:
    return json.dumps(bundle_data(patient, base_url=base_url), ensure_ascii=False, separators=(",", ":"))


def patient_resource(patient: Patient, base_url: str) -> dict:
    telecom = [{"system": "email", "value": patient.email}] if patient.email else []
    if patient.phone:
        telecom.append({"system": "phone", "value": patient.phone})
    data = {
        "id": str(patient.pk),
        "identifier": [{"system": f"{base_url}mrn", "value": patient.mrn}],
        "active": patient.archived_at is None,
        "name": [{"family": patient.last_name, "given": [patient.first_name]}],
        "gender": patient.sex,  # our choices are FHIR's AdministrativeGender codes
        "birthDate": patient.date_of_birth.isoformat(),
        "telecom": telecom or None,
    }
    if patient.primary_practitioner_id:
        data["generalPractitioner"] = [_ref("Practitioner", patient.primary_practitioner_id)]
    return _checked(FhirPatient, data)


def practitioner_resource(practitioner: Practitioner, base_url: str) -> dict:
    user = practitioner.user
    qualifications = [
        {
            "identifier": [{"system": f"{base_url}licence", "value": practitioner.license_number}],
            "code": {"text": "Acupuncture licence"},
            "period": {"end": practitioner.license_expires.isoformat()},
        }
    ]
    if practitioner.certification:
        qualifications.append({"code": {"text": practitioner.certification}})
    name = {"text": str(practitioner)}
    if user.last_name:
        name["family"] = user.last_name
    if user.first_name:
        name["given"] = [user.first_name]
    return _checked(FhirPractitioner, {"id": str(practitioner.pk), "name": [name], "qualification": qualifications})


def condition_resource(patient: Patient) -> dict:
    data = {
        "id": str(patient.pk),
        "clinicalStatus": {"coding": [{"system": CONDITION_CLINICAL, "code": "active"}]},
        "code": {
            "coding": [condition_coding(patient)],
            "text": f"{patient.get_condition_display()} ({patient.get_spine_region_display()}, "
            f"{patient.get_pain_type_display()})".lower().capitalize(),
        },
        "subject": _ref("Patient", patient.pk),
        "recordedDate": _when(patient.created_at),
    }
    if patient.onset_date:
        data["onsetDateTime"] = patient.onset_date.isoformat()
    return _checked(Condition, data)


def points_note(points: list[tuple], technique: str) -> str:
    """`points`: (code, pinyin, side, vertebral level) of each point needled."""
    text = [
        f"{code} {pinyin} ({choice_label(Side, side).lower()}" + (f", {level}" if level else "") + ")"
        for code, pinyin, side, level in points
    ]
    technique = choice_label(Technique, technique).lower()
    return f"Points: {', '.join(text) or 'none recorded'}. Stimulation: {technique}."


def procedure_resource(session: tuple, points: list[tuple], patient_pk: int, tz=None) -> dict:
    """`session`: (pk, started_at, duration_minutes, practitioner_id, technique). Not validated here
    (see the module's docstring): every value is typed and constrained, none is ever empty."""
    pk, started_at, minutes, practitioner_id, technique = session
    return {
        "resourceType": "Procedure",
        "id": str(pk),
        "status": "completed",
        "code": {"coding": [ACUPUNCTURE_CODE], "text": "Acupuncture"},
        "subject": _ref("Patient", patient_pk),
        "performedPeriod": {
            "start": _when(started_at, tz),
            "end": _when(started_at + timedelta(minutes=minutes), tz),
        },
        "performer": [{"actor": _ref("Practitioner", practitioner_id)}],
        "reasonReference": [_ref("Condition", patient_pk)],
        "note": [{"text": points_note(points, technique)}],
    }


def pain_observation(assessment: tuple, patient_pk: int, session_ids: set[int], tz=None) -> dict:
    """`assessment`: (pk, assessed_at, nrs, source, session_id). Not validated here (see the module's
    docstring): every value is typed and constrained, none is ever empty."""
    pk, assessed_at, nrs, source, session_id = assessment
    data = {
        "resourceType": "Observation",
        "id": f"nrs-{pk}",
        "status": "final",
        "category": [{"coding": [{"system": OBSERVATION_CATEGORY, "code": "survey"}]}],
        "code": {"coding": [PAIN_CODE], "text": "Pain (NRS 0-10)"},
        "subject": _ref("Patient", patient_pk),
        "effectiveDateTime": _when(assessed_at, tz),
        "valueInteger": nrs,
        "method": {"text": choice_label(AssessmentSource, source)},
    }
    if session_id in session_ids:
        data["partOf"] = [_ref("Procedure", session_id)]
    return data


def region_rows(patient: Patient):
    """(pk, assessed_at, region, side, intensity, session id) of every pain-map score, oldest first."""
    return (
        PainRegionScore.objects.filter(assessment__patient=patient)
        .order_by("assessment__assessed_at", "assessment__pk", "pk")
        .values_list("pk", "assessment__assessed_at", "region", "side", "intensity", "assessment__session_id")
    )


def region_observation(score: tuple, patient_pk: int, session_ids: set[int], region_system: str, tz=None) -> dict:
    """One pain-map score: the NRS at one region, `bodySite` the region in the clinic's own code system
    with its side in the text. No SNOMED body-structure code is given: none could be confirmed in a
    SNOMED browser (shared clinical-standards.md §4.2 marks even "lower back structure" VERIFY), and a
    wrong code is worse than a local one. Not validated here, as `pain_observation` (the module's
    docstring): every value is a typed, constrained column; the tests validate every region and side."""
    pk, assessed_at, region, side, intensity, session_id = score
    label = pain_map.region_label(region)
    data = {
        "resourceType": "Observation",
        "id": f"region-{pk}",
        "status": "final",
        "category": [{"coding": [{"system": OBSERVATION_CATEGORY, "code": "survey"}]}],
        "code": {"coding": [PAIN_CODE], "text": "Pain (NRS 0-10) at a body region"},
        "subject": _ref("Patient", patient_pk),
        "effectiveDateTime": _when(assessed_at, tz),
        "valueInteger": intensity,
        "bodySite": {
            "coding": [{"system": region_system, "code": region, "display": label}],
            "text": f"{label} ({choice_label(pain_map.PainSide, side).lower()})",
        },
    }
    if session_id in session_ids:
        data["partOf"] = [_ref("Procedure", session_id)]
    return data


def questionnaire_canonical(response: QuestionnaireResponse, base_url: str) -> str:
    """The instrument's canonical URL, with `|version` of the loaded text answered (none for paper)."""
    url = f"{base_url}{QUESTIONNAIRE_PATH}{response.instrument}"
    return f"{url}|{response.text_version}" if response.text_version else url


def _answer_items(response: QuestionnaireResponse) -> list[dict]:
    """One item per answered question: its position and topic (never the licensed wording), its
    answer (the option's position, scored as `patients.scoring` says). A PSFS item is an activity the
    patient named, with its rating 0-10."""
    if response.instrument == "psfs":
        return [
            {"linkId": str(number), "text": activity, "answer": [{"valueInteger": rating}]}
            for number, (activity, rating) in enumerate(
                zip(response.activities or [], response.answers or [], strict=False), start=1
            )
            if activity and rating is not None
        ]
    titles = scoring.ITEM_TITLES[response.instrument]
    return [
        {"linkId": str(number), "text": titles[number - 1], "answer": [{"valueInteger": answer}]}
        for number, answer in enumerate(response.answers or [], start=1)
        if answer is not None
    ]


def questionnaire_response_resource(response: QuestionnaireResponse, base_url: str) -> dict:
    return _checked(
        FhirQuestionnaireResponse,
        {
            "id": f"qr-{response.pk}",
            "language": response.language or None,
            "questionnaire": questionnaire_canonical(response, base_url),
            "status": "completed",
            "subject": _ref("Patient", response.patient_id),
            "authored": _when(response.completed_at),
            "item": _answer_items(response),
        },
    )


def score_observation(response: QuestionnaireResponse, base_url: str) -> dict:
    local = f"{base_url}{INSTRUMENT_SYSTEM_PATH}"
    coding = SCORE_CODES.get(
        response.instrument,
        {"system": local, "code": response.instrument, "display": LOCAL_SCORE_DISPLAY.get(response.instrument, "")},
    )
    data = {
        "id": f"score-{response.pk}",
        "status": "final",
        "category": [{"coding": [{"system": OBSERVATION_CATEGORY, "code": "survey"}]}],
        "code": {"coding": [coding], "text": response.get_instrument_display()},
        "subject": _ref("Patient", response.patient_id),
        "effectiveDateTime": _when(response.completed_at),
        "valueQuantity": {"value": response.score, **SCORE_UNITS[response.instrument]},
        "derivedFrom": [_ref("QuestionnaireResponse", f"qr-{response.pk}")],
    }
    if response.risk_group:
        data["interpretation"] = [
            {
                "coding": [{"system": f"{base_url}{RISK_SYSTEM_PATH}", "code": response.risk_group}],
                "text": response.band,
            }
        ]
        data["component"] = [
            {
                "code": {
                    "coding": [
                        {"system": local, "code": "startback-distress", "display": "STarT Back distress subscale"}
                    ]
                },
                "valueQuantity": {"value": response.subscale, **SCORE_UNITS["startback"]},
            }
        ]
    return _checked(Observation, data)


def appointment_resource(followup: FollowUp, patient: Patient) -> dict:
    # A follow-up is due on a day, not at a time: the appointment spans that local day.
    start = timezone.make_aware(datetime.combine(followup.due_on, time.min))
    try:
        end = start + timedelta(days=1)
    except OverflowError:  # due 9999-12-31 (stored before the date rules): the day's last moment
        end = timezone.make_aware(datetime.combine(followup.due_on, time.max))
    participants = [{"actor": _ref("Patient", patient.pk), "status": "accepted"}]
    practitioner_id = followup.session.practitioner_id if followup.session_id else patient.primary_practitioner_id
    if practitioner_id:
        participants.append({"actor": _ref("Practitioner", practitioner_id), "status": "accepted"})
    instruction = "\n".join(text for text in (followup.aftercare, followup.exercises) if text)
    return _checked(
        Appointment,
        {
            "id": f"followup-{followup.pk}",
            "status": APPOINTMENT_STATUS[followup.status],
            "description": "Follow-up",
            "start": _when(start),
            "end": _when(end),
            "participant": participants,
            "patientInstruction": instruction or None,
        },
    )
