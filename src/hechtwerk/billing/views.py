"""Pages of billing: the seller's beheerder makes, sends, credits and collects invoices; a buyer's
beheerder sees the invoices addressed to the own organisation."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from hechtwerk.accounts.capabilities import Capability
from hechtwerk.accounts.permissions import requires
from hechtwerk.accounts.types import AuthedRequest
from hechtwerk.core.documents import file_response
from hechtwerk.core.errors import DomainError

from . import services
from .constants import InvoiceKind, MatchState
from .forms import (
    CreditForm,
    FilterForm,
    InvoiceForm,
    LineForm,
    LinkLineForm,
    PaymentForm,
    ProfileForm,
    StatementForm,
)
from .models import BankStatementLine, BillingProfile, Invoice

MATCH_REASONS = {
    "exact": _("bedrag en factuurnummer kloppen"),
    "less": _("minder dan het openstaande bedrag"),
    "more": _("meer dan het openstaande bedrag"),
    "no_number": _("geen factuurnummer in de omschrijving"),
    "unknown_number": _("factuurnummer niet gevonden of al betaald"),
    "several": _("meer dan één factuurnummer"),
    "several_exact": _("meer dan één factuurnummer"),
    "debit": _("afschrijving"),
    "by_hand": _("met de hand gekoppeld"),
}


def _own(request: AuthedRequest, invoice_uuid: uuid.UUID) -> Invoice:
    """An invoice the own organisation issued; another organisation's is a 404."""
    return get_object_or_404(
        Invoice.objects.select_related("credits"),
        uuid=invoice_uuid,
        seller=request.membership.organisation,
    )


def _req(request: HttpRequest) -> AuthedRequest:
    assert isinstance(request, HttpRequest)
    return request  # type: ignore[return-value]


def _rows(invoices: list[Invoice], today: object) -> list[tuple[Invoice, str, str]]:
    return [(i, i.status(today=today), i.get_kind_display()) for i in invoices]  # type: ignore[arg-type]


@requires(Capability.MANAGE_INVOICES)
def invoice_list(request: HttpRequest) -> HttpResponse:
    req = _req(request)
    today = timezone.localdate()
    form = FilterForm(request.GET or None)
    found = (
        Invoice.objects.issued_by(req.membership.organisation)
        .with_paid()
        .prefetch_related("credit_notes", "lines")
    )
    status = ""
    if form.is_valid():
        status = form.cleaned_data["status"] or ""
        if text := (form.cleaned_data["buyer"] or "").strip():
            found = found.filter(Q(buyer_name__icontains=text) | Q(number__icontains=text))
        if year := form.cleaned_data["year"]:
            found = found.filter(Q(year=year) | Q(year__isnull=True, created_at__year=year))
    rows = _rows(list(found[:1000]), today)
    if status:
        rows = [r for r in rows if r[1] == status]
    page = Paginator(rows, 50).get_page(request.GET.get("pagina"))
    return render(
        request,
        "billing/list.html",
        {"form": form, "page": page, "has_profile": _has_profile(req)},
    )


def _has_profile(req: AuthedRequest) -> bool:
    return BillingProfile.objects.filter(organisation=req.membership.organisation).exists()


@requires(Capability.MANAGE_INVOICES)
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    req = _req(request)
    instance = BillingProfile.objects.filter(organisation=req.membership.organisation).first()
    form = ProfileForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_billing_profile(
                actor=req.user,
                organisation=req.membership.organisation,
                **{name: form.cleaned_data[name] for name in ProfileForm.Meta.fields},
            )
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("De factuurgegevens zijn opgeslagen."))
            return redirect("billing:invoices")
    return render(request, "billing/profile.html", {"form": form})


@requires(Capability.MANAGE_INVOICES)
@require_http_methods(["GET", "POST"])
def invoice_new(request: HttpRequest) -> HttpResponse:
    req = _req(request)
    seller = req.membership.organisation
    form = InvoiceForm(request.POST or None, seller=seller)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if data["buyer_organisation"] is not None:
            buyer = services.buyer_of(data["buyer_organisation"], reference=data["buyer_reference"])
        else:
            buyer = services.Buyer(
                "persoon",
                data["buyer_name"],
                data["buyer_address"],
                data["buyer_email"] or "",
                reference=data["buyer_reference"],
            )
        try:
            invoice = services.create_invoice(
                actor=req.user,
                seller=seller,
                buyer=buyer,
                supply_start=data["supply_start"],
                supply_end=data["supply_end"],
            )
        except DomainError as error:
            form.add_domain_error(error)
        else:
            return redirect("billing:invoice", invoice.uuid)
    return render(request, "billing/new.html", {"form": form})


