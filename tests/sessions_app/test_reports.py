"""The PDF progress report (staff and patient) and the referral letter (issue 15).

The PDFs are read back with pypdf: what a GP or insurer reads on paper must hold the record's figures
(baseline, latest, percent change and the responder verdict, the MRN, the practitioner's licence).
"""

import io
import re
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone
from pypdf import PdfReader

from interop.pdf import BASE_URL, RefusedFetch, StaticFetcher
from patients.models import AccessLog
from sessions_app.models import AdverseEvent, ReferralLetter
from tests.factories import (
    PainAssessmentFactory,
    PainRegionScoreFactory,
    QuestionnaireFactory,
    SessionFactory,
    add_points,
)

NOW = timezone.datetime(2026, 11, 20, 12, 0, tzinfo=timezone.get_fixed_timezone(0))
clock = time_machine.travel(NOW, tick=False)


def pdf_text(response) -> str:
    """The PDF's text, whitespace folded (a table cell or a line break is one space)."""
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    assert 1 <= len(reader.pages) <= 3
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


@pytest.fixture
def course(patient_a, practitioner):
    """Patient A: pain 8 at the start, 4 now (−50 %, a responder), two sessions with pain before and
    after needling (7 → 5 and 5 → 4: a mean immediate change of −1.5), a bruise after the first."""
    with clock:
        PainAssessmentFactory(patient=patient_a, nrs=8, assessed_at=NOW - timedelta(days=30))
        for days, pre, post in ((20, 7, 5), (10, 5, 4)):
            session = SessionFactory(
                patient=patient_a, practitioner=practitioner, started_at=NOW - timedelta(days=days)
            )
            add_points(session, [("BL23", "bilateral"), ("GV4", "midline")])
            PainAssessmentFactory(patient=patient_a, session=session, source="pre_session", nrs=pre,
                                  assessed_at=session.started_at)  # fmt: skip
            PainAssessmentFactory(patient=patient_a, session=session, source="post_session", nrs=post,
                                  assessed_at=session.started_at + timedelta(minutes=35))  # fmt: skip
            if days == 20:
                AdverseEvent.objects.create(session=session, kind="bruising", severity="mild", notes="GV4")
        latest = PainAssessmentFactory(
            patient=patient_a, nrs=4, source="self_report", assessed_at=NOW - timedelta(days=1)
        )
        PainRegionScoreFactory(assessment=latest, region="L4", side="left", intensity=4)
    return patient_a


# --- the practitioner's report ---------------------------------------------------------------------


@pytest.mark.django_db
def test_the_report_holds_the_record_figures_and_the_signature(practitioner_client, course, practitioner):
    with clock:
        response = practitioner_client.get(f"/patients/{course.pk}/report.pdf")
    text = pdf_text(response)
    assert course.mrn in text
    assert "Alice Archer" in text
    assert "Pain fell from 8 to 4 (−50.0 %)" in text  # patients.trends: status readings only
    assert "8/10 4/10 -4 -50.0 %" in text  # baseline, latest, change, percent
    assert "Yes: a substantial improvement" in text
    # The immediate effect is its own measurement: the mean of (after − before), never the course.
    assert "Right after needling, pain fell by 1.5 points on average (2 sessions)." in text
    assert "BL23" in text and "GV4" in text
    assert "Bruising" in text
    assert f"Licence number {practitioner.license_number}" in text
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_the_report_is_in_the_access_log(practitioner_client, course, practitioner):
    with clock:
        practitioner_client.get(f"/patients/{course.pk}/report.pdf")
    entry = AccessLog.objects.get(patient=course, action=AccessLog.Action.EXPORT_PDF)
    assert entry.user == practitioner.user
    assert entry.path == f"/patients/{course.pk}/report.pdf"


@pytest.mark.django_db
def test_a_report_of_no_such_patient_is_404_and_patients_are_refused(practitioner_client, client, patient_b, course):
    assert practitioner_client.get("/patients/999999/report.pdf").status_code == 404
    client.force_login(patient_b.user)
    assert client.get(f"/patients/{course.pk}/report.pdf").status_code == 403
    assert not AccessLog.objects.filter(action=AccessLog.Action.EXPORT_PDF).exists()


@pytest.mark.django_db
def test_an_archived_patient_still_gets_a_report(practitioner_client, course):
    course.archived_at = timezone.now()
    course.save(update_fields=["archived_at"])
    assert course.mrn in pdf_text(practitioner_client.get(f"/patients/{course.pk}/report.pdf"))


