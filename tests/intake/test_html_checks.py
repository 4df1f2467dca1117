"""The structural checks catch what they claim to (else every page test would pass vacuously)."""

from tests.intake.html_checks import problems

GOOD = """<h1>Title</h1><div class="nhsuk-error-summary"><a href="#name">Enter a name</a></div>
<label for="name">Name</label><input id="name" name="name">
<fieldset><legend>Pick</legend><input type="radio" id="a" name="a"><label for="a">A</label></fieldset>"""


def test_a_well_formed_page_has_no_problems():
    assert problems(GOOD) == []


def test_each_kind_of_problem_is_reported():
    assert problems(GOOD.replace('id="a"', 'id="name"'))[0].startswith("duplicate ids")
    assert "2 <h1> elements" in problems(GOOD + "<h1>Again</h1>")
    assert "input without a label: email" in problems(GOOD + '<input id="email" name="email">')
    assert any("outside a fieldset" in p for p in problems(GOOD.replace("<legend>Pick</legend>", "")))
    assert "error summary links to missing #nowhere" in problems(GOOD.replace("#name", "#nowhere"))
