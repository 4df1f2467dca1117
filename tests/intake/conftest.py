import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def fresh_rate_limit_counts():
    """The rate limit counts posts per address in the cache; each test starts with none."""
    cache.clear()
    yield
    cache.clear()
