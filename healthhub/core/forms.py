"""Helpers that turn Django form errors into the NHS error summary and inline messages."""


def error_list(form) -> list[dict]:
    """Error summary items linking to each field (the NHS error summary pattern)."""
    items = []
    for name, errors in form.errors.items():
        target = f"#{form[name].auto_id}" if name in form.fields else "#maincontent"
        for error in errors:
            items.append({"text": error, "href": target})
    return items


def field_error(form, name: str) -> dict | None:
    """The `errorMessage` parameter for an nhsuk-frontend-jinja field macro."""
    if form.is_bound and name in form.errors:
        return {"text": form.errors[name][0]}
    return None
