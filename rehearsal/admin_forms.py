"""Re-post an admin form the way a browser would: every field with the value it shows.

form_data(response) reads the change (or add) form out of the rendered page:
inputs, checked boxes, selected options, textareas and the inline management
forms, skipping the empty “__prefix__” templates. Tests change a value or two and
post it back, so a request carries everything a real one would.
"""

from rehearsal.html import parse


def form_data(response, form_id=None):
    assert response.status_code == 200, response.status_code
    tree = parse(response.content.decode())
    form = tree.find("form", id=form_id) if form_id else _change_form(tree)
    data = {}
    for node in form.iter():
        name = node.attrs.get("name")
        # Browsers send neither disabled controls nor the inlines' empty templates.
        if not name or "__prefix__" in name or "disabled" in node.attrs:
            continue
        if node.tag == "input":
            kind = node.attrs.get("type", "text")
            if kind in {"submit", "button", "file", "image", "reset"}:
                continue
            if kind in {"checkbox", "radio"}:
                if "checked" in node.attrs:
                    data.setdefault(name, []).append(node.attrs.get("value") or "on")
                continue
            data.setdefault(name, []).append(node.attrs.get("value") or "")
        elif node.tag == "textarea":
            data.setdefault(name, []).append("".join(c for c in node.children if isinstance(c, str)).lstrip("\n"))
        elif node.tag == "select":
            options = node.find_all("option")
            chosen = [o for o in options if "selected" in o.attrs]
            if not chosen and options and "multiple" not in node.attrs:
                chosen = options[:1]
            data.setdefault(name, []).extend(o.attrs.get("value", o.text()) for o in chosen)
    return {key: values if len(values) > 1 else values[0] for key, values in data.items() if values}


def _change_form(tree):
    for form in tree.find_all("form"):
        if (form.attrs.get("id") or "").endswith("_form") and form.attrs.get("id") != "changelist-form":
            return form
    raise AssertionError("no admin change form on the page")


def with_checkbox(data, name, ticked):
    data = dict(data)
    if ticked:
        data[name] = "on"
    else:
        data.pop(name, None)
    return data


def form_values(response, form_id):
    """The data a browser would send from the form with this id, as shown in the response."""
    return form_data(response, form_id)


def change_form(client, url, form_id):
    """Open a change form; return the response and what the browser would post from it."""
    response = client.get(url)
    return response, form_data(response, form_id)
