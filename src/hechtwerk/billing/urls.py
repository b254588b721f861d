from django.urls import path

from . import views

app_name = "billing"

urlpatterns = [
    path("", views.invoice_list, name="invoices"),
    path("gegevens/", views.profile, name="profile"),
    path("nieuw/", views.invoice_new, name="invoice_new"),
    path("afschriften/", views.statements, name="statements"),
    path("afschriften/<uuid:line_uuid>/koppelen/", views.statement_link, name="statement_link"),
    path("ontvangen/", views.received, name="received"),
    path("ontvangen/<uuid:invoice_uuid>/pdf/", views.received_pdf, name="received_pdf"),
    path("<uuid:invoice_uuid>/", views.invoice_detail, name="invoice"),
    path("<uuid:invoice_uuid>/regel/", views.line_add, name="line_add"),
    path("<uuid:invoice_uuid>/verzenden/", views.invoice_send, name="invoice_send"),
    path("<uuid:invoice_uuid>/verwijderen/", views.invoice_delete, name="invoice_delete"),
    path("<uuid:invoice_uuid>/crediteren/", views.invoice_credit, name="invoice_credit"),
    path("<uuid:invoice_uuid>/betaling/", views.payment_add, name="payment_add"),
    path("<uuid:invoice_uuid>/pdf/", views.invoice_pdf, name="invoice_pdf"),
]
