"""Forms of the training pages; they check the input's form, the services decide."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any, ClassVar

from django import forms
from django.utils.translation import gettext_lazy as _

from hechtwerk.core.forms import DomainErrorMixin
from hechtwerk.instruments.models import InstrumentVersion

from .constants import CourseKind, IntakeStatus, Register, TargetRole, VatTreatment
from .models import Course

MEASUREMENT_FIELDS = ("nulmeting_version", "test_version", "evaluation_version")

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class CourseForm(DomainErrorMixin, forms.Form):
    name = forms.CharField(label=_("Naam"), max_length=200)
    kind = forms.ChoiceField(label=_("Soort"), choices=CourseKind.choices)
    summary = forms.CharField(
        label=_("Korte beschrijving"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    target_roles = forms.MultipleChoiceField(
        label=_("Voor wie"),
        choices=TargetRole.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    group_min = forms.IntegerField(label=_("Kleinste groep"), min_value=1, max_value=500)
    group_max = forms.IntegerField(label=_("Grootste groep"), min_value=1, max_value=500)
    price_excl_vat = forms.DecimalField(
        label=_("Prijs excl. BTW (euro)"), max_digits=9, decimal_places=2, initial=Decimal("0")
    )
    vat_treatment = forms.ChoiceField(label=_("BTW"), choices=VatTreatment.choices)
    price_note = forms.CharField(label=_("Bij de prijs"), max_length=200, required=False)
    attendance_threshold = forms.IntegerField(
        label=_("Aanwezigheid nodig voor het certificaat (%)"),
        min_value=0,
        max_value=100,
        initial=100,
    )
    test_required = forms.BooleanField(label=_("De toets moet gehaald zijn"), required=False)
    evaluation_required = forms.BooleanField(
        label=_("De evaluatie moet ingevuld zijn"), required=False
    )
    issues_certificate = forms.BooleanField(
        label=_("Deelnemers krijgen een certificaat"), required=False, initial=True
    )
    certificate_valid_months = forms.IntegerField(
        label=_("Certificaat geldig (maanden)"),
        min_value=1,
        max_value=240,
        required=False,
        help_text=_("Leeg laten als het certificaat niet verloopt."),
    )
    points_absg = forms.DecimalField(
        label=_("Accreditatiepunten ABSG"),
        min_value=0,
        max_digits=5,
        decimal_places=1,
        required=False,
    )
    points_vvn = forms.DecimalField(
        label=_("Accreditatiepunten V&VN Kwaliteitsregister"),
        min_value=0,
        max_digits=5,
        decimal_places=1,
        required=False,
    )
    points_skj = forms.DecimalField(
        label=_("Accreditatiepunten SKJ"),
        min_value=0,
        max_digits=5,
        decimal_places=1,
        required=False,
    )
    requires = forms.ModelMultipleChoiceField(
        label=_("Vooropleiding (een geldig certificaat is nodig)"),
        queryset=Course.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    prerequisite_note = forms.CharField(
        label=_("Voorwaarde die Hechtwerk niet kan controleren"), max_length=300, required=False
    )
    equivalents = forms.ModelMultipleChoiceField(
        label=_("Certificaten van deze cursussen tellen ook als certificaat van deze cursus"),
        queryset=Course.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    intake_questions = forms.CharField(
        label=_("Intakevragen (één per regel, te beantwoorden met ja of nee)"),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        max_length=3000,
    )

    nulmeting_version = forms.ModelChoiceField(
        label=_("Nulmeting (vóór de eerste bijeenkomst)"),
        queryset=InstrumentVersion.objects.none(),
        required=False,
        empty_label=_("Geen nulmeting"),
    )
    test_version = forms.ModelChoiceField(
        label=_("Toets (vanaf de laatste bijeenkomst, met een cesuur)"),
        queryset=InstrumentVersion.objects.none(),
        required=False,
        empty_label=_("Geen toets"),
    )
    evaluation_version = forms.ModelChoiceField(
        label=_("Evaluatie (vanaf de laatste bijeenkomst)"),
        queryset=InstrumentVersion.objects.none(),
        required=False,
        empty_label=_("Geen evaluatie"),
    )

    REGISTER_FIELDS: ClassVar[dict[Register, str]] = {
        Register.ABSG: "points_absg",
        Register.VVN: "points_vvn",
        Register.SKJ: "points_skj",
    }

    def __init__(self, *args: Any, course: Course | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        others = Course.objects.all() if course is None else Course.objects.exclude(pk=course.pk)
        others = others.select_related("organisation").order_by("name")
        self.fields["requires"].queryset = others  # type: ignore[attr-defined]
        self.fields["equivalents"].queryset = others  # type: ignore[attr-defined]
        self.fields["requires"].label_from_instance = _course_label  # type: ignore[attr-defined]
        published = InstrumentVersion.objects.published().select_related("instrument")
        for name in MEASUREMENT_FIELDS:
            self.fields[name].queryset = published.order_by(  # type: ignore[attr-defined]
                "instrument__name", "version"
            )
        self.fields["equivalents"].label_from_instance = _course_label  # type: ignore[attr-defined]

    def clean_price_excl_vat(self) -> Decimal:
        price: Decimal = self.cleaned_data["price_excl_vat"]
        if price < 0:
            raise forms.ValidationError(_("De prijs kan niet negatief zijn."))
        return price

    def accreditations(self) -> list[tuple[Register, Decimal]]:
        return [
            (register, self.cleaned_data[name])
            for register, name in self.REGISTER_FIELDS.items()
            if self.cleaned_data.get(name)
        ]

    def questions(self) -> list[str]:
        text: str = self.cleaned_data.get("intake_questions", "")
        return [line.strip()[:300] for line in text.splitlines() if line.strip()]


def _course_label(course: Course) -> str:
    return f"{course.name} ({course.organisation.name})"


def course_initial(course: Course) -> dict[str, Any]:
    """The form's values for an existing course."""
    points = {a.register: a.points for a in course.accreditations.all()}
    return {
        "name": course.name,
        "kind": course.kind,
        "summary": course.summary,
        "target_roles": course.target_role_codes(),
        "group_min": course.group_min,
        "group_max": course.group_max,
        "price_excl_vat": course.price_excl_vat,
        "vat_treatment": course.vat_treatment,
        "price_note": course.price_note,
        "attendance_threshold": course.attendance_threshold,
        "test_required": course.test_required,
        "evaluation_required": course.evaluation_required,
        "issues_certificate": course.issues_certificate,
        "certificate_valid_months": course.certificate_valid_months,
        **{name: points.get(register) for register, name in CourseForm.REGISTER_FIELDS.items()},
        "requires": [p.required_course_id for p in course.prerequisites.all()],
        "prerequisite_note": course.prerequisite_note,
        "equivalents": [e.equivalent_id for e in course.equivalences.all()],
        "intake_questions": "\n".join(q.text for q in course.intake_questions.all()),
        "nulmeting_version": course.nulmeting_version_id,
        "test_version": course.test_version_id,
        "evaluation_version": course.evaluation_version_id,
    }


