"""load_reference_data: partnerships, PCNs, practices and list sizes from the open data folder."""

import shutil
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.test import override_settings

from healthhub.organisations.models import HealthCarePartnership, Hub, Practice, PrimaryCareNetwork

SMALL = Path(__file__).parent / "fixtures" / "small"
REAL = Path(settings.BASE_DIR).parent / "shared" / "data"

pytestmark = pytest.mark.django_db


def load(data_dir: Path | None = None) -> str:
    out = StringIO()
    args = ["--data-dir", str(data_dir)] if data_dir else []
    call_command("load_reference_data", *args, stdout=out)
    return out.getvalue()


def copy_of_small(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(SMALL, target)
    return target


def test_loads_partnerships_pcns_and_practices_with_list_sizes():
    output = load(SMALL)

    assert HealthCarePartnership.objects.count() == 4
    assert PrimaryCareNetwork.objects.count() == 4
    assert Practice.objects.count() == 12
    strood = PrimaryCareNetwork.objects.get(code="U27664")
    assert strood.name == "STROOD PCN" and strood.registered_patients == 42304
    assert strood.partnership.name == "Medway & Swale Health & Care Partnership"
    assert sorted(strood.practices.values_list("ods_code", flat=True)) == ["G82051", "G82106", "G82203", "G82679", "G82711"]

    practice = Practice.objects.get(ods_code="G82002")
    assert practice.name == "ST JAMES' SURGERY"
    assert practice.address_lines == ["ST JAMES' SURGERY", "HAROLD STREET", "DOVER", "KENT"]
    assert practice.postcode == "CT16 1SF" and practice.phone == "01304 225559"
    assert str(practice.open_date) == "1974-04-01"
    assert (practice.latitude, practice.longitude) == (Decimal("51.128513"), Decimal("1.315816"))
    assert practice.registered_patients == 9718  # the 40 age and sex cells of the list size file
    assert practice.partnership is None  # in a PCN: its partnership comes through the PCN
    # A postcode newer than the 2014 Code-Point data has no coordinates: the practice still loads.
    assert Practice.objects.get(ods_code="G82019").latitude is None
    assert "Practices:                    12 created, 0 updated, 0 unchanged" in output
    assert "Registered patients:          115,133" in output


def test_practices_in_no_pcn_stay_visible_with_their_partnership_where_the_data_gives_one():
    output = load(SMALL)

    orphans = {practice.ods_code: practice for practice in Practice.objects.orphans()}
    assert set(orphans) == {"G82062", "G82681"}
    assert orphans["G82062"].partnership.name == "Dartford Gravesham & Swanley Health & Care Partnership"
    assert orphans["G82681"].partnership is None
    assert orphans["G82681"].registered_patients == 6990
    assert "Practices in no PCN (kept, shown as not in a PCN): 2" in output
    assert "G82681 MALLING HEALTH FOUR: no Health and Care Partnership in the data" in output


def test_running_again_changes_nothing_and_keeps_local_settings_such_as_the_hub():
    load(SMALL)
    hub = Hub.objects.create(ods_code="MSHUB1", name="Medway and Swale Health Hub")
    Practice.objects.filter(ods_code="G82051").update(hub=hub)

    output = load(SMALL)

    assert "Health and Care Partnerships: 0 created, 0 updated, 4 unchanged" in output
    assert "Primary care networks:        0 created, 0 updated, 4 unchanged" in output
    assert "Practices:                    0 created, 0 updated, 12 unchanged" in output
    assert Practice.objects.count() == 12
    assert Practice.objects.get(ods_code="G82051").hub == hub


def test_a_changed_row_is_updated_and_counted(tmp_path):
    load(SMALL)
    data = copy_of_small(tmp_path)
    practices = data / "practices.csv"
    practices.write_text(practices.read_text().replace("01304 225559", "01304 000000"))

    output = load(data)

    assert Practice.objects.get(ods_code="G82002").phone == "01304 000000"
    assert "Practices:                    0 created, 1 updated, 11 unchanged" in output


def test_the_data_folder_comes_from_the_setting_when_no_folder_is_given():
    with override_settings(HEALTHHUB_DATA_DIR=SMALL):
        output = load()
    assert f"Reference data loaded from {SMALL}" in output
    assert Practice.objects.count() == 12


def test_a_missing_folder_is_named_with_the_setting_that_points_to_it(tmp_path):
    missing = tmp_path / "no-such-folder"
    with pytest.raises(CommandError) as error:
        load(missing)
    message = str(error.value)
    assert str(missing) in message and "HEALTHHUB_DATA_DIR" in message and "does not exist" in message


def test_a_missing_file_is_named(tmp_path):
    data = copy_of_small(tmp_path)
    (data / "pcns.csv").unlink()
    with pytest.raises(CommandError) as error:
        load(data)
    assert "pcns.csv is missing from the reference data folder" in str(error.value)
    assert str(data) in str(error.value) and "HEALTHHUB_DATA_DIR" in str(error.value)


def test_malformed_rows_are_listed_by_line_and_nothing_is_loaded(tmp_path):
    data = copy_of_small(tmp_path)
    practices = data / "practices.csv"
    lines = practices.read_text().splitlines()
    city_way = next(n for n, line in enumerate(lines) if line.startswith("G82051,"))
    the_elms = next(n for n, line in enumerate(lines) if line.startswith("G82077,"))
    lines[city_way] = lines[city_way].replace(",12875,", ",about 12000,")
    lines[the_elms] = lines[the_elms].replace(",U56757,", ",U99999,")  # a PCN that does not exist
    practices.write_text("\n".join(lines) + "\n")

    with pytest.raises(CommandError) as error:
        load(data)

    message = str(error.value)
    assert "2 row(s)" in message and "nothing was changed" in message
    assert f"practices.csv line {city_way + 1}: practice G82051: registered_patients must be a whole number" in message
    assert f"practices.csv line {the_elms + 1}: practice G82077 names PCN 'U99999', which is not in pcns.csv" in message
    assert Practice.objects.count() == 0 and PrimaryCareNetwork.objects.count() == 0


def test_a_file_without_the_expected_columns_is_refused(tmp_path):
    data = copy_of_small(tmp_path)
    (data / "pcns.csv").write_text("code,name\nU27664,STROOD PCN\n")
    with pytest.raises(CommandError, match="pcns.csv has no column pcn_code, pcn_name, registered_patients"):
        load(data)


@pytest.mark.skipif(not REAL.is_dir(), reason=f"The Kent and Medway data folder {REAL} is not here; the small set covers the loader.")
def test_the_real_kent_and_medway_data_loads_completely_and_reloads_unchanged():
    first = load(REAL)

    assert HealthCarePartnership.objects.count() == 4
    assert PrimaryCareNetwork.objects.count() == 43
    assert Practice.objects.count() == 177
    assert Practice.objects.orphans().count() == 5
    assert sum(Practice.objects.values_list("registered_patients", flat=True)) == 2_038_583
    assert PrimaryCareNetwork.objects.filter(partnership__isnull=True).count() == 0
    assert list(Practice.objects.orphans().filter(partnership__isnull=True).values_list("ods_code", flat=True)) == ["G82681"]
    assert PrimaryCareNetwork.objects.get(code="U56757").practices.count() == 3
    assert "177 created" in first

    second = load(REAL)
    assert "Practices:                    0 created, 0 updated, 177 unchanged" in second
    assert "Primary care networks:        0 created, 0 updated, 43 unchanged" in second
