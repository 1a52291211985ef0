from django import forms

from .models import Document


class DocumentRequestForm(forms.Form):
    kind = forms.CharField(max_length=40)
    object_id = forms.IntegerField(min_value=1)
    format = forms.ChoiceField(choices=Document.Format.choices)
