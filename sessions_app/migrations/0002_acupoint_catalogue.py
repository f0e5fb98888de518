import re

from django.db import migrations

from sessions_app.acupoint_catalogue import EXTRA_POINTS, POINTS


def load_catalogue(apps, schema_editor):
    Acupoint = apps.get_model("sessions_app", "Acupoint")
    rows = []
    for code, pinyin in POINTS:
        meridian, number = re.match(r"^([A-Z]{2})(\d+)$", code).groups()
        rows.append(Acupoint(code=code, pinyin=pinyin, meridian=meridian, number=int(number)))
    for code, pinyin in EXTRA_POINTS:
        number = int(re.search(r"(\d+)$", code).group(1))
        rows.append(Acupoint(code=code, pinyin=pinyin, meridian="EX", number=number))
    Acupoint.objects.bulk_create(rows, ignore_conflicts=True)


def unload_catalogue(apps, schema_editor):
    codes = [code for code, _ in POINTS + EXTRA_POINTS]
    apps.get_model("sessions_app", "Acupoint").objects.filter(code__in=codes).delete()


class Migration(migrations.Migration):
    dependencies = [("sessions_app", "0001_initial")]

    operations = [migrations.RunPython(load_catalogue, unload_catalogue)]
