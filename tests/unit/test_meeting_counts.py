"""The organiser's figures count families, not parents: chairs, childminders and
interpreters are planned per family."""

from datetime import UTC, datetime, timedelta

from bot.domain.meetings import Invitee, Meeting, MeetingTopic, Reply, Rsvp, count, families_of


def parent(guardian_id: int, *children: tuple[int, str]) -> Invitee:
    return Invitee(
        guardian_id=guardian_id,
        name=f"parent {guardian_id}",
        language="nl",
        pupils=tuple((pupil, "Kim", "4") for pupil, _ in children),
        linked=True,
        unreachable=False,
        newcomer=False,
        households=frozenset(children),
    )


# Noor's parents live together (household 1); Zoë's live apart (households 1 and 2);
# Sem's mother also has Daan, whose father lives with her.
MOTHER, FATHER = parent(1, (10, "1")), parent(2, (10, "1"))
ZOE_MOTHER, ZOE_FATHER = parent(3, (20, "1")), parent(4, (20, "2"))
SEM_MOTHER, DAAN_FATHER = parent(5, (30, "1"), (31, "1")), parent(6, (31, "1"))
EVERYONE = [MOTHER, FATHER, ZOE_MOTHER, ZOE_FATHER, SEM_MOTHER, DAAN_FATHER]


def test_parents_who_share_a_child_in_one_household_are_one_family():
    families = [sorted(i.guardian_id for i in family) for family in families_of(EVERYONE)]
    assert sorted(families) == [[1, 2], [3], [4], [5, 6]]


def test_two_parents_answering_the_same_are_counted_once():
    both = [
        Reply(1, Rsvp.YES, 2, ("0-1", "4-12"), "ar"),
        Reply(2, Rsvp.YES, 2, ("0-1", "4-12"), "ar"),
    ]
    counts = count(EVERYONE, both)
    assert (counts.invited, counts.coming, counts.unanswered) == (4, 1, 3)
    assert counts.adults == 2
    assert counts.childcare == {"0-1": 1, "4-12": 1}
    assert counts.interpreters == {"ar": 1}


def test_a_family_comes_when_one_parent_does_and_brings_the_most_either_gave():
    replies = [
        Reply(1, Rsvp.NO),
        Reply(2, Rsvp.MAYBE, 1, ("2-3",), None),
        Reply(5, Rsvp.YES, 1),
        Reply(6, Rsvp.YES, 2, (), "tr"),
    ]
    counts = count(EVERYONE, replies)
    assert (counts.coming, counts.maybe, counts.not_coming) == (1, 1, 0)
    assert counts.adults == 1 + 2
    assert counts.childcare == {"2-3": 1}
    assert counts.interpreters == {"tr": 1}


def test_parents_who_live_apart_each_answer_for_their_own_household():
    counts = count(EVERYONE, [Reply(3, Rsvp.YES, 1), Reply(4, Rsvp.NO)])
    assert (counts.coming, counts.not_coming, counts.adults) == (1, 1, 1)


def test_newcomers_are_counted_from_the_same_day_some_months_before():
    def meeting(day: datetime, months: int | None) -> Meeting:
        return Meeting(
            id=1,
            key="m",
            topic=MeetingTopic.MILESTONES,
            title="",
            titles=(),
            starts_at=day,
            minutes=60,
            place="hall",
            groups=("4",),
            newcomer_months=months,
            childcare=False,
            interpreters=(),
            invitations_from=day - timedelta(days=21),
            rsvp_closes_at=day - timedelta(days=2),
        )

    late_november = meeting(datetime(2026, 11, 30, 18, tzinfo=UTC), 6)
    assert str(late_november.newcomer_since()) == "2026-05-30"
    march = meeting(datetime(2027, 3, 31, 18, tzinfo=UTC), 1)
    assert str(march.newcomer_since()) == "2027-02-28"  # February has no 31st
    not_for_newcomers = meeting(datetime(2027, 1, 13, 18, tzinfo=UTC), None)
    assert not_for_newcomers.newcomer_since() is None
    assert str(not_for_newcomers.new_at_school_since()) == "2026-07-13"  # six months