@pytest.mark.django_db
def test_the_report_is_in_the_users_language_with_decimal_commas(practitioner_client, course):
    with clock:
        response = practitioner_client.get(f"/patients/{course.pk}/report.pdf", HTTP_ACCEPT_LANGUAGE="de")
    text = pdf_text(response)
    assert "Der Schmerz ist seit" in text
    assert "-50,0 %" in text
    assert "Pain fell" not in text


@pytest.mark.django_db
def test_the_report_reads_a_fixed_number_of_queries(practitioner_client, course, django_assert_max_num_queries):
    with clock, django_assert_max_num_queries(15):
        practitioner_client.get(f"/patients/{course.pk}/report.pdf")


# --- the patient's own report --------------------------------------------------------------------


@pytest.mark.django_db
def test_the_patient_gets_their_own_report_in_patient_wording(patient_a_client, course, patient_b):
    with clock:
        text = pdf_text(patient_a_client.get("/me/report.pdf"))
    assert "Your progress report" in text
    assert course.mrn in text and patient_b.mrn not in text
    assert "8/10 4/10" in text
    assert AccessLog.objects.filter(patient=course, action=AccessLog.Action.EXPORT_PDF).count() == 1


@pytest.mark.django_db
def test_another_patient_gets_their_own_report_only(client, course, patient_b):
    client.force_login(patient_b.user)
    text = pdf_text(client.get("/me/report.pdf"))
    assert patient_b.mrn in text and course.mrn not in text
    assert "Alice" not in text


# --- offline rendering ---------------------------------------------------------------------------


def test_the_fetcher_serves_our_static_files_only():
    fetcher = StaticFetcher()
    response = fetcher.fetch(f"{BASE_URL}static/sessions_app/report.css")
    assert b"@page" in response.read()
    for url in ("https://example.org/x.css", "file:///etc/passwd", f"{BASE_URL}static/../settings.py",
                f"{BASE_URL}media/x.png", f"{BASE_URL}static/no-such-file.css"):  # fmt: skip
        with pytest.raises(RefusedFetch):
            fetcher.fetch(url)


def test_the_pdf_pain_map_has_the_colours_of_the_page_map():
    """WeasyPrint cannot read clinic.css into the SVG: its own copy must give the same colours."""
    page = (StaticFetcher().fetch(f"{BASE_URL}static/clinic/clinic.css").read()).decode()
    pdf = (StaticFetcher().fetch(f"{BASE_URL}static/sessions_app/pain_map_pdf.css").read()).decode()
    key = (StaticFetcher().fetch(f"{BASE_URL}static/sessions_app/report.css").read()).decode()
    for level in ("zero", "low", "mid", "high"):
        colour = re.search(rf"\.pm-{level} {{ fill: (#[0-9a-f]+); }}", page)[1]
        assert f".pm-{level} {{ fill: {colour}; }}" in pdf
        if level != "zero":
            assert f".pm-swatch.pm-{level} {{ background: {colour}; }}" in key


# --- the referral letter -------------------------------------------------------------------------


def letter_data(**changes) -> dict:
    return {
        "recipient": "gp",
        "recipient_name": "Dr. A. de Vries",
        "recipient_address": "Huisartsenpraktijk Centrum\nKerkstraat 1, Utrecht",
        "message": "Dear colleague, the low back pain has halved over two sessions; please review her medication.",
        **changes,
    }


@pytest.mark.django_db
def test_a_letter_is_written_on_the_form_and_opens_as_a_pdf(practitioner_client, course, practitioner):
    assert practitioner_client.get(f"/patients/{course.pk}/letters/new/").status_code == 200
    with clock:
        response = practitioner_client.post(f"/patients/{course.pk}/letters/new/", letter_data())
        letter = ReferralLetter.objects.get(patient=course)
        # The URL carries the letter's primary key only: no name, no message.
        assert response.url == f"/patients/{course.pk}/letter.pdf?to={letter.pk}"
        text = pdf_text(practitioner_client.get(response.url))
    assert "Dr. A. de Vries" in text and "Kerkstraat 1, Utrecht" in text
    assert "please review her medication" in text
    assert course.mrn in text and "8/10 4/10" in text
    assert f"Licence number {practitioner.license_number}" in text
    assert letter.written_by == practitioner.user and letter.history.count() == 1
    assert AccessLog.objects.filter(patient=course, action=AccessLog.Action.LETTER_PDF).count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"message": "   "}, "message"),
        ({"recipient_name": ""}, "recipient_name"),
        ({"recipient": "lawyer"}, "recipient"),
    ],
)
def test_an_incomplete_letter_is_refused_with_its_errors(practitioner_client, course, changes, field):
    response = practitioner_client.post(f"/patients/{course.pk}/letters/new/", letter_data(**changes))
    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert not ReferralLetter.objects.exists()


