"""Helpers shared by the forms of every app."""

from django.core.exceptions import ValidationError


def add_service_errors(form, error: ValidationError) -> None:
    """Show a service's validation error on the form (field errors when it names fields)."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def posted(request):
    """The posted data, even empty (an empty POST is a bound form that says what is missing);
    None on GET, for an unbound form."""
    return request.POST if request.method == "POST" else None
