"""The hazard log names the tests that prove its controls: every one of them must exist."""

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
HAZARD_LOG = ROOT / "docs" / "clinical-safety" / "hazard-log.md"
REFERENCE = re.compile(r"(tests/[\w/]+\.py)::([\w:]+)")


def _references() -> list[tuple[str, str]]:
    return sorted(set(REFERENCE.findall(HAZARD_LOG.read_text())))


def _defined_names(path: Path) -> set[str]:
    """'test_x' and 'TestClass::test_y' for every test function in the file."""
    names = set()
    for node in ast.parse(path.read_text()).body:
        if isinstance(node, ast.FunctionDef):
            names.add(node.name)
        elif isinstance(node, ast.ClassDef):
            names.update(f"{node.name}::{item.name}" for item in node.body if isinstance(item, ast.FunctionDef))
    return names


def test_the_hazard_log_cites_tests():
    assert len(_references()) > 40


@pytest.mark.parametrize(("file", "name"), _references(), ids=lambda value: value)
def test_every_cited_test_exists(file, name):
    path = ROOT / file
    assert path.exists(), f"hazard-log.md cites {file}, which does not exist: update the log"
    assert name in _defined_names(path), f"hazard-log.md cites {file}::{name}, which does not exist: update the log"
