"""A beheerder manages the people of their own organisation: invitations, roles, teams and
second-factor resets (issue 8). Invitation links are `core.links` signed links (T6.13 for the
mail: a link and a few words, no health data)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from allauth.mfa.models import Authenticator
from django.core import mail
from django.test import Client
from django.urls import reverse

from hechtwerk.accounts.constants import Role
from hechtwerk.accounts.models import Invitation, Membership, Team, User
from hechtwerk.accounts.services import (
    AccountError,
    accept_invitation,
    assign_team,
    create_team,
    end_membership,
    invite_member,
    rename_team,
    reset_second_factor,
)
from hechtwerk.accounts.tests.factories import TEST_PASSWORD, MembershipFactory
from hechtwerk.core.links import LinkError, issue_link
from hechtwerk.core.models import AuditEntry, OutgoingMail

from .helpers import is_signed_in, post_password

pytestmark = pytest.mark.urls("hechtwerk.accounts.tests.member_urls")

NEW_PASSWORD = "een-zin-van-vier-woorden"
LINK = re.compile(r"https?://[^\s\"<>]+/account/uitnodiging/([A-Za-z0-9_-]+)/")


@pytest.fixture
def invite(django_capture_on_commit_callbacks, jgz_administrator):
    """Invite someone into the JGZ organisation; returns (invitation, token from the mail)."""

    def make(email: str = "nieuw@jgz.example", role: Role = Role.YOUTH_NURSE, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            invitation = invite_member(
                actor=jgz_administrator.user,
                organisation=jgz_administrator.organisation,
                email=email,
                role=role,
                **kwargs,
            )
        sent = [m for m in mail.outbox if m.to == [email.lower()]]
        token = LINK.search(sent[-1].body).group(1)
        return invitation, token

    return make


def accept_url(token: str) -> str:
    return reverse("accounts:accept_invitation", args=[token])


# --- Invitations ------------------------------------------------------------------------------


def test_it_mails_an_invitation_once_with_a_link_and_no_health_data(invite, jgz):
    invitation, token = invite(team=None)

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert jgz.name in message.subject
    assert "Jeugdverpleegkundige" in message.body
    assert accept_url(token) in message.body
    assert accept_url(token) in message.alternatives[0][0]
    assert OutgoingMail.objects.filter(kind="accounts/invitation").count() == 1
    # Only the hash of the link's secret is stored.
    assert token not in str(invitation.link.token_hash)
    assert AuditEntry.objects.filter(action="accounts.member.invited").count() == 1


def test_it_refuses_a_second_open_invitation_for_the_same_address_and_role(
    invite, jgz_administrator
):
    invite()

    with pytest.raises(AccountError, match="al een uitnodiging open"):
        invite_member(
            actor=jgz_administrator.user,
            organisation=jgz_administrator.organisation,
            email="NIEUW@jgz.example",
            role=Role.YOUTH_NURSE,
        )
    assert len(mail.outbox) == 1


def test_it_writes_the_invitation_in_english_when_asked(invite):
    invite(language="en")

    assert (
        "Hechtwerk invitation" in mail.outbox[0].subject or "Invitation" in mail.outbox[0].subject
    )
    assert "Jeugdverpleegkundige" not in mail.outbox[0].body


def test_it_signs_in_a_new_colleague_who_sets_a_password_and_leads_to_the_second_factor(invite):
    invitation, token = invite()
    client = Client()

    page = client.get(accept_url(token))
    assert page.status_code == 200
    assert "nieuw@jgz.example" in page.content.decode()

    response = client.post(
        accept_url(token), {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )

    assert response.status_code == 302
    assert is_signed_in(client)
    user = User.objects.get(email="nieuw@jgz.example")
    assert user.check_password(NEW_PASSWORD)
    assert Membership.objects.active().get(user=user).role == Role.YOUTH_NURSE
    # A nurse sees client data: the second factor is set up before anything else.
    home = client.get(reverse("core:home"))
    assert home.status_code == 302
    assert home["Location"] == reverse("mfa_activate_totp")
    # ...without asking for the password that was chosen a moment ago.
    assert client.get(reverse("mfa_activate_totp")).status_code == 200
    invitation.refresh_from_db()
    assert invitation.accepted_by == user
    assert AuditEntry.objects.filter(action="accounts.member.joined").count() == 1


def test_it_signs_in_a_colleague_whose_role_needs_no_second_factor_straight_to_home(invite):
    _invitation, token = invite(email="cursist@jgz.example", role=Role.PARTICIPANT)
    client = Client()

    client.post(accept_url(token), {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})

    home = client.get(reverse("core:home"))
    assert home.status_code == 200
    assert "Deelnemer" in home.content.decode()


def test_it_keeps_the_link_working_when_the_password_is_too_weak(invite):
    _invitation, token = invite()
    client = Client()

    response = client.post(accept_url(token), {"password1": "welkom01", "password2": "welkom01"})

    assert response.status_code == 400
    assert "te algemeen" in response.content.decode()
    assert not User.objects.filter(email="nieuw@jgz.example").exists()
    assert client.get(accept_url(token)).status_code == 200


def test_it_refuses_a_used_link(invite):
    _invitation, token = invite()
    Client().post(accept_url(token), {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})

    response = Client().get(accept_url(token))

    assert response.status_code == 410
    assert "al gebruikt" in response.content.decode()


def test_it_refuses_an_expired_link(invite, frozen):
    _invitation, token = invite()
    frozen.shift(timedelta(days=7, minutes=1))

    response = Client().post(
        accept_url(token), {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )

    assert response.status_code == 410
    assert "verlopen" in response.content.decode()
    assert not User.objects.filter(email="nieuw@jgz.example").exists()


def test_it_refuses_a_revoked_link_and_lists_only_open_invitations(
    invite, jgz_administrator, client_for
):
    invitation, token = invite()
    beheerder = client_for(jgz_administrator)
    assert "nieuw@jgz.example" in beheerder.get(reverse("accounts:people")).content.decode()

    beheerder.post(reverse("accounts:revoke_invitation", args=[invitation.uuid]), follow=True)

    assert "nieuw@jgz.example" not in beheerder.get(reverse("accounts:people")).content.decode()
    response = Client().get(accept_url(token))
    assert response.status_code == 410
    assert "ingetrokken" in response.content.decode()
    assert AuditEntry.objects.filter(action="accounts.member.invitation_revoked").count() == 1


def test_it_refuses_a_link_made_for_another_purpose_and_a_guessed_one(invite, jgz_administrator):
    invitation, _token = invite()
    _link, other_token = issue_link(
        purpose="calendar-feed",
        target=invitation,
        expires_in=timedelta(days=1),
        single_use=False,
        actor=jgz_administrator.user,
    )

    for token in (other_token, "A" * 43):
        response = Client().get(accept_url(token))
        assert response.status_code == 404
        assert "bestaat niet" in response.content.decode()


def test_it_stops_someone_guessing_links_with_a_wait(db):
    client = Client()
    statuses = [client.get(accept_url(f"{n:043d}")).status_code for n in range(31)]

    assert statuses[:30] == [404] * 30
    assert statuses[30] == 429


def test_it_adds_the_role_to_an_existing_account_after_signing_in(invite, trainer, frozen):
    """Someone with an account elsewhere (here a trainer) gets the membership, no new account."""
    _invitation, token = invite(email=trainer.user.email, role=Role.PARTICIPANT)
    client = Client()

    page = client.get(accept_url(token)).content.decode()
    assert reverse("account_login") in page
    post_password(client, trainer.user.email, TEST_PASSWORD)
    assert is_signed_in(client)
    response = client.post(accept_url(token))

    assert response.status_code == 302
    roles = set(
        Membership.objects.active().filter(user=trainer.user).values_list("role", flat=True)
    )
    assert roles == {Role.TRAINER, Role.PARTICIPANT}
    assert User.objects.filter(email=trainer.user.email).count() == 1


def test_it_does_not_let_another_signed_in_account_take_an_invitation(invite, trainer, client_for):
    _invitation, token = invite()
    client = client_for(trainer)

    page = client.get(accept_url(token))
    response = client.post(accept_url(token))

    assert "ander account" in page.content.decode()
    assert response.status_code == 400
    assert not Membership.objects.filter(user=trainer.user, role=Role.YOUTH_NURSE).exists()


def test_it_offers_only_roles_that_fit_the_organisation(
    jgz_administrator, provider_administrator, client_for
):
    jgz_form = client_for(jgz_administrator).get(reverse("accounts:invite")).content.decode()
    provider_form = (
        client_for(provider_administrator).get(reverse("accounts:invite")).content.decode()
    )

    assert 'value="jgz_verpleegkundige"' in jgz_form
    assert 'value="trainer"' not in jgz_form
    assert 'value="trainer"' in provider_form
    assert 'value="jeugdarts"' not in provider_form
    response = client_for(provider_administrator).post(
        reverse("accounts:invite"),
        {"email": "x@example.org", "role": "jeugdarts", "language": "nl"},
    )
    assert response.status_code == 400
    assert not Invitation.objects.exists()


# --- Another organisation's people ------------------------------------------------------------


def test_it_hides_a_jgz_organisations_people_from_a_providers_beheerder(
    provider_administrator, nurse, client_for
):
    client = client_for(provider_administrator)

    people = client.get(reverse("accounts:people")).content.decode()
    assert nurse.user.email not in people
    assert client.get(reverse("accounts:person", args=[nurse.user.uuid])).status_code == 404
    ended = client.post(reverse("accounts:end_membership", args=[nurse.membership.uuid]))
    reset = client.post(reverse("accounts:reset_second_factor", args=[nurse.user.uuid]))
    granted = client.post(
        reverse("accounts:grant_role", args=[nurse.user.uuid]), {"role": "trainer"}
    )

    assert (ended.status_code, reset.status_code, granted.status_code) == (404, 404, 404)
    assert Membership.objects.active().filter(pk=nurse.membership.pk).exists()
    assert Authenticator.objects.filter(user=nurse.user).exists()


def test_it_refuses_the_services_to_a_beheerder_of_another_organisation(
    provider_administrator, nurse
):
    with pytest.raises(AccountError):
        end_membership(actor=provider_administrator.user, membership=nurse.membership)
    with pytest.raises(AccountError):
        reset_second_factor(
            actor=provider_administrator.user, organisation=nurse.organisation, user=nurse.user
        )
    assert Membership.objects.active().filter(pk=nurse.membership.pk).exists()


# --- Roles ------------------------------------------------------------------------------------


def test_it_gives_and_ends_a_role_logged_and_effective_on_the_next_request(
    jgz_administrator, nurse, client_for
):
    beheerder = client_for(jgz_administrator)
    colleague = client_for(nurse)
    assert colleague.get(reverse("test_clinical_page")).status_code == 200

    beheerder.post(reverse("accounts:grant_role", args=[nurse.user.uuid]), {"role": "teamleider"})
    beheerder.post(reverse("accounts:end_membership", args=[nurse.membership.uuid]))

    assert colleague.get(reverse("test_clinical_page")).status_code == 403
    assert set(
        Membership.objects.active().filter(user=nurse.user).values_list("role", flat=True)
    ) == {Role.TEAM_LEADER}
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"accounts.membership.added", "accounts.membership.ended"} <= actions


def test_it_refuses_a_role_the_person_has_already(jgz_administrator, nurse, client_for):
    response = client_for(jgz_administrator).post(
        reverse("accounts:grant_role", args=[nurse.user.uuid]), {"role": "jgz_verpleegkundige"}
    )

    assert response.status_code == 400
    assert "heeft deze rol al" in response.content.decode()


def test_it_does_not_let_a_beheerder_end_their_own_last_beheerder_role(
    jgz_administrator, client_for
):
    client = client_for(jgz_administrator)

    response = client.post(
        reverse("accounts:end_membership", args=[jgz_administrator.membership.uuid]), follow=True
    )

    assert "laatste beheerder" in response.content.decode()
    assert Membership.objects.active().filter(pk=jgz_administrator.membership.pk).exists()


def test_it_lets_a_beheerder_step_down_when_another_one_remains(
    jgz_administrator, make_persona, jgz
):
    make_persona(Role.ADMINISTRATOR, jgz)

    end_membership(actor=jgz_administrator.user, membership=jgz_administrator.membership)

    assert not Membership.objects.active().filter(pk=jgz_administrator.membership.pk).exists()


# --- Second factor ----------------------------------------------------------------------------


def test_it_resets_a_second_factor_ends_the_sessions_and_asks_for_a_new_one(
    jgz_administrator, nurse, client_for, caplog
):
    colleague = client_for(nurse)
    assert colleague.get(reverse("test_member_page")).status_code == 200
    caplog.set_level("INFO", logger="hechtwerk.security")

    client_for(jgz_administrator).post(
        reverse("accounts:reset_second_factor", args=[nurse.user.uuid])
    )

    assert not Authenticator.objects.filter(user=nurse.user).exists()
    # The old session has ended...
    response = colleague.get(reverse("test_member_page"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    # ...and after signing in again with the password, a new second factor comes first.
    fresh = Client()
    post_password(fresh, nurse.user.email, TEST_PASSWORD)
    home = fresh.get(reverse("core:home"))
    assert home.status_code == 302
    assert home["Location"] == reverse("mfa_activate_totp")
    entry = AuditEntry.objects.get(action="accounts.member.second_factor_reset")
    assert entry.actor == jgz_administrator.user
    assert entry.target_id == str(nurse.user.uuid)
    assert any(r.getMessage() == "mfa.reset_by_administrator" for r in caplog.records)


def test_it_does_not_reset_your_own_second_factor_from_the_people_page(jgz_administrator):
    with pytest.raises(AccountError, match="Mijn account"):
        reset_second_factor(
            actor=jgz_administrator.user,
            organisation=jgz_administrator.organisation,
            user=jgz_administrator.user,
        )
    assert Authenticator.objects.filter(user=jgz_administrator.user).exists()


# --- Teams ------------------------------------------------------------------------------------


def test_it_keeps_teams_within_the_organisation(jgz_administrator, nurse, doctor, other_jgz):
    actor = jgz_administrator.user
    north = create_team(actor=actor, organisation=nurse.organisation, name="Noord")
    elsewhere = Team.objects.create(organisation=other_jgz, name="Zuid")

    assign_team(actor=actor, membership=nurse.membership, team=north)
    with pytest.raises(AccountError, match="hoort niet bij"):
        assign_team(actor=actor, membership=doctor.membership, team=elsewhere)
    with pytest.raises(AccountError, match="al een team"):
        create_team(actor=actor, organisation=nurse.organisation, name="noord")
    rename_team(actor=actor, team=north, name="Noord-Oost")

    assert list(Membership.objects.in_team(north)) == [nurse.membership]
    assert Team.objects.get(pk=north.pk).name == "Noord-Oost"
    assert {
        "accounts.team.created",
        "accounts.team.renamed",
        "accounts.member.team_assigned",
    } <= set(AuditEntry.objects.values_list("action", flat=True))


def test_it_has_no_teams_outside_a_jgz_organisation(provider_administrator, client_for):
    with pytest.raises(AccountError):
        create_team(
            actor=provider_administrator.user,
            organisation=provider_administrator.organisation,
            name="Team",
        )
    assert client_for(provider_administrator).get(reverse("accounts:teams")).status_code == 404


def test_it_manages_teams_through_the_pages(jgz_administrator, nurse, client_for):
    client = client_for(jgz_administrator)

    client.post(reverse("accounts:teams"), {"name": "West"})
    team = Team.objects.get(name="West")
    client.post(
        reverse("accounts:assign_team", args=[nurse.membership.uuid]),
        {f"{nurse.membership.uuid}-team": str(team.uuid)},
    )
    client.post(
        reverse("accounts:rename_team", args=[team.uuid]), {f"{team.uuid}-name": "Westland"}
    )

    page = client.get(reverse("accounts:people")).content.decode()
    assert "Westland" in page
    assert Membership.objects.in_team(team).get() == nurse.membership


def test_it_gives_an_invited_colleague_the_invited_team(invite, jgz_administrator):
    team = create_team(
        actor=jgz_administrator.user, organisation=jgz_administrator.organisation, name="Oost"
    )
    _invitation, token = invite(team=team)

    accepted = accept_invitation(token=token, client_address=None, password=NEW_PASSWORD)

    assert accepted.membership.team == team


# --- The people page --------------------------------------------------------------------------


def test_it_shows_roles_teams_last_sign_in_and_second_factor(
    jgz_administrator, nurse, make_persona, jgz, client_for
):
    make_persona(Role.PARTICIPANT, jgz, email="zonder@jgz.example", mfa=False)

    page = client_for(jgz_administrator).get(reverse("accounts:people")).content.decode()

    assert nurse.user.email in page
    assert "zonder@jgz.example" in page
    assert "Jeugdverpleegkundige" in page
    assert "Deelnemer" in page
    assert "nog nooit" in page
    assert "niet ingesteld" in page
    assert "ingesteld" in page


def test_it_pages_the_people_in_the_same_number_of_queries(
    jgz_administrator, jgz, client_for, django_assert_max_num_queries
):
    client = client_for(jgz_administrator)
    MembershipFactory.create_batch(3, organisation=jgz, role=Role.PARTICIPANT)
    with django_assert_max_num_queries(30) as few:
        client.get(reverse("accounts:people"))
    MembershipFactory.create_batch(60, organisation=jgz, role=Role.PARTICIPANT)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("accounts:people"))

    assert "Pagina 1 van 2" in response.content.decode()
    assert client.get(reverse("accounts:people") + "?pagina=2").status_code == 200


def test_it_offers_the_people_page_in_a_beheerders_menu_only(jgz_administrator, nurse, client_for):
    people = reverse("accounts:people")

    assert people in client_for(jgz_administrator).get(reverse("core:home")).content.decode()
    assert people not in client_for(nurse).get(reverse("core:home")).content.decode()


def test_it_lets_an_invitation_fail_without_changing_anything(invite):
    """A LinkError inside the service leaves the database as it was."""
    _invitation, token = invite()
    accept_invitation(token=token, client_address=None, password=NEW_PASSWORD)

    with pytest.raises(LinkError):
        accept_invitation(token=token, client_address=None, password=NEW_PASSWORD)
    assert User.objects.filter(email="nieuw@jgz.example").count() == 1


def test_it_puts_the_demo_nurse_and_doctor_in_one_demo_team(db):
    from hechtwerk.accounts import demo

    demo.load(demo.DemoContext())
    demo.load(demo.DemoContext())  # loading again changes nothing

    team = Team.objects.get(name=demo.DEMO_TEAM)
    members = Membership.objects.in_team(team).values_list("user__email", flat=True)
    assert sorted(members) == [
        "jeugdarts@voorbeeldstad.example",
        "verpleegkundige@voorbeeldstad.example",
    ]


def test_it_promises_on_the_home_page_only_what_the_role_can_open(
    organiser, nurse, jgz_administrator, client_for
):
    organiser_home = client_for(organiser).get(reverse("core:home")).content.decode()
    nurse_home = client_for(nurse).get(reverse("core:home")).content.decode()
    beheerder_home = client_for(jgz_administrator).get(reverse("core:home")).content.decode()

    # Each line follows a capability of the membership, never the role name alone.
    for line in ("Signalenlijst invullen", "Medewerkers beheren", "toegangslogboek (NEN 7513)"):
        assert line not in organiser_home
    assert "Signalenlijst invullen" in nurse_home
    assert "Medewerkers beheren" not in nurse_home
    assert "Medewerkers beheren" in beheerder_home
    # The old promise of licences and materials (which do not exist) is gone.
    assert "licenties" not in beheerder_home