@requires(Capability.MANAGE_INVOICES)
def invoice_detail(request: HttpRequest, invoice_uuid: uuid.UUID) -> HttpResponse:
    invoice = _own(_req(request), invoice_uuid)
    return _detail(request, invoice)


def _detail(
    request: HttpRequest,
    invoice: Invoice,
    *,
    line_form: LineForm | None = None,
    credit_form: CreditForm | None = None,
    payment_form: PaymentForm | None = None,
    status: int = 200,
) -> HttpResponse:
    today = timezone.localdate()
    context = {
        **services.invoice_context(invoice),
        "status": invoice.status(today=today),
        "paid": invoice.paid(),
        "outstanding": invoice.outstanding(),
        "payments": invoice.payments.all(),
        "credit_notes": invoice.credit_notes.all(),
        "line_form": line_form or LineForm(initial={"quantity": 1, "vat_code": "21"}),
        "credit_form": credit_form or CreditForm(),
        "payment_form": payment_form or PaymentForm(initial={"amount": invoice.outstanding()}),
        "may_credit": invoice.is_sent
        and invoice.kind == InvoiceKind.INVOICE
        and not invoice.is_credited(),
    }
    return render(request, "billing/detail.html", context, status=status)


@requires(Capability.MANAGE_INVOICES)
@require_POST
def line_add(request: HttpRequest, invoice_uuid: uuid.UUID) -> HttpResponse:
    req = _req(request)
    invoice = _own(req, invoice_uuid)
    form = LineForm(request.POST)
    if form.is_valid():
        try:
            services.add_line(actor=req.user, invoice=invoice, **form.cleaned_data)
        except DomainError as error:
            form.add_domain_error(error)
        else:
            return redirect("billing:invoice", invoice.uuid)
    return _detail(request, invoice, line_form=form, status=400)


@requires(Capability.MANAGE_INVOICES)
@require_POST
def invoice_send(request: HttpRequest, invoice_uuid: uuid.UUID) -> HttpResponse:
    req = _req(request)
    invoice = _own(req, invoice_uuid)
    try:
        invoice = services.send_invoice(actor=req.user, invoice=invoice)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, _("Factuur %(number)s is verzonden.") % {"number": invoice.number}
        )
    return redirect("billing:invoice", invoice.uuid)


@requires(Capability.MANAGE_INVOICES)
@require_POST
def invoice_delete(request: HttpRequest, invoice_uuid: uuid.UUID) -> HttpResponse:
    req = _req(request)
    invoice = _own(req, invoice_uuid)
    try:
        services.delete_invoice(actor=req.user, invoice=invoice)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("billing:invoice", invoice.uuid)
    messages.success(request, _("De conceptfactuur is verwijderd."))
    return redirect("billing:invoices")


@requires(Capability.MANAGE_INVOICES)
@require_POST
def invoice_credit(request: HttpRequest, invoice_uuid: uuid.UUID) -> HttpResponse:
    req = _req(request)
    invoice = _own(req, invoice_uuid)
    form = CreditForm(request.POST)
    if form.is_valid():
        try:
            note, replacement = services.credit_invoice(
                actor=req.user,
                invoice=invoice,
                reason=form.cleaned_data["reason"],
                replace=form.cleaned_data["replace"],
            )
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(
                request, _("Creditnota %(number)s is verzonden.") % {"number": note.number}
            )
            return redirect("billing:invoice", (replacement or note).uuid)
    return _detail(request, invoice, credit_form=form, status=400)


@requires(Capability.MANAGE_INVOICES)
@require_POST
def payment_add(request: HttpRequest, invoice_uuid: uuid.UUID) -> HttpResponse:
    req = _req(request)
    invoice = _own(req, invoice_uuid)
    form = PaymentForm(request.POST)
    if form.is_valid():
        try:
            services.register_payment(actor=req.user, invoice=invoice, **form.cleaned_data)
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("De betaling is vastgelegd."))
            return redirect("billing:invoice", invoice.uuid)
    return _detail(request, invoice, payment_form=form, status=400)