class CourseSessionForm(forms.Form):
    topic = forms.CharField(label=_("Onderwerp"), max_length=200)
    duration_minutes = forms.IntegerField(
        label=_("Netto duur (minuten)"), min_value=1, max_value=720
    )
    break_minutes = forms.IntegerField(
        label=_("Pauze (minuten)"), min_value=0, max_value=240, initial=0
    )
    contents = forms.CharField(
        label=_("Inhoud"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


CourseSessionFormSet = forms.formset_factory(
    CourseSessionForm, extra=2, max_num=30, absolute_max=30, validate_max=True
)


class EditionForm(DomainErrorMixin, forms.Form):
    label = forms.CharField(
        label=_("Naam van de uitvoering"),
        max_length=120,
        help_text=_("Bijvoorbeeld plaats en seizoen."),
    )
    place = forms.CharField(label=_("Plaats"), max_length=200, required=False)
    min_participants = forms.IntegerField(
        label=_("Minimum aantal deelnemers"), min_value=1, max_value=500
    )
    max_participants = forms.IntegerField(
        label=_("Maximum aantal deelnemers"), min_value=1, max_value=500
    )
    trainers = forms.MultipleChoiceField(
        label=_("Trainers"), choices=(), widget=forms.CheckboxSelectMultiple
    )
    publish = forms.BooleanField(
        label=_("Meteen open voor inschrijving"), required=False, initial=True
    )

    def __init__(self, *args: Any, trainers: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["trainers"].choices = trainers  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        low, high = data.get("min_participants"), data.get("max_participants")
        if low is not None and high is not None and low > high:
            self.add_error(
                "min_participants",
                _("Het minimum aantal deelnemers kan niet boven het maximum liggen."),
            )
        return data


class EditionEditForm(EditionForm):
    """Changing a scheduled edition: everything but opening it for enrolment."""

    def __init__(self, *args: Any, trainers: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, trainers=trainers, **kwargs)
        del self.fields["publish"]


class DatedSessionForm(forms.Form):
    date = forms.DateField(label=_("Datum"), widget=DATE)
    start_time = forms.TimeField(label=_("Begintijd"), widget=TIME)
    end_time = forms.TimeField(label=_("Eindtijd"), widget=TIME)
    place = forms.CharField(
        label=_("Plaats (leeg: die van de uitvoering)"), max_length=200, required=False
    )
    online_url = forms.URLField(
        label=_("Link voor online deelname"), required=False, assume_scheme="https"
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start_time"), data.get("end_time")
        if start is not None and end is not None and end <= start:
            self.add_error("end_time", _("De eindtijd moet na de begintijd liggen."))
        return data


DatedSessionFormSet = forms.formset_factory(
    DatedSessionForm, extra=0, min_num=1, max_num=30, absolute_max=30, validate_min=True
)


class IntakeDecisionForm(DomainErrorMixin, forms.Form):
    decision = forms.ChoiceField(
        label=_("Besluit"),
        choices=[
            (s.value, s.label)
            for s in (IntakeStatus.ACCEPTED, IntakeStatus.ON_HOLD, IntakeStatus.DECLINED)
        ],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Toelichting (nodig bij aanhouden of niet plaatsen; niet in de e-mail)"),
        max_length=300,
        required=False,
    )


class ParentEnrolForm(DomainErrorMixin, forms.Form):
    alias = forms.CharField(
        label=_("Je voornaam of roepnaam"),
        max_length=60,
        help_text=_("Meer hoeven we niet te weten. Vul niets in over je kind."),
    )
    contact_email = forms.EmailField(
        label=_("E-mailadres"),
        max_length=254,
        help_text=_("Hierheen sturen we de bevestiging en de herinneringen."),
    )


class SupportGroupForm(DomainErrorMixin, forms.Form):
    started = forms.BooleanField(label=_("De groep gaat verder als supportgroep"), required=False)
    leader_alias = forms.CharField(
        label=_("Voornaam of roepnaam van de supportgroep-leider (vrijwilliger)"),
        max_length=60,
        required=False,
    )
    meeting_dates = forms.CharField(
        label=_("Data van de bijeenkomsten (één per regel, dd-mm-jjjj)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=2000,
    )

    def clean_meeting_dates(self) -> list[datetime.date]:
        days = []
        for line in self.cleaned_data["meeting_dates"].splitlines():
            text = line.strip()
            if not text:
                continue
            for pattern in ("%d-%m-%Y", "%Y-%m-%d", "%d/%m/%Y"):
                try:
                    days.append(datetime.datetime.strptime(text, pattern).date())
                    break
                except ValueError:
                    continue
            else:
                raise forms.ValidationError(
                    _("'%(text)s' is geen datum; schrijf bijvoorbeeld 14-03-2027.")
                    % {"text": text[:20]}
                )
        return days
