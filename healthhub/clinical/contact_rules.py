"""When 'unable to contact' may be recorded (DOMAIN.md 2.4, LOCAL rule from seed 003).

Three contact attempts with no response, at least one of them a text message; or the
patient did not attend a pre-arranged appointment.
"""

from dataclasses import dataclass

UNANSWERED_RESULTS = frozenset({"no_answer", "voicemail", "sent"})


@dataclass(frozen=True)
class UnableToContactRule:
    minimum_unanswered_attempts: int = 3
    required_channel: str = "sms"
    did_not_attend_result: str = "did_not_attend"
    version: str = "hub-utc-2025"
    source: str = "Medway and Swale Health Hub outcomes, seed 003: three attempts incl. a text, or a DNA"


DEFAULT_RULE = UnableToContactRule()


def unable_to_contact_allowed(attempts: list[tuple[str, str]], rule: UnableToContactRule = DEFAULT_RULE) -> bool:
    """`attempts` are (channel, result) pairs in any order."""
    if any(result == rule.did_not_attend_result for _, result in attempts):
        return True
    unanswered = [(channel, result) for channel, result in attempts if result in UNANSWERED_RESULTS]
    return len(unanswered) >= rule.minimum_unanswered_attempts and any(
        channel == rule.required_channel for channel, _ in unanswered
    )
