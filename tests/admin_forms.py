"""Submit admin forms the way a browser does: every named control with its current value."""

from tests.html import parse

SKIPPED_INPUTS = {"submit", "button", "file", "image", "reset"}


def form_values(response, form_id):
    """The data a browser would send from the form with this id, as shown in the response."""
    form = parse(response.content.decode()).find("form", id=form_id)
    data = {}
    for node in form.iter():
        name = node.attrs.get("name")
        if not name or "disabled" in node.attrs:
            continue
        if node.tag == "input":
            kind = node.attrs.get("type", "text")
            if kind in SKIPPED_INPUTS or (kind in {"checkbox", "radio"} and "checked" not in node.attrs):
                continue
            default = "on" if kind in {"checkbox", "radio"} else ""
            data.setdefault(name, []).append(node.attrs.get("value") or default)
        elif node.tag == "textarea":
            text = "".join(child for child in node.children if isinstance(child, str))
            # Browsers drop the newline that follows <textarea>.
            data.setdefault(name, []).append(text.removeprefix("\r\n").removeprefix("\n"))
        elif node.tag == "select":
            chosen = [option.attrs.get("value", "") for option in node.find_all("option") if "selected" in option.attrs]
            if chosen:
                data.setdefault(name, []).extend(chosen)
    return {name: values[0] if len(values) == 1 else values for name, values in data.items()}


def change_form(client, url, form_id):
    """Open a change form; return the response and what the browser would post from it."""
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return response, form_values(response, form_id)
