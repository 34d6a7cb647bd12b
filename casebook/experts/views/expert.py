"""The invited expert's page (/experts/invitations/<token>/): sign up or sign in
with the invited email, then accept or decline."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from .. import selectors, services
from ..enums import PoolStatus


@login_required
def invitation(request, token):
    entry = selectors.invitation(token=token)
    error = None
    if request.method == "POST":
        answer = services.accept_invitation if request.POST.get("answer") == "accept" \
            else services.decline_invitation
        try:
            answer(entry=entry, user=request.user)
        except ValidationError as refused:
            error = "；".join(refused.messages)
        else:
            if entry.status == PoolStatus.ACCEPTED:
                messages.success(request, _("感谢您接受邀请，担任“%(call)s”的评审专家。") % {"call": entry.call.title})
            else:
                messages.info(request, _("已记录您谢绝本次评审邀请。"))
            return redirect("accounts:home")
    wrong_account = request.user.email.lower() != entry.expert.email.lower()
    return render(request, "experts/invitation.html", {
        "entry": entry, "call": entry.call, "expert": entry.expert, "error": error,
        "wrong_account": wrong_account,
    })
