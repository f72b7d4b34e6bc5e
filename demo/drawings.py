"""The demo's pictures, drawn with Pillow: the demo has no rights to real photos or posters."""

import io

from PIL import Image, ImageDraw, ImageFont


def _font(size):
    try:
        return ImageFont.load_default(size=size)
    except TypeError:  # Pillow built without FreeType
        return ImageFont.load_default()


def draw_leads_picture(labels):
    """A 1200×675 illustration of two people under an umbrella, made with Pillow."""
    image = Image.new("RGB", (1200, 675), "#cfd8e3")
    draw = ImageDraw.Draw(image)
    for y in range(675):  # rainy evening sky
        shade = 200 - y // 8
        draw.line([(0, y), (1200, y)], fill=(shade - 40, shade - 20, shade + 10))
    for x in range(0, 1200, 37):
        draw.line([(x, 0), (x - 30, 675)], fill=(180, 190, 210), width=1)
    draw.pieslice([330, 90, 870, 430], 180, 360, fill="#1f2937")
    draw.line([(600, 260), (600, 470)], fill="#111827", width=8)
    for cx, coat, label in ((480, "#2b4c7e", labels[0]), (720, "#b83b5e", labels[1])):
        draw.ellipse([cx - 55, 280, cx + 55, 390], fill="#f1c9a5")
        draw.rounded_rectangle([cx - 95, 395, cx + 95, 675], radius=40, fill=coat)
        draw.text((cx, 640), label, fill="white", anchor="ms", font=_font(30))
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def draw_poster(title, original, colors):
    image = Image.new("RGB", (600, 900), colors[0])
    draw = ImageDraw.Draw(image)
    draw.rectangle([40, 40, 560, 860], outline=colors[1], width=6)
    draw.text((300, 700), title, fill=colors[1], anchor="ms", font=_font(40))
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()
