"""The newsroom in real Chromium, from draft to a resolved reader report.

A writer drafts in CKEditor (an inline spoiler, a captioned picture) and sends
it for review; an editor previews and publishes it; a moderator marks it as
spoiling Lovely Runner through episode 8; a reader sees the warning and
reports a spoiler; the moderator resolves the report from the queue.

The demo logins are created the way `make run` creates them (load_demo with
DEBUG on). Everything happens through the admin's and the site's own pages.
"""

import io
import re

from PIL import Image, ImageDraw

from articles.models import Article, SpoilerReport
from tests.browser.conftest import log_in

HEADLINE = "Lovely Runner finale leaves fans in tears"
SPOILER = "Sun Jae and Im Sol marry in the last scene"
CAPTION = "Byeon Woo Seok and Kim Hye Yoon at the finale screening"


def picture_png():
    """A small real PNG drawn by Pillow, as the photo desk would upload."""
    image = Image.new("RGB", (640, 360), "#274060")
    ImageDraw.Draw(image).ellipse([220, 80, 420, 280], fill="#f1c9a5")
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def write_in_ckeditor(page):
    """Type two paragraphs into the CKEditor iframe and mark a phrase with Styles → Spoiler."""
    page.wait_for_selector("#cke_id_body iframe")
    body = page.frame_locator("#cke_id_body iframe").locator("body")
    body.click()
    page.keyboard.type("The final episode drew the show's biggest audience yet.")
    page.keyboard.press("Enter")
    page.keyboard.type("In the closing minutes, ")
    page.keyboard.type(f"{SPOILER}.")
    page.keyboard.press("ArrowLeft")
    for _ in SPOILER:  # select the phrase just typed, without its full stop
        page.keyboard.press("Shift+ArrowLeft")
    page.locator("#cke_id_body .cke_combo__styles .cke_combo_button").click()
    page.frame_locator("iframe.cke_panel_frame").get_by_text("Spoiler", exact=True).click()


