from bot.domain.questions import INTERPRETER, JOINING, QUESTION_SETS, questions_for
from bot.domain.rounds import TalkKind


def test_every_kind_has_its_own_questions_and_ends_with_the_interpreter_question():
    for kind in TalkKind:
        questions = questions_for(kind)
        assert questions[-1] is INTERPRETER
        assert len({q.key for q in questions}) == len(questions)
    assert len(QUESTION_SETS[TalkKind.START]) == 7 + 1  # the seven of the school's guide
    assert len(QUESTION_SETS[TalkKind.ADVICE]) == 3 + 1


def test_where_the_school_leaves_it_open_parents_are_asked_whether_the_child_joins():
    plain = questions_for(TalkKind.PROGRESS)
    asked = questions_for(TalkKind.PROGRESS, ask_joining=True)
    assert JOINING not in plain
    assert asked == (*plain[:-1], JOINING, INTERPRETER)


def test_home_situation_questions_are_flagged_as_sensitive():
    sensitive = {q.key for kind in TalkKind for q in questions_for(kind) if q.sensitive}
    assert sensitive == {"home_situation", "circumstances"}
