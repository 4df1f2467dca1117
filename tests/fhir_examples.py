"""The UK Core and BaRS example resources in ../shared/fhir-examples/ (see its README), read as test fixtures.

They are kept beside the project, like the reference data, rather than copied into it;
HEALTHHUB_FHIR_EXAMPLES_DIR points elsewhere.
"""

import json
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FHIR_EXAMPLES_DIR = Path(os.environ.get("HEALTHHUB_FHIR_EXAMPLES_DIR", ROOT.parent / "shared" / "fhir-examples"))


def example(name: str) -> dict:
    """One example resource by file name without `.json`, e.g. example("UKCore-Bundle-NEWS2Observations-Example")."""
    return json.loads((FHIR_EXAMPLES_DIR / f"{name}.json").read_text(encoding="utf-8"))
