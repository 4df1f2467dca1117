"""NHS numbers: Modulus 11 check digit, 3-3-4 display, what people type (DOMAIN.md 6)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from healthhub.patients.nhs_number import FHIR_SYSTEM, InvalidNHSNumber, NHSNumber, check_digit, is_valid


@pytest.mark.parametrize("number", ["9434765919", "4010232137", "9990000018", "4505577104", "9000000009"])
def test_valid_numbers(number):
    assert is_valid(number)
    assert NHSNumber.parse(number).value == number


@pytest.mark.parametrize(
    "number",
    [
        "9434765918",  # last digit wrong
        "1234567890",
        "9434765991",  # two digits swapped
        "4934765919",  # first two swapped
    ],
)
def test_invalid_check_digits(number):
    assert not is_valid(number)
    with pytest.raises(InvalidNHSNumber, match="check the digits"):
        NHSNumber.parse(number)


def test_the_worked_check_digit():
    # 9*10 + 4*9 + 3*8 + 4*7 + 7*6 + 6*5 + 5*4 + 9*3 + 1*2 = 299; 299 mod 11 = 2; 11 - 2 = 9
    assert check_digit("943476591") == 9


def test_a_remainder_of_zero_gives_check_digit_zero():
    # 943476590: weighted sum 286 = 26 x 11, so 11 - 0 = 11, which becomes 0
    assert check_digit("943476590") == 0
    assert is_valid("9434765900")


@pytest.mark.parametrize("first_nine", ["123456789", "999000000"])
def test_check_digit_ten_means_no_valid_number_exists(first_nine):
    # Weighted sum leaves remainder 1: 11 - 1 = 10, which is not a digit.
    assert check_digit(first_nine) is None
    for last in "0123456789":
        assert not is_valid(first_nine + last)
    with pytest.raises(InvalidNHSNumber):
        NHSNumber.parse(first_nine + "0")


def test_displayed_3_3_4():
    assert NHSNumber.parse("9434765919").formatted() == "943 476 5919"
    assert str(NHSNumber.parse("9434765919")) == "9434765919"


@pytest.mark.parametrize(
    "typed",
    ["943 476 5919", "943-476-5919", " 943 476 5919 ", "9434 765 919", "943\t476\t5919", "943 - 476 - 5919"],
)
def test_spaces_and_dashes_are_tolerated(typed):
    assert NHSNumber.parse(typed).value == "9434765919"


@pytest.mark.parametrize(
    "typed",
    ["", "   ", "943476591", "94347659190", "943.476.5919", "94347659l9", "943476591x", "+9434765919", "-943476591"],
)
def test_anything_but_ten_digits_is_refused_with_a_helpful_message(typed):
    with pytest.raises(InvalidNHSNumber, match="10 digits"):
        NHSNumber.parse(typed)


@pytest.mark.parametrize(
    "typed",
    [
        "\uff19\uff14\uff13\uff14\uff17\uff16\uff15\uff19\uff11\uff19",  # full-width digits of 9434765919
        "943476591\u00b2",  # superscript two
        "\u0669\u0664\u0663\u0664\u0667\u0666\u0665\u0669\u0661\u0669",  # Arabic-Indic digits
    ],
)
def test_only_the_digits_0_to_9_count(typed):
    """Other scripts' digits are still digits to Python, but never part of an NHS number."""
    with pytest.raises(InvalidNHSNumber):
        NHSNumber.parse(typed)
    assert not is_valid(typed)


def test_the_fhir_identifier_system():
    assert FHIR_SYSTEM == "https://fhir.nhs.uk/Id/nhs-number"


nine_digits = st.text(alphabet="0123456789", min_size=9, max_size=9)


@given(nine_digits)
def test_nine_digits_and_their_check_digit_are_valid_or_have_no_valid_number(first_nine):
    check = check_digit(first_nine)
    if check is None:
        assert not any(is_valid(first_nine + last) for last in "0123456789")
        return
    number = NHSNumber.parse(first_nine + str(check))
    assert number.value == first_nine + str(check)
    assert NHSNumber.parse(number.formatted()) == number
    assert NHSNumber.parse(number.formatted().replace(" ", "-")) == number
    # Modulus 11 catches every single wrong final digit.
    assert [last for last in "0123456789" if is_valid(first_nine + last)] == [str(check)]


@given(nine_digits, st.integers(min_value=0, max_value=8), st.integers(min_value=1, max_value=9))
def test_any_single_digit_error_is_caught(first_nine, position, shift):
    check = check_digit(first_nine)
    if check is None:
        return
    wrong = first_nine[:position] + str((int(first_nine[position]) + shift) % 10) + first_nine[position + 1 :]
    assert not is_valid(wrong + str(check))


@given(st.text(max_size=20))
def test_any_text_either_parses_to_ten_plain_digits_or_is_refused_clearly(typed):
    try:
        number = NHSNumber.parse(typed)
    except InvalidNHSNumber:
        return
    assert len(number.value) == 10 and set(number.value) <= set("0123456789") and is_valid(number.value)
