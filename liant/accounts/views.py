from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_ratelimit.decorators import ratelimit

from liant.core.decorators import actor_required, not_post
from liant.core.tenancy import Role

from . import selectors, services
from .forms import (
    InvitationForm,
    InvitationSignUpForm,
    LoginForm,
    MemberRoleForm,
    NewPasswordForm,
    PasswordResetRequestForm,
    SignUpForm,
    WorkspaceSwitchForm,
)

# Password-reset requests allowed per IP and per e-mail address, per window.
PASSWORD_RESET_RATE = getattr(settings, "PASSWORD_RESET_RATE", "5/h")
# Invitations a member may send per hour (each one sends an e-mail).
INVITATION_RATE = getattr(settings, "INVITATION_RATE", "30/h")


def _login_account_key(group, request):
    return (request.POST.get("username") or "").strip().lower()


def _email_key(group, request):
    return (request.POST.get("email") or "").strip().lower()


def _site_url(request) -> str:
    return request.build_absolute_uri("/")


def _add_service_errors(form, error: ValidationError) -> None:
    """Show a service's validation error on the form (on fields when it names them)."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


@method_decorator(ratelimit(key="ip", rate=settings.LOGIN_RATE, method="POST"), name="post")
@method_decorator(
    ratelimit(key=_login_account_key, rate=settings.LOGIN_RATE, method="POST"), name="post"
)
class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


@ratelimit(key="ip", rate="10/h", method="POST")
def signup(request):
    if request.user.is_authenticated:
        return redirect("core:home")
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = services.sign_up(**form.cleaned_data)
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Welcome! Your workspace is ready."))
        return redirect("core:home")
    return render(request, "accounts/signup.html", {"form": form})


def no_workspace(request):
    if not request.user.is_authenticated:
        return redirect("accounts:login")
    return render(request, "accounts/no_workspace.html")


# --- Password reset (Django's views, our templates, our service for the write)


@method_decorator(ratelimit(key="ip", rate=PASSWORD_RESET_RATE, method="POST"), name="post")
@method_decorator(ratelimit(key=_email_key, rate=PASSWORD_RESET_RATE, method="POST"), name="post")
class PasswordResetView(auth_views.PasswordResetView):
    form_class = PasswordResetRequestForm
    template_name = "accounts/password_reset_form.html"
    email_template_name = "accounts/email/password_reset_body.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


@method_decorator(ratelimit(key="ip", rate=settings.LOGIN_RATE, method="POST"), name="post")
class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    form_class = NewPasswordForm
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


# --- Team: members and invitations


def _team_context(request, invite_form):
    actor = request.actor
    return {
        "nav": "team",
        "form": invite_form,
        "members": list(selectors.member_list(actor)),
        "invitations": list(selectors.pending_invitations(actor)),
        "invitable_roles": services.invitable_roles(actor),
        "memberships": list(selectors.user_memberships(request.user)),
        "has_organizations": invite_form.fields["organization"].queryset.exists(),
    }


@actor_required(staff=True)
@ratelimit(key="user", rate=INVITATION_RATE, method="POST")
def team(request):
    actor = request.actor
    form = InvitationForm(request.POST or None, actor=actor)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            invitation = services.invite(
                actor,
                email=data["email"],
                role=data["role"],
                organization=data["organization"],
                site_url=_site_url(request),
            )
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Invitation sent to %(email)s.") % {"email": invitation.email},
            )
            return redirect("accounts:team")
    status = 400 if form.errors else 200
    return render(request, "accounts/team.html", _team_context(request, form), status=status)


@actor_required(staff=True)
def invitation_resend(request, invitation_pk):
    invitation = selectors.get_pending_invitation(request.actor, invitation_pk)
    if response := not_post(request):
        return response
    try:
        services.resend_invitation(request.actor, invitation, site_url=_site_url(request))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("Invitation sent again to %(email)s.") % {"email": invitation.email}
        )
    return redirect("accounts:team")


@actor_required(staff=True)
def invitation_revoke(request, invitation_pk):
    invitation = selectors.get_pending_invitation(request.actor, invitation_pk)
    if response := not_post(request):
        return response
    try:
        services.revoke_invitation(request.actor, invitation)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("The invitation to %(email)s is revoked: its link no longer works.")
            % {"email": invitation.email},
        )
    return redirect("accounts:team")


@actor_required(owner=True)
def member_edit(request, member_pk):
    actor = request.actor
    membership = selectors.get_member(actor, member_pk)
    form = MemberRoleForm(
        request.POST or None,
        actor=actor,
        initial={"role": membership.role, "organization": membership.organization_id},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.change_member_role(
                actor,
                membership,
                role=form.cleaned_data["role"],
                organization=form.cleaned_data["organization"],
            )
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("%(name)s's role is saved.")
                % {"name": membership.user.full_name or membership.user.email},
            )
            if membership.user_id == request.user.pk and form.cleaned_data["role"] == Role.SPONSOR:
                return redirect("core:home")
            return redirect("accounts:team")
    return render(
        request,
        "accounts/member_edit.html",
        {
            "nav": "team",
            "member": membership,
            "form": form,
            "is_self": membership.user_id == request.user.pk,
        },
        status=400 if form.errors else 200,
    )


@actor_required(owner=True)
def member_remove(request, member_pk):
    actor = request.actor
    membership = selectors.get_member(actor, member_pk)
    if response := not_post(request):
        return response
    name = membership.user.full_name or membership.user.email
    removing_self = membership.user_id == request.user.pk
    try:
        services.remove_member(actor, membership)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("accounts:member_edit", member_pk=membership.pk)
    if removing_self:
        messages.success(request, _("You have left the workspace."))
        return redirect("core:home")
    messages.success(
        request, _("%(name)s no longer has access to this workspace.") % {"name": name}
    )
    return redirect("accounts:team")


# --- Workspace switcher


@login_required
def workspaces(request):
    memberships = list(selectors.user_memberships(request.user))
    current = getattr(request.actor, "workspace_id", None) if request.actor else None
    return render(
        request,
        "accounts/workspaces.html",
        {"memberships": memberships, "current_workspace_id": current},
    )


@login_required
@require_POST
def switch_workspace(request):
    memberships = list(selectors.user_memberships(request.user))
    form = WorkspaceSwitchForm(request.POST, memberships=memberships)
    if not form.is_valid():
        messages.error(request, _("You are not a member of this workspace."))
        return redirect("accounts:workspaces")
    try:
        membership = services.switch_workspace(request.user, form.cleaned_data["workspace"])
    except PermissionDenied:
        messages.error(request, _("You are not a member of this workspace."))
        return redirect("accounts:workspaces")
    messages.success(
        request, _("You are now working in %(name)s.") % {"name": membership.workspace.name}
    )
    next_url = request.POST.get("next") or ""
    if next_url and url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(next_url)
    return redirect("core:home")


# --- Accepting an invitation (the token in the link is the capability)


def _invalid_invitation(request, reason: str):
    return render(
        request,
        "accounts/invitation_invalid.html",
        {"reason": reason},
        status=404 if reason == "unknown" else 410,
    )


def _accepted(request, membership):
    messages.success(
        request,
        _("Welcome to %(workspace)s!") % {"workspace": membership.workspace.name},
    )
    return redirect("core:home")


@ratelimit(key="ip", rate=settings.LOGIN_RATE, method="POST")
def invitation(request, token):
    invitation = selectors.invitation_by_token(token)
    if invitation is None:
        return _invalid_invitation(request, "unknown")
    problem = services.invitation_problem(invitation)
    if problem:
        return _invalid_invitation(request, problem)

    already_member = False
    signup_form = login_form = None
    account_exists = selectors.account_exists(invitation.email)
    if request.user.is_authenticated:
        already_member = request.user.memberships.filter(workspace=invitation.workspace_id).exists()
    else:
        which = request.POST.get("form") if request.method == "POST" else None
        signup_form = InvitationSignUpForm(
            request.POST if which == "signup" else None,
            invitation=invitation,
            auto_id="signup_%s",
        )
        login_form = LoginForm(
            request,
            data=request.POST if which == "login" else None,
            initial={"username": invitation.email} if account_exists else None,
            auto_id="login_%s",
        )
        if which == "signup" and signup_form.is_valid():
            try:
                user = services.accept_invitation_with_new_account(
                    invitation,
                    full_name=signup_form.cleaned_data["full_name"],
                    password=signup_form.cleaned_data["password"],
                )
            except services.InvitationUnusable as error:
                return _invalid_invitation(request, error.reason)
            except ValidationError as error:
                _add_service_errors(signup_form, error)
            else:
                login(request, user, backend="django.contrib.auth.backends.ModelBackend")
                return _accepted(request, user.memberships.get(workspace=invitation.workspace_id))
        elif which == "login" and login_form.is_valid():
            user = login_form.get_user()
            try:
                membership = services.accept_invitation(invitation, user)
            except services.InvitationUnusable as error:
                return _invalid_invitation(request, error.reason)
            except ValidationError:
                # Already a member: log in all the same and say so.
                login(request, user)
                messages.info(request, _("You are already a member of this workspace."))
                return redirect("core:home")
            login(request, user)
            return _accepted(request, membership)

    context = {
        "invitation": invitation,
        "signup_form": signup_form,
        "login_form": login_form,
        "account_exists": account_exists,
        "already_member": already_member,
        "show_login": bool(account_exists or (login_form and login_form.errors)),
        "email_differs": request.user.is_authenticated
        and request.user.email.lower() != invitation.email.lower(),
        "is_sponsor": invitation.role == Role.SPONSOR,
    }
    has_errors = (signup_form and signup_form.errors) or (login_form and login_form.errors)
    return render(request, "accounts/invitation.html", context, status=400 if has_errors else 200)


@login_required
def invitation_accept(request, token):
    invitation = selectors.invitation_by_token(token)
    if invitation is None:
        return _invalid_invitation(request, "unknown")
    if response := not_post(request):
        return response
    try:
        membership = services.accept_invitation(invitation, request.user)
    except services.InvitationUnusable as error:
        return _invalid_invitation(request, error.reason)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(reverse("accounts:invitation", kwargs={"token": token}))
    return _accepted(request, membership)
