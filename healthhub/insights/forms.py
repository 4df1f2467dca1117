"""The outcomes report's filter: a range of received dates and a set of practices and PCNs."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django import forms

from healthhub.clinical.deadlines import LONDON
from healthhub.core.formatting import date_uk

DEFAULT_WEEKS = 12
EARLIEST_YEAR = 2000
DATE_PARTS = ("day", "month", "year")
# Any of these in the query string means the person has used the filter (not just ?format=csv).
FILTER_KEYS = {f"{which}_{part}" for which in ("from", "to") for part in DATE_PARTS} | {"practice", "pcn"}


@dataclass(frozen=True)
class DateProblem:
    message: str
    parts: tuple[str, ...]


@dataclass(frozen=True)
class ReportFilter:
    """What the figures cover, in a form the queries and the CSV description both use."""

    start: date
    end: date
    practices: tuple  # of Practice, in the order the report lists them
    every_practice: bool

    @property
    def received_from(self) -> datetime:
        return datetime.combine(self.start, time.min, tzinfo=LONDON)

    @property
    def received_before(self) -> datetime:
        """Midnight at the end of the last day: the range includes the whole of both days."""
        return datetime.combine(self.end + timedelta(days=1), time.min, tzinfo=LONDON)

    @property
    def practice_ids(self) -> list[int]:
        return [practice.pk for practice in self.practices]

    def as_query(self) -> dict:
        """The query string that asks for exactly these figures again (the CSV link uses it)."""
        query = {f"from_{part}": getattr(self.start, part) for part in DATE_PARTS}
        query.update({f"to_{part}": getattr(self.end, part) for part in DATE_PARTS})
        if not self.every_practice:
            query["practice"] = [practice.ods_code for practice in self.practices]
        return query

    def describe_dates(self) -> str:
        return f"Requests received from {date_uk(self.start)} to {date_uk(self.end)}"

    def describe_practices(self) -> str:
        count = len(self.practices)
        if self.every_practice:
            return "the practice you can see" if count == 1 else f"the {count} practices you can see"
        noun = "practice" if count == 1 else "practices"
        return f"{count} {noun}: " + ", ".join(practice.display_name for practice in self.practices)

    def describe(self) -> str:
        return f"{self.describe_dates()}, {self.describe_practices()}"


def default_dates(today: date) -> tuple[date, date]:
    """The last 12 weeks, today included: the period the hub's own first report covered."""
    return today - timedelta(weeks=DEFAULT_WEEKS) + timedelta(days=1), today


def parse_date(values: dict[str, str], name: str, today: date) -> date | DateProblem:
    """A real date, in or after 2000 and not in the future; else what is wrong and where."""
    values = {part: values.get(part, "").strip() for part in DATE_PARTS}
    missing = tuple(part for part, value in values.items() if not value)
    if len(missing) == len(DATE_PARTS):
        return DateProblem(f"Enter the {name.lower()}", DATE_PARTS)
    if missing:
        return DateProblem(f"{name} must include a {' and '.join(missing)}", missing)
    not_numbers = tuple(part for part, value in values.items() if not value.isdigit())
    if not_numbers:
        return DateProblem(f"{name} must be a real date", not_numbers)
    if len(values["year"]) != 4:
        return DateProblem("Year must include 4 numbers", ("year",))
    try:
        value = date(int(values["year"]), int(values["month"]), int(values["day"]))
    except ValueError:
        return DateProblem(f"{name} must be a real date", DATE_PARTS)
    if value.year < EARLIEST_YEAR:
        return DateProblem(f"{name} must be in or after {EARLIEST_YEAR}", ("year",))
    if value > today:
        return DateProblem(f"{name} must be today or in the past", DATE_PARTS)
    return value