def test_from_draft_to_resolved_report(new_context, newsroom, console_errors):
    base = newsroom
    # The reader's early visit is meant to be a 404.
    console_errors.allow(r"status of 404 .*/articles/lovely-runner-finale-leaves-fans-in-tears/\)$")

    # A writer drafts the story with an inline spoiler and a captioned picture, and sends it for review.
    writer = log_in(new_context, base, "writer")
    writer.goto(f"{base}/admin/articles/article/add/")
    writer.get_by_label("Headline").press_sequentially(HEADLINE)  # the slug fills in as you type
    assert writer.get_by_label("Slug").input_value() == "lovely-runner-finale-leaves-fans-in-tears"
    write_in_ckeditor(writer)
    writer.get_by_label("Section").select_option(label="Recap")
    writer.locator("#images-group .add-row a").click()
    writer.locator("input[name='images-0-image']").set_input_files(
        {"name": "finale.png", "mimeType": "image/png", "buffer": picture_png()}
    )
    writer.locator("input[name='images-0-alt_text']").fill("Two actors smiling on a stage")
    writer.locator("input[name='images-0-credit']").fill("tvN")
    writer.locator("input[name='images-0-caption']").fill(CAPTION)
    writer.locator("input[name='images-0-position']").fill("1")
    writer.get_by_label("Status").select_option(label="In review")
    writer.locator("input[name='_save']").click()
    writer.wait_for_url(re.compile(r"/admin/articles/article/$"))
    assert "was added successfully" in writer.locator(".messagelist").inner_text()

    article = Article.objects.get(headline=HEADLINE)
    assert article.status == Article.Status.IN_REVIEW
    assert article.author.username == "writer"
    assert f'<span class="spoiler">{SPOILER}</span>' in article.body
    assert article.images.get().caption == CAPTION

    # Readers cannot see it yet.
    reader = new_context().new_page()
    assert reader.goto(f"{base}/articles/{article.slug}/").status == 404

    # The editor previews it, then publishes it now.
    editor = log_in(new_context, base, "editor")
    editor.goto(f"{base}/admin/articles/article/{article.pk}/change/")
    editor.get_by_role("link", name="Preview").click()
    editor.wait_for_url(f"{base}/articles/preview/{article.pk}/")
    assert editor.locator(".preview-banner").inner_text().startswith("Preview — not published.")
    assert editor.get_by_role("heading", level=1).inner_text() == HEADLINE
    editor.go_back()
    editor.get_by_label("Status").select_option(label="Published")
    editor.locator("input[name='_save']").click()
    editor.wait_for_url(re.compile(r"/admin/articles/article/$"))
    assert "was changed successfully" in editor.locator(".messagelist").inner_text()
    article.refresh_from_db()
    assert article.is_published

    # A reader finds it: the spoiler is blurred until asked for, the picture has its caption.
    response = reader.goto(f"{base}/articles/{article.slug}/")
    assert response.ok
    assert reader.get_by_role("heading", level=1).inner_text() == HEADLINE
    spoiler = reader.locator(".article-body span.spoiler")
    assert spoiler.inner_text() == SPOILER
    assert "blur" in spoiler.evaluate("node => getComputedStyle(node).filter")
    figure = reader.locator("figure", has=reader.locator("img[alt='Two actors smiling on a stage']"))
    assert CAPTION in figure.inner_text()
    assert figure.locator("img").evaluate("img => img.decode().then(() => img.naturalWidth)") > 0

    # A moderator marks it as spoiling Lovely Runner through episode 8 on the moderation screen.
    moderator = log_in(new_context, base, "moderator")
    moderator.goto(f"{base}/admin/articles/spoilermoderation/{article.pk}/change/")
    moderator.get_by_label("Has spoilers").check()
    moderator.locator(".field-spoiler_show .select2-selection").click()
    moderator.locator(".select2-search__field").fill("Lovely")
    moderator.locator(".select2-results__option", has_text="Lovely Runner").click()
    moderator.get_by_label("Through episode").fill("8")
    moderator.get_by_label("Reason").fill("Finale recap")
    moderator.locator("input[name='_save']").click()
    moderator.wait_for_url(re.compile(r"/admin/articles/spoilermoderation/$"))
    article.refresh_from_db()
    assert (article.has_spoilers, article.spoiler_show.title, article.spoiler_through_episode) == (
        True,
        "Lovely Runner",
        8,
    )

    # The reader now meets the warning first, and reports what it still gives away.
    reader.goto(f"{base}/articles/{article.slug}/")
    warning = reader.locator("section.spoiler-warning")
    assert "Spoils: Lovely Runner, up to episode 8" in warning.inner_text()
    assert warning.evaluate("node => node.compareDocumentPosition(document.querySelector('.article-body')) & 4")
    reader.get_by_text("Report an unmarked spoiler").click()
    reader.get_by_label("What does it spoil?").fill("The headline itself gives away the ending of episode 16.")
    reader.get_by_label("Episode spoiled (optional)").fill("16")
    reader.get_by_role("button", name="Send report").click()
    assert "A moderator will look at your report" in reader.locator(".report-thanks").inner_text()

    # It reaches the moderators' queue, and the moderator resolves it.
    moderator.goto(f"{base}/admin/articles/spoilerreport/")
    row = moderator.locator("#result_list tbody tr", has_text=HEADLINE)
    assert "gives away the ending of episode 16" in row.inner_text()
    row.locator("input.action-select").check()
    moderator.locator("select[name='action']").select_option(label="Mark resolved")
    moderator.locator("button[name='index']").click()
    assert "Resolved 1 report(s)." in moderator.locator(".messagelist").inner_text()
    report = SpoilerReport.objects.get(article=article)
    assert report.status == SpoilerReport.Status.RESOLVED
    assert report.resolved_by.username == "moderator"
