"""The hub's staff pages: the work queue, a request's page and its actions, the outcomes matrix."""
