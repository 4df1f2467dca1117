"""How demo requests split between practices: published submissions where there are any, else list size."""

from types import SimpleNamespace

import pytest

from healthhub.core.demo.volumes import practice_shares

HEADER = "month,ods_code,pcn_code,supplier,submissions,clinical_submissions,administrative_submissions,other_unknown_type_submissions,registered_patient_count\n"


def practice(pk, code, patients):
    return SimpleNamespace(id=pk, ods_code=code, registered_patients=patients)


def test_shares_follow_published_submissions_leaving_out_months_with_no_data(tmp_path):
    (tmp_path / "online_consultation_submissions.csv").write_text(
        HEADER
        + "2025-08,A00001,U1,ECONSULT,300,250,50,0,10000\n"
        + "2025-09,A00001,U1,ECONSULT,100,80,20,0,10000\n"
        + "2025-09,B00002,U1,No Data,0,0,0,0,10000\n"  # no data supplied: not a month of zero demand
        + "2025-10,B00002,U1,ECONSULT,200,180,20,0,10000\n"
    )
    shares = practice_shares([practice(1, "A00001", 10000), practice(2, "B00002", 10000)], tmp_path)
    assert shares == pytest.approx({1: 0.5, 2: 0.5})  # A's mean is 200 a month; B's one real month is 200


def test_a_practice_without_published_months_falls_back_to_its_list_size_at_the_others_rate(tmp_path):
    (tmp_path / "online_consultation_submissions.csv").write_text(HEADER + "2025-08,A00001,U1,ECONSULT,300,250,50,0,10000\n")
    shares = practice_shares([practice(1, "A00001", 10000), practice(2, "C00003", 5000)], tmp_path)
    assert shares == pytest.approx({1: 2 / 3, 2: 1 / 3})


def test_without_the_file_shares_follow_list_size(tmp_path):
    shares = practice_shares([practice(1, "A00001", 3000), practice(2, "B00002", 1000)], tmp_path)
    assert shares == pytest.approx({1: 0.75, 2: 0.25})
