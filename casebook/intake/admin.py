"""Received mail in the admin, to read: the pipeline and the triage page decide
about it, so nothing here changes a message's status."""

from django.contrib import admin

from casebook.accounts.admin_base import CallScopedAdmin, ReadOnlyMixin, RulesModelAdmin

from .models import InboundMessage, MailboxState


@admin.register(InboundMessage)
class InboundMessageAdmin(ReadOnlyMixin, CallScopedAdmin):
    list_display = ["received_at", "status", "call", "sender", "subject", "case", "attempts"]
    list_filter = ["status", ("call", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["subject", "sender", "message_id", "sha256", "case__number"]
    list_select_related = ["call", "case"]
    date_hierarchy = "received_at"
    fields = ["call", "status", "reason", "case", "received_at", "sender", "subject", "message_id",
              "source", "source_key", "raw", "size", "sha256", "attempts", "processed_at",
              "handled_by", "outcome", "created_at"]
    readonly_fields = fields


@admin.register(MailboxState)
class MailboxStateAdmin(ReadOnlyMixin, RulesModelAdmin):
    list_display = ["source", "uidvalidity", "last_uid", "checked_at", "last_error"]
    readonly_fields = list_display