class OutcomesFilterForm(forms.Form):
    """Date parts are checked by parse_date, whose messages say exactly what is wrong; practices
    and PCNs can only be those the person may see (the choices come from the access helper)."""

    from_day = forms.CharField(required=False)
    from_month = forms.CharField(required=False)
    from_year = forms.CharField(required=False)
    to_day = forms.CharField(required=False)
    to_month = forms.CharField(required=False)
    to_year = forms.CharField(required=False)
    practice = forms.MultipleChoiceField(
        required=False, error_messages={"invalid_choice": "Select practices from the list"}
    )
    pcn = forms.MultipleChoiceField(required=False, error_messages={"invalid_choice": "Select PCNs from the list"})

    DATES = {"from": "Start date", "to": "End date"}

    def __init__(self, query, *, practices, today: date):
        self.practices = list(practices)
        self.today = today
        used = any(key in query for key in FILTER_KEYS)
        start, end = default_dates(today)
        initial = {f"from_{part}": str(getattr(start, part)) for part in DATE_PARTS}
        initial.update({f"to_{part}": str(getattr(end, part)) for part in DATE_PARTS})
        super().__init__(query if used else initial, auto_id="%s")
        self.fields["practice"].choices = [(p.ods_code, p.display_name) for p in self.practices]
        pcns = {p.pcn.code: p.pcn.name for p in self.practices if p.pcn_id}
        self.fields["pcn"].choices = sorted(pcns.items())
        self.date_problems: dict[str, DateProblem] = {}

    def clean(self):
        data = super().clean()
        dates = {}
        for which, name in self.DATES.items():
            parts = {part: str(self.data.get(f"{which}_{part}", "")) for part in DATE_PARTS}
            result = parse_date(parts, name, self.today)
            if isinstance(result, DateProblem):
                self.date_problems[which] = result
                self.add_error(f"{which}_{result.parts[0]}", result.message)
            else:
                dates[which] = result
        if len(dates) == 2 and dates["from"] > dates["to"]:
            problem = DateProblem("Start date must be the same as or before the end date", DATE_PARTS)
            self.date_problems["from"] = problem
            self.add_error("from_day", problem.message)
        data.update(dates)
        return data

    def report_filter(self) -> ReportFilter:
        """The cleaned filter. Choosing nothing means every practice the person can see."""
        data = self.cleaned_data
        chosen_practices, chosen_pcns = set(data["practice"]), set(data["pcn"])
        chosen = [p for p in self.practices if p.ods_code in chosen_practices or (p.pcn_id and p.pcn.code in chosen_pcns)]
        every = not chosen or len(chosen) == len(self.practices)
        return ReportFilter(start=data["from"], end=data["to"], practices=tuple(chosen or self.practices), every_practice=every)

    # What the template needs to draw the NHS date inputs and checkboxes with their errors.

    def date_value(self, which: str, part: str) -> str:
        return str(self.data.get(f"{which}_{part}", ""))

    def date_error(self, which: str) -> dict | None:
        problem = self.date_problems.get(which)
        return {"text": problem.message} if problem else None

    def date_part_classes(self, which: str, part: str) -> str:
        width = "nhsuk-input--width-4" if part == "year" else "nhsuk-input--width-2"
        problem = self.date_problems.get(which)
        if problem and part in problem.parts:
            return f"{width} nhsuk-input--error"
        return width

    def chosen(self, name: str) -> set[str]:
        return set(self.data.getlist(name)) if hasattr(self.data, "getlist") else set()

    def choice_error(self) -> dict | None:
        for name in ("practice", "pcn"):
            if self.is_bound and name in self.errors:
                return {"text": self.errors[name][0]}
        return None

    def error_summary(self, first_checkbox_id: str) -> list[dict]:
        """The NHS error summary, each item linking to the first part of the field at fault."""
        if not self.is_bound or not self.errors:
            return []
        items = []
        for which in self.DATES:
            problem = self.date_problems.get(which)
            if problem:
                items.append({"text": problem.message, "href": f"#{which}_{problem.parts[0]}"})
        choice_error = self.choice_error()
        if choice_error:
            items.append({"text": choice_error["text"], "href": f"#{first_checkbox_id}"})
        return items
