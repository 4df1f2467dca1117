"""When 'unable to contact' may be recorded (DOMAIN.md 2.4): three unanswered attempts including a
text message, or a did-not-attend."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from healthhub.clinical.contact_rules import (
    DEFAULT_RULE,
    UNANSWERED_RESULTS,
    UnableToContactRule,
    unable_to_contact_allowed,
)
from healthhub.consultations.models import ContactChannel, ContactResult

CHANNELS = [choice.value for choice in ContactChannel]
RESULTS = [choice.value for choice in ContactResult]
ANSWERED = ["spoke", "replied", "attended"]


@pytest.mark.parametrize(
    "attempts",
    [
        [("sms", "sent"), ("phone", "no_answer"), ("phone", "no_answer")],
        [("phone", "no_answer"), ("phone", "voicemail"), ("sms", "sent")],  # the text can come last
        [("sms", "sent"), ("sms", "sent"), ("sms", "sent")],
        [("sms", "no_answer"), ("email", "sent"), ("phone", "voicemail"), ("phone", "no_answer")],
        [("appointment", "did_not_attend")],  # a did-not-attend is enough on its own
        [("phone", "spoke"), ("appointment", "did_not_attend")],
    ],
)
def test_allowed(attempts):
    assert unable_to_contact_allowed(attempts)


@pytest.mark.parametrize(
    "attempts",
    [
        [],
        [("sms", "sent"), ("phone", "no_answer")],  # only two attempts
        [("phone", "no_answer"), ("phone", "no_answer"), ("phone", "voicemail")],  # no text message
        [("phone", "no_answer"), ("email", "sent"), ("phone", "voicemail")],  # an email is not a text
        [("sms", "replied"), ("phone", "no_answer"), ("phone", "no_answer")],  # the text was answered
        [("sms", "sent"), ("phone", "spoke"), ("phone", "no_answer")],  # one call got through
        [("appointment", "attended"), ("sms", "sent"), ("phone", "no_answer")],
    ],
)
def test_refused(attempts):
    assert not unable_to_contact_allowed(attempts)


def test_the_rule_is_local_data_with_a_source():
    assert DEFAULT_RULE.minimum_unanswered_attempts == 3
    assert DEFAULT_RULE.required_channel == "sms"
    assert DEFAULT_RULE.version and "seed 003" in DEFAULT_RULE.source


def test_a_service_may_ask_for_more_attempts():
    strict = UnableToContactRule(minimum_unanswered_attempts=4)
    three = [("sms", "sent"), ("phone", "no_answer"), ("phone", "no_answer")]
    assert unable_to_contact_allowed(three) and not unable_to_contact_allowed(three, strict)
    assert unable_to_contact_allowed([*three, ("phone", "voicemail")], strict)


def test_the_rule_speaks_the_same_words_as_the_contact_records():
    assert DEFAULT_RULE.required_channel in CHANNELS
    assert DEFAULT_RULE.did_not_attend_result in RESULTS
    assert UNANSWERED_RESULTS <= set(RESULTS)
    assert not UNANSWERED_RESULTS & set(ANSWERED)


attempt = st.tuples(st.sampled_from(CHANNELS), st.sampled_from(RESULTS))
attempts_lists = st.lists(attempt, max_size=8)


@given(attempts_lists)
def test_order_never_matters(attempts):
    assert unable_to_contact_allowed(attempts) == unable_to_contact_allowed(list(reversed(attempts)))
    assert unable_to_contact_allowed(attempts) == unable_to_contact_allowed(sorted(attempts))


@given(attempts_lists, attempt)
def test_one_more_attempt_never_takes_permission_away(attempts, another):
    if unable_to_contact_allowed(attempts):
        assert unable_to_contact_allowed([*attempts, another])


@given(attempts_lists)
def test_allowed_only_with_a_did_not_attend_or_three_unanswered_including_a_text(attempts):
    unanswered = [(channel, result) for channel, result in attempts if result in {"no_answer", "voicemail", "sent"}]
    did_not_attend = any(result == "did_not_attend" for _, result in attempts)
    rule_met = did_not_attend or (len(unanswered) >= 3 and any(channel == "sms" for channel, _ in unanswered))
    assert unable_to_contact_allowed(attempts) == rule_met


@given(st.lists(st.tuples(st.sampled_from(CHANNELS), st.sampled_from(ANSWERED)), max_size=10))
def test_answered_attempts_alone_never_allow_it(attempts):
    assert not unable_to_contact_allowed(attempts)


@given(st.lists(st.tuples(st.sampled_from([c for c in CHANNELS if c != "sms"]), st.sampled_from(sorted(UNANSWERED_RESULTS))), max_size=10))
def test_without_a_text_message_no_number_of_calls_is_enough(attempts):
    assert not unable_to_contact_allowed(attempts)
