"""What a person page shows of other tables, read with the person's own row (publicpages/related_rows.py).

Their credits, each with its show, newest show first (no premiere date last), then by title and billing.
"""

from publicpages.related_rows import Related, RelatedColumns
from shows.models import Show

from .models import Credit, Person

PERSON_PAGE = RelatedColumns(
    Person,
    (
        Related(
            "credits",
            Credit,
            "{row}.person_id = {parent}.id",
            ("-show.premiere_date", "show.title", "billing_order", "id"),
            nested=(Related("show", Show, "{row}.id = {parent}.show_id", many=False),),
        ),
    ),
)
