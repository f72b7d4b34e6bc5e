"""The photo library's picker as an editor uses it in Chromium: each photo offered with its thumbnail."""

from people.models import Person
from shows.models import Show
from tests.browser.conftest import log_in


def open_picker(page, term):
    page.locator(".field-library_photo .select2-selection").first.click()
    page.locator(".select2-container--open .select2-search__field").fill(term)
    return page.locator(".select2-results__option", has_text=term)


def test_the_picker_shows_a_thumbnail_beside_each_photo(new_context, newsroom, console_errors):
    editor = log_in(new_context, newsroom, "editor")
    show = Show.objects.get(slug="queen-of-tears")
    poster = show.library_photo
    editor.goto(f"{newsroom}/admin/shows/show/{show.pk}/change/")
    option = open_picker(editor, poster.alt_text[:30]).first
    option.wait_for()
    thumbnail = option.locator("img")
    assert "renditions/" in thumbnail.get_attribute("src") and thumbnail.get_attribute("alt") == ""
    # The picture arrives after the option: wait for it to have loaded (a broken one never does).
    editor.wait_for_function(
        "img => img.complete && img.naturalWidth > 0", arg=thumbnail.element_handle(), timeout=10_000
    )
    # Picking it still works as before: the person's portrait becomes that photo.
    person = Person.objects.get(slug="kim-ji-won")
    editor.goto(f"{newsroom}/admin/people/person/{person.pk}/change/")
    open_picker(editor, poster.alt_text[:30]).first.click()
    editor.locator("input[name='_save']").click()
    editor.wait_for_url(f"{newsroom}/admin/people/person/")
    person.refresh_from_db()
    assert person.library_photo == poster and person.photo.name == poster.file.name


def test_a_new_image_row_of_an_article_gets_the_thumbnails_too(new_context, newsroom, console_errors):
    editor = log_in(new_context, newsroom, "editor")
    editor.goto(f"{newsroom}/admin/articles/article/add/")
    editor.locator(".inline-group#images-group .add-row a").click()
    editor.locator("#images-group .field-library_photo .select2-selection").last.click()
    term = Show.objects.get(slug="queen-of-tears").poster_alt[:30]
    editor.locator(".select2-container--open .select2-search__field").fill(term)
    option = editor.locator(".select2-results__option img").first
    option.wait_for()
    assert "renditions/" in option.get_attribute("src")
