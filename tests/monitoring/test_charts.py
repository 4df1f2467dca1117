"""The chart geometry: values land inside the plot, higher values higher up, time runs left to right."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from healthhub.monitoring import charts
from healthhub.monitoring.charts import Series, line_chart, nice_step, scale, value_axis

START = datetime(2026, 11, 3, 9, 0, tzinfo=UTC)


def test_scale_maps_a_domain_onto_a_span_and_a_single_point_onto_its_middle():
    assert scale(5, (0, 10), (0, 100)) == 50
    assert scale(0, (0, 10), (200, 10)) == 200  # SVG's y grows downwards
    assert scale(7, (7, 7), (40, 60)) == 50


@pytest.mark.parametrize(("span", "step"), [(10, 2), (7, 2), (100, 20), (3, 1), (0.4, 0.1), (0, 1)])
def test_the_axis_step_is_a_round_number_giving_at_most_five_steps(span, step):
    assert nice_step(span) == pytest.approx(step)


def test_the_axis_runs_a_step_beyond_the_lowest_and_highest_values():
    assert value_axis([128, 150]) == (120, 155, 5)
    assert value_axis([97, 97]) == (95.5, 98.5, 0.5)


def test_a_blood_pressure_chart_has_two_lines_the_second_dashed_and_the_target_lines():
    times = [START, START + timedelta(days=1), START + timedelta(days=2)]
    chart = line_chart("Blood pressure", "mmHg", times, [Series("Systolic", (150, 140, None)), Series("Diastolic", (95, 88, 86))],
                       guides=[("Target systolic below 135", 135)])
    systolic, diastolic = chart.lines
    assert (systolic.dash, diastolic.dash) == ("", "6 4")
    assert len(systolic.points) == 2 and len(diastolic.points) == 3  # an unmeasured value is left out
    assert systolic.points[0][0] == charts.LEFT and diastolic.points[-1][0] == charts.WIDTH - charts.RIGHT
    assert systolic.points[0][1] < systolic.points[1][1]  # 150 drawn above 140
    [guide] = chart.guides
    assert systolic.points[1][1] < guide.y < diastolic.points[0][1]
    assert [tick.label for tick in chart.x_ticks] == ["3 Nov 9am", "5 Nov 9am"]
    assert chart.description == ("Blood pressure. Systolic: 2 readings from 3 Nov 9am to 4 Nov 9am, lowest 140, highest 150, "
                                 "latest 140 mmHg. Diastolic: 3 readings from 3 Nov 9am to 5 Nov 9am, lowest 86, highest 95, "
                                 "latest 86 mmHg.")
    assert systolic.points_attribute.count(",") == 2


def test_one_reading_is_drawn_in_the_middle_and_nothing_measured_is_no_chart():
    chart = line_chart("Temperature", "°C", [START], [Series("Temperature", (Decimal("37.5"),))])
    [(x, y)] = chart.lines[0].points
    assert x == (charts.LEFT + charts.WIDTH - charts.RIGHT) / 2
    assert charts.TOP < y < charts.BOTTOM
    assert [tick.label for tick in chart.x_ticks] == ["3 Nov 9am"]
    assert line_chart("Pulse", "", [START], [Series("Pulse", (None,))]) is None


def test_a_series_must_give_a_value_for_each_time():
    with pytest.raises(ValueError, match="one value"):
        line_chart("Pulse", "", [START, START + timedelta(hours=1)], [Series("Pulse", (80,))])


@given(st.lists(st.integers(min_value=0, max_value=300), min_size=1, max_size=30),
       st.lists(st.integers(min_value=0, max_value=600), min_size=1, max_size=30))
def test_every_point_is_inside_the_plot_and_keeps_the_order_of_values_and_times(values, minutes):
    times = sorted({START + timedelta(minutes=m) for m in minutes})[:len(values)]
    values = values[:len(times)]
    chart = line_chart("Measure", "", times, [Series("Measure", tuple(values))])
    points = chart.lines[0].points
    assert all(charts.LEFT <= x <= charts.WIDTH - charts.RIGHT and charts.TOP <= y <= charts.BOTTOM for x, y in points)
    assert [x for x, _ in points] == sorted(x for x, _ in points)
    for (value_a, (_, y_a)), (value_b, (_, y_b)) in pairwise(zip(values, points, strict=True)):
        assert (value_a > value_b) == (y_a < y_b) or value_a == value_b
    tick_values = [float(tick.label) for tick in chart.y_ticks]
    assert tick_values[0] < min(values) and tick_values[-1] > max(values)
