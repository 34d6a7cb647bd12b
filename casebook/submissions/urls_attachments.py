"""Evidence files and the receipt of a case; included into the "submissions"
namespace under cases/ by casebook/submissions/urls.py."""

from django.urls import path

from .views import attachments, receipt

urlpatterns = [
    path("<int:pk>/attachments/", attachments.attachments, name="attachments"),
    path("<int:pk>/attachments/<slug:kind>/upload/", attachments.upload, name="attachment_upload"),
    path("<int:pk>/attachments/<int:attachment_pk>/delete/", attachments.delete,
         name="attachment_delete"),
    path("<int:pk>/attachments/<int:attachment_pk>/download/", attachments.download,
         name="attachment_download"),
    path("<int:pk>/attachments/<int:attachment_pk>/thumbnail/", attachments.thumbnail,
         name="attachment_thumbnail"),
    path("<int:pk>/receipt/", receipt.receipt, name="receipt"),
    path("<int:pk>/receipt.pdf", receipt.receipt_pdf, name="receipt_pdf"),
]
