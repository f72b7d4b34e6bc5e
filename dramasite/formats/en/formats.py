"""How dates and times read everywhere Django formats them (the admin's lists, history, reports, forms).

One way, with its zone: "2 Dec 2026, 01:52 KST", the newsroom's own time
(settings.TIME_ZONE), as articles.admin_display.kst writes it in the lists.
Django's English default ("Dec. 2, 2026, 1:52 a.m.") names no zone.
"""

DATE_FORMAT = "j M Y"
TIME_FORMAT = "H:i T"
DATETIME_FORMAT = "j M Y, H:i T"
SHORT_DATE_FORMAT = "j M Y"
SHORT_DATETIME_FORMAT = "j M Y, H:i T"
MONTH_DAY_FORMAT = "j F"
YEAR_MONTH_FORMAT = "F Y"
