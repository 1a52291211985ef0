from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, SetPasswordForm
from django.utils.translation import gettext_lazy as _

from liant.core.tenancy import Role
from liant.orgs.selectors import organization_list

from . import services
from .models import ROLE_CHOICES, User


class LoginForm(AuthenticationForm):
    username = forms.EmailField(
        label=_("E-mail address"), widget=forms.EmailInput(attrs={"autofocus": True})
    )


class SignUpForm(forms.Form):
    full_name = forms.CharField(label=_("Your name"), max_length=150)
    email = forms.EmailField(label=_("E-mail address"))
    workspace_name = forms.CharField(
        label=_("Name of your firm or team"),
        max_length=120,
        help_text=_("This creates your workspace; you can invite colleagues afterwards."),
    )
    password = forms.CharField(
        label=_("Password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 8 characters, not only digits, not a common password."),
    )

    def clean_full_name(self):
        value = self.cleaned_data["full_name"].strip()
        if not value:
            raise forms.ValidationError(_("Please enter your name."))
        return value

    def clean_workspace_name(self):
        value = self.cleaned_data["workspace_name"].strip()
        if not value:
            raise forms.ValidationError(_("Please name your workspace."))
        return value

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(_("An account already exists with this e-mail address."))
        return email

    def clean(self):
        cleaned = super().clean()
        password = cleaned.get("password")
        if password:
            probe = User(email=cleaned.get("email", ""), full_name=cleaned.get("full_name", ""))
            try:
                password_validation.validate_password(password, probe)
            except forms.ValidationError as error:
                self.add_error("password", error)
        return cleaned


class PasswordResetRequestForm(PasswordResetForm):
    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()


class NewPasswordForm(SetPasswordForm):
    """The new password chosen from the e-mailed link; saved by the accounts service."""

    def save(self, commit=True):
        return services.set_new_password(self.user, self.cleaned_data["new_password1"])


def _organization_field(actor):
    return forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=organization_list(actor).order_by("name"),
        required=False,
        empty_label=_("— Choose the client organisation —"),
        help_text=_("Client sponsors only: they will read this organisation's missions."),
        error_messages={
            "invalid_choice": _("Choose one of the organisations of your workspace."),
        },
    )


class InvitationForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
        error_messages={"invalid": _("Enter a valid e-mail address, e.g. name@example.org.")},
    )
    role = forms.ChoiceField(label=_("Role"))

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(ROLE_CHOICES)
        self.fields["role"].choices = [
            (role, labels[role]) for role in services.invitable_roles(actor)
        ]
        self.fields["role"].error_messages["invalid_choice"] = _(
            "You cannot invite someone with this role."
        )
        if len(self.fields["role"].choices) == 1:
            self.fields["role"].initial = self.fields["role"].choices[0][0]
        self.fields["organization"] = _organization_field(actor)

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("role") == Role.SPONSOR:
            if not cleaned.get("organization") and "organization" not in self.errors:
                self.add_error(
                    "organization",
                    _("Choose the organisation this client sponsor will follow."),
                )
        elif "organization" in cleaned:
            cleaned["organization"] = None
        return cleaned


class MemberRoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=ROLE_CHOICES)

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"] = _organization_field(actor)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("role") == Role.SPONSOR:
            if not cleaned.get("organization") and "organization" not in self.errors:
                self.add_error(
                    "organization",
                    _("Choose the organisation this client sponsor will follow."),
                )
        elif "organization" in cleaned:
            cleaned["organization"] = None
        return cleaned


class InvitationSignUpForm(forms.Form):
    """Create an account from an invitation: the e-mail address is the invitation's."""

    full_name = forms.CharField(
        label=_("Your name"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    password = forms.CharField(
        label=_("Password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 8 characters, not only digits, not a common password."),
    )

    def __init__(self, *args, invitation, **kwargs):
        super().__init__(*args, **kwargs)
        self.invitation = invitation

    def clean_full_name(self):
        value = self.cleaned_data["full_name"].strip()
        if not value:
            raise forms.ValidationError(_("Please enter your name."))
        return value

    def clean(self):
        cleaned = super().clean()
        if User.objects.filter(email__iexact=self.invitation.email).exists():
            raise forms.ValidationError(
                _("An account already exists with this e-mail address. Log in to accept.")
            )
        password = cleaned.get("password")
        if password:
            probe = User(email=self.invitation.email, full_name=cleaned.get("full_name", ""))
            try:
                password_validation.validate_password(password, probe)
            except forms.ValidationError as error:
                self.add_error("password", error)
        return cleaned


class WorkspaceSwitchForm(forms.Form):
    workspace = forms.TypedChoiceField(label=_("Workspace"), coerce=int)

    def __init__(self, *args, memberships, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["workspace"].choices = [(m.workspace_id, m.workspace.name) for m in memberships]
        self.fields["workspace"].error_messages["invalid_choice"] = _(
            "You are not a member of this workspace."
        )
