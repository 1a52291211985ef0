"""``{{ texts|list_items }}``: a long list of free-text answers as escaped ``<li>`` items in
one call (a template loop over 5,000 answers cost a tenth of a second)."""

from django import template

from liant.diagnostic import results_html

register = template.Library()
register.filter("list_items", results_html.list_items, is_safe=True)