@pytest.mark.django_db
def test_a_double_click_writes_one_letter(practitioner_client, course):
    page = practitioner_client.get(f"/patients/{course.pk}/letters/new/")
    token = str(page.context["form"]["submission_token"].value())
    first = practitioner_client.post(f"/patients/{course.pk}/letters/new/", letter_data(submission_token=token))
    second = practitioner_client.post(f"/patients/{course.pk}/letters/new/", letter_data(submission_token=token))
    assert ReferralLetter.objects.count() == 1
    assert second.url == first.url


@pytest.mark.django_db
def test_a_letter_of_another_patient_or_no_letter_is_404(practitioner_client, course, patient_b, practitioner):
    letter = ReferralLetter.objects.create(patient=course, written_by=practitioner.user, **{
        k: v for k, v in letter_data().items() if k != "submission_token"})  # fmt: skip
    assert practitioner_client.get(f"/patients/{patient_b.pk}/letter.pdf?to={letter.pk}").status_code == 404
    assert practitioner_client.get(f"/patients/{course.pk}/letter.pdf").status_code == 404
    assert practitioner_client.get(f"/patients/{course.pk}/letter.pdf?to=gp").status_code == 404
    assert not AccessLog.objects.filter(action=AccessLog.Action.LETTER_PDF).exists()


@pytest.mark.django_db
def test_an_archived_record_gets_no_new_letter(practitioner_client, course):
    course.archived_at = timezone.now()
    course.save(update_fields=["archived_at"])
    response = practitioner_client.post(f"/patients/{course.pk}/letters/new/", letter_data())
    assert response.url == f"/patients/{course.pk}/"
    assert not ReferralLetter.objects.exists()


@pytest.mark.django_db
def test_a_letter_message_never_reaches_the_network(practitioner_client, course, monkeypatch):
    """Markup typed into the message is text, and nothing in it is fetched."""
    fetched = []
    real = StaticFetcher.fetch
    monkeypatch.setattr(StaticFetcher, "fetch", lambda self, url, headers=None: fetched.append(url) or real(self, url))
    message = (
        '<img src="https://tracker.example.org/pixel.png"> <link rel="stylesheet" href="http://evil.example/x.css">'
    )
    response = practitioner_client.post(f"/patients/{course.pk}/letters/new/", letter_data(message=message))
    text = pdf_text(practitioner_client.get(response.url))
    assert "tracker.example.org" in text  # shown as typed
    assert all(url.startswith(f"{BASE_URL}static/") for url in fetched)


@pytest.mark.django_db
def test_a_full_record_stays_within_three_pages(practitioner_client, course, practitioner):
    """Three instruments (one read once), the pain map and ten sessions: still one to three pages; a
    questionnaire read once is its sentence, without a chart of one dot."""
    with clock:
        for days in (30, 1):
            QuestionnaireFactory(patient=course, instrument="odi", answers=[3 if days == 30 else 1] * 10,
                                 completed_at=NOW - timedelta(days=days))  # fmt: skip
            QuestionnaireFactory(
                patient=course, instrument="psfs", answers=[2 if days == 30 else 6, 3, 4, None, None],
                activities=["Gardening", "Driving", "Sitting", "", ""], completed_at=NOW - timedelta(days=days),
            )  # fmt: skip
        QuestionnaireFactory(patient=course, instrument="startback", answers=[0, 0, 0, 0, 1, 1, 1, 0, 4],
                             completed_at=NOW - timedelta(days=30))  # fmt: skip
        for days in range(2, 10):
            session = SessionFactory(
                patient=course, practitioner=practitioner, started_at=NOW - timedelta(days=days, hours=3)
            )
            add_points(session, [("BL23", "bilateral"), ("GV4", "midline"), ("BL40", "bilateral")])
        response = practitioner_client.get(f"/patients/{course.pk}/report.pdf")
    text = pdf_text(response)  # asserts 1 to 3 pages
    assert "STarT Back: High risk (total 4/9) on 21 October." in text
    # Its heading only: a chart would name it again in its legend (as the two-reading ODI's does).
    assert text.count("STarT Back Screening Tool") == 1
    assert text.count("Oswestry Disability Index") >= 2