@requires(Capability.MANAGE_INVOICES)
def invoice_pdf(request: HttpRequest, invoice_uuid: uuid.UUID) -> HttpResponse:
    invoice = _own(_req(request), invoice_uuid)
    if not invoice.pdf:
        raise Http404
    return file_response(
        bytes(invoice.pdf), filename=f"factuur-{invoice.number}.pdf", content_type="application/pdf"
    )


@requires(Capability.MANAGE_INVOICES)
@require_http_methods(["GET", "POST"])
def statements(request: HttpRequest) -> HttpResponse:
    req = _req(request)
    organisation = req.membership.organisation
    form = StatementForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                result = services.import_bank_statement(
                    actor=req.user,
                    organisation=organisation,
                    file_name=upload.name,
                    content=upload.read(),
                )
            except DomainError as error:
                form.add_domain_error(error)
                status = 400
            else:
                messages.success(
                    request,
                    _(
                        "Ingelezen: %(added)s nieuwe regels (%(matched)s gekoppeld, %(partial)s "
                        "deels, %(unmatched)s niet gekoppeld); %(known)s regels waren al bekend."
                    )
                    % {
                        "added": len(result.added),
                        "matched": result.count(MatchState.MATCHED),
                        "partial": result.count(MatchState.PARTIAL),
                        "unmatched": result.count(MatchState.UNMATCHED),
                        "known": result.already_known,
                    },
                )
                return redirect("billing:statements")
        else:
            status = 400
    shown = request.GET.get("koppeling", "")
    lines = BankStatementLine.objects.filter(organisation=organisation).select_related("invoice")
    if shown in MatchState.values:
        lines = lines.filter(match_state=shown)
    page = Paginator(lines, 50).get_page(request.GET.get("pagina"))
    return render(
        request,
        "billing/statements.html",
        {
            "form": form,
            "page": page,
            "reasons": MATCH_REASONS,
            "states": MatchState.choices,
            "shown": shown,
            "link_form": LinkLineForm(),
        },
        status=status,
    )


@requires(Capability.MANAGE_INVOICES)
@require_POST
def statement_link(request: HttpRequest, line_uuid: uuid.UUID) -> HttpResponse:
    req = _req(request)
    organisation = req.membership.organisation
    line = get_object_or_404(BankStatementLine, uuid=line_uuid, organisation=organisation)
    form = LinkLineForm(request.POST)
    invoice = None
    if form.is_valid():
        invoice = (
            Invoice.objects.issued_by(organisation)
            .filter(number=form.cleaned_data["invoice_number"].strip(), kind=InvoiceKind.INVOICE)
            .first()
        )
    if invoice is None:
        messages.error(request, _("Geen verzonden factuur met dat nummer gevonden."))
        return redirect("billing:statements")
    try:
        services.link_statement_line(actor=req.user, line=line, invoice=invoice)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, _("Gekoppeld aan factuur %(number)s.") % {"number": invoice.number}
        )
    return redirect("billing:statements")


# --- the buyer's side ----------------------------------------------------------------------------


@requires(Capability.SEE_OWN_INVOICES)
def received(request: HttpRequest) -> HttpResponse:
    req = _req(request)
    today = timezone.localdate()
    found = (
        Invoice.objects.addressed_to(req.membership.organisation)
        .with_paid()
        .prefetch_related("credit_notes")
    )
    page = Paginator(_rows(list(found), today), 50).get_page(request.GET.get("pagina"))
    return render(request, "billing/received.html", {"page": page})


@requires(Capability.SEE_OWN_INVOICES)
def received_pdf(request: HttpRequest, invoice_uuid: uuid.UUID) -> HttpResponse:
    req = _req(request)
    invoice = get_object_or_404(
        Invoice.objects.addressed_to(req.membership.organisation), uuid=invoice_uuid
    )
    return file_response(
        bytes(invoice.pdf or b""),
        filename=f"factuur-{invoice.number}.pdf",
        content_type="application/pdf",
    )
