"""The school's phrasebook: the action points and talking points teachers choose from.

Written with the seeds' examples in mind (reading together, talking about school at home,
being on time, joining a club, extra instruction in a small group, a weekly check-in).
Plain language: short sentences, common words; `{count}` and `{name}` stay as they are in
every translation. Keys are stored with agreements: never change or reuse one.

An action point is listed under its owner's heading ("Your child will:", "You as parents
will:", "The teacher and the school will:"), next to the teacher's own words, so it starts
with a verb ("Read …") and "you" is the parent; each language uses its own form for such a
list (Dutch "… lezen", Arabic a verbal noun, Turkish "-mak", Polish and Ukrainian an
infinitive). A talking point follows "Something to talk about at home:", so it is a topic
("The book your child is reading.").
"""

from __future__ import annotations

from bot.domain.gettext_markers import N_, Nn_
from bot.domain.phrasebook import Area, Count, Owner, Phrase


def _counted(key: str, area: Area, owner: Owner, forms: tuple[str, str], count: Count) -> Phrase:
    return Phrase(key, area, owner, forms[0], forms[1], count)


AREA_LABELS: dict[Area, str] = {
    Area.READING: N_("Reading and language"),
    Area.ARITHMETIC: N_("Arithmetic"),
    Area.HOMEWORK: N_("Homework and planning"),
    Area.SOCIAL: N_("Getting on with others"),
    Area.MOTIVATION: N_("Motivation and attendance"),
    Area.HEALTH: N_("Sleep, health and screen time"),
    Area.TALENTS: N_("Interests and talents"),
    Area.SCHOOL_CAREER: N_("School career"),
    Area.TALKING: N_("Talking points for at home"),
}

PHRASES: tuple[Phrase, ...] = (
    # Reading and language
    _counted(
        "read_together",
        Area.READING,
        Owner.PARENTS,
        Nn_(
            "Read together with your child for {count} minute every day.",
            "Read together with your child for {count} minutes every day.",
        ),
        Count.MINUTES,
    ),
    Phrase(
        "read_book",
        Area.READING,
        Owner.PUPIL,
        N_("Read the book “{name}” at home and tell the class about it."),
    ),
    Phrase(
        "small_group_reading",
        Area.READING,
        Owner.SCHOOL,
        N_("Give your child extra reading lessons in a small group."),
    ),
    _counted(
        "pupil_reads_daily",
        Area.READING,
        Owner.PUPIL,
        Nn_(
            "Read a book for {count} minute every day.",
            "Read a book for {count} minutes every day.",
        ),
        Count.MINUTES,
    ),
    _counted(
        "pupil_practises_words",
        Area.READING,
        Owner.PUPIL,
        Nn_(
            "Practise new words for {count} minute every day.",
            "Practise new words for {count} minutes every day.",
        ),
        Count.MINUTES,
    ),
    _counted(
        "pupil_reading_app",
        Area.READING,
        Owner.PUPIL,
        Nn_(
            "Practise reading with the school's app {count} day a week.",
            "Practise reading with the school's app {count} days a week.",
        ),
        Count.DAYS,
    ),
    Phrase(
        "parents_home_language",
        Area.READING,
        Owner.PARENTS,
        N_("Read and talk with your child in your own language too."),
    ),
    _counted(
        "parents_listen_reading",
        Area.READING,
        Owner.PARENTS,
        Nn_(
            "Listen to your child reading aloud {count} day a week.",
            "Listen to your child reading aloud {count} days a week.",
        ),
        Count.DAYS,
    ),
    _counted(
        "parents_library",
        Area.READING,
        Owner.PARENTS,
        Nn_(
            "Go to the library with your child every {count} week.",
            "Go to the library with your child every {count} weeks.",
        ),
        Count.WEEKS,
    ),
    Phrase(
        "school_reading_tips",
        Area.READING,
        Owner.SCHOOL,
        N_("Give you tips, books and apps for reading at home."),
    ),
    Phrase(
        "school_dutch_support",
        Area.READING,
        Owner.SCHOOL,
        N_("Give your child extra help with Dutch."),
    ),
    _counted(
        "school_reading_update",
        Area.READING,
        Owner.SCHOOL,
        Nn_(
            "Tell you how the reading is going every {count} week.",
            "Tell you how the reading is going every {count} weeks.",
        ),
        Count.WEEKS,
    ),
    # Arithmetic
    _counted(
        "pupil_times_tables",
        Area.ARITHMETIC,
        Owner.PUPIL,
        Nn_(
            "Practise the times tables for {count} minute every day.",
            "Practise the times tables for {count} minutes every day.",
        ),
        Count.MINUTES,
    ),
    _counted(
        "pupil_maths_computer",
        Area.ARITHMETIC,
        Owner.PUPIL,
        Nn_(
            "Practise arithmetic on the computer {count} day a week.",
            "Practise arithmetic on the computer {count} days a week.",
        ),
        Count.DAYS,
    ),
    Phrase(
        "pupil_checks_sums",
        Area.ARITHMETIC,
        Owner.PUPIL,
        N_("Check the sums again before handing in the work."),
    ),
    _counted(
        "parents_number_games",
        Area.ARITHMETIC,
        Owner.PARENTS,
        Nn_(
            "Play a game with numbers or dice with your child {count} day a week.",
            "Play a game with numbers or dice with your child {count} days a week.",
        ),
        Count.DAYS,
    ),
    Phrase(
        "parents_money_clock",
        Area.ARITHMETIC,
        Owner.PARENTS,
        N_("Let your child count money and use the clock and the calendar at home."),
    ),
    Phrase(
        "parents_everyday_numbers",
        Area.ARITHMETIC,
        Owner.PARENTS,
        N_("Talk with your child about numbers when cooking or shopping."),
    ),
    Phrase(
        "school_maths_small_group",
        Area.ARITHMETIC,
        Owner.SCHOOL,
        N_("Give your child extra arithmetic lessons in a small group."),
    ),
    Phrase(
        "school_maths_challenge",
        Area.ARITHMETIC,
        Owner.SCHOOL,
        N_("Give your child more difficult arithmetic work."),
    ),
    Phrase(
        "school_maths_practice_home",
        Area.ARITHMETIC,
        Owner.SCHOOL,
        N_("Give your child extra arithmetic practice for at home."),
    ),
    # Homework and planning
    Phrase(
        "pupil_brings_planner",
        Area.HOMEWORK,
        Owner.PUPIL,
        N_("Bring the homework planner to school every day."),
    ),
    _counted(
        "pupil_homework_time",
        Area.HOMEWORK,
        Owner.PUPIL,
        Nn_(
            "Work on homework for {count} minute every day.",
            "Work on homework for {count} minutes every day.",
        ),
        Count.MINUTES,
    ),
    Phrase(
        "pupil_packs_bag", Area.HOMEWORK, Owner.PUPIL, N_("Pack the school bag the evening before.")
    ),
    Phrase(
        "pupil_spreads_study",
        Area.HOMEWORK,
        Owner.PUPIL,
        N_("Study for a test a little every day, not only the day before."),
    ),
    Phrase(
        "parents_check_homework",
        Area.HOMEWORK,
        Owner.PARENTS,
        N_("Check every day that the homework is done."),
    ),
    Phrase(
        "parents_quiet_place",
        Area.HOMEWORK,
        Owner.PARENTS,
        N_("Give your child a quiet place for homework, close to you."),
    ),
    Phrase(
        "parents_planner_together",
        Area.HOMEWORK,
        Owner.PARENTS,
        N_("Look at the homework planner with your child at the start of each week."),
    ),
    Phrase(
        "school_homework_help",
        Area.HOMEWORK,
        Owner.SCHOOL,
        N_("Offer your child homework help after school."),
    ),
    Phrase(
        "school_checks_planner",
        Area.HOMEWORK,
        Owner.SCHOOL,
        N_("Check the homework planner with your child every week."),
    ),
    Phrase(
        "school_tells_homework",
        Area.HOMEWORK,
        Owner.SCHOOL,
        N_("Tell you every week which homework your child has."),
    ),
    # Getting on with others
    Phrase(
        "pupil_tells_teacher",
        Area.SOCIAL,
        Owner.PUPIL,
        N_("Tell the teacher when something goes wrong with other children."),
    ),
    Phrase(
        "pupil_calms_down",
        Area.SOCIAL,
        Owner.PUPIL,
        N_("Take a short break to calm down when angry."),
    ),
    Phrase(
        "pupil_asks_to_play", Area.SOCIAL, Owner.PUPIL, N_("Ask a classmate to play at break time.")
    ),
    Phrase(
        "parents_invite_classmate",
        Area.SOCIAL,
        Owner.PARENTS,
        N_("Invite {name} from the class to play at your home."),
    ),
    Phrase(
        "parents_talk_quarrels",
        Area.SOCIAL,
        Owner.PARENTS,
        N_("Talk with your child about friends and how to solve a quarrel."),
    ),
    Phrase(
        "parents_tell_unhappy",
        Area.SOCIAL,
        Owner.PARENTS,
        N_("Tell the teacher when your child is unhappy at school."),
    ),
    Phrase(
        "school_break_watch",
        Area.SOCIAL,
        Owner.SCHOOL,
        N_("Keep an extra eye on your child at break time."),
    ),
    Phrase("school_buddy", Area.SOCIAL, Owner.SCHOOL, N_("Give your child a buddy in the class.")),
    Phrase(
        "school_social_training",
        Area.SOCIAL,
        Owner.SCHOOL,
        N_("Offer your child a social skills training."),
    ),
    # Motivation and attendance
    Phrase("pupil_on_time", Area.MOTIVATION, Owner.PUPIL, N_("Be at school on time every day.")),
    Phrase(
        "pupil_own_goal",
        Area.MOTIVATION,
        Owner.PUPIL,
        N_("Choose a goal of their own and tell the teacher how it goes."),
    ),
    Phrase(
        "pupil_shows_pride",
        Area.MOTIVATION,
        Owner.PUPIL,
        N_("Show you one thing they are proud of every week."),
    ),
    Phrase(
        "parents_on_time",
        Area.MOTIVATION,
        Owner.PARENTS,
        N_("Make sure your child is at school on time."),
    ),
    Phrase(
        "parents_report_illness",
        Area.MOTIVATION,
        Owner.PARENTS,
        N_("Call the school before school starts when your child is ill."),
    ),
    Phrase(
        "parents_praise_effort",
        Area.MOTIVATION,
        Owner.PARENTS,
        N_("Praise your child for trying hard, not only for good marks."),
    ),
    Phrase(
        "parents_school_holidays",
        Area.MOTIVATION,
        Owner.PARENTS,
        N_("Plan trips and holidays only in the school holidays."),
    ),
    Phrase(
        "school_weekly_checkin",
        Area.MOTIVATION,
        Owner.SCHOOL,
        N_("Have a short talk with your child every week."),
    ),
    _counted(
        "school_contacts_parents",
        Area.MOTIVATION,
        Owner.SCHOOL,
        Nn_(
            "Contact you every {count} week to say how it is going.",
            "Contact you every {count} weeks to say how it is going.",
        ),
        Count.WEEKS,
    ),
    Phrase(
        "school_good_news",
        Area.MOTIVATION,
        Owner.SCHOOL,
        N_("Send you a message when something goes well."),
    ),
    # Sleep, health and screen time
    Phrase("pupil_bedtime", Area.HEALTH, Owner.PUPIL, N_("Go to bed on time before a school day.")),
    Phrase("pupil_breakfast", Area.HEALTH, Owner.PUPIL, N_("Eat breakfast before school.")),
    _counted(
        "pupil_moves_daily",
        Area.HEALTH,
        Owner.PUPIL,
        Nn_(
            "Play outside or do sport for {count} minute every day.",
            "Play outside or do sport for {count} minutes every day.",
        ),
        Count.MINUTES,
    ),
    Phrase(
        "parents_screens_off",
        Area.HEALTH,
        Owner.PARENTS,
        N_("Switch off screens an hour before your child goes to bed."),
    ),
    Phrase(
        "parents_no_screens_bedroom",
        Area.HEALTH,
        Owner.PARENTS,
        N_("Keep phones and tablets out of the bedroom at night."),
    ),
    _counted(
        "parents_game_time",
        Area.HEALTH,
        Owner.PARENTS,
        Nn_(
            "Let your child play games on a screen for {count} minute a day at most.",
            "Let your child play games on a screen for {count} minutes a day at most.",
        ),
        Count.MINUTES,
    ),
    Phrase("school_nurse", Area.HEALTH, Owner.SCHOOL, N_("Ask the school nurse to talk with you.")),
    Phrase(
        "school_tired_in_class",
        Area.HEALTH,
        Owner.SCHOOL,
        N_("Tell you when your child is very tired in class."),
    ),
    Phrase(
        "school_movement_breaks",
        Area.HEALTH,
        Owner.SCHOOL,
        N_("Give your child short breaks to move in class."),
    ),
    # Interests and talents
    Phrase("pupil_joins_club", Area.TALENTS, Owner.PUPIL, N_("Join the club “{name}”.")),
    _counted(
        "pupil_goes_to_activity",
        Area.TALENTS,
        Owner.PUPIL,
        Nn_("Go to “{name}” {count} day a week.", "Go to “{name}” {count} days a week."),
        Count.DAYS,
    ),
    Phrase(
        "pupil_tells_hobby",
        Area.TALENTS,
        Owner.PUPIL,
        N_("Tell the class about a hobby or something they are good at."),
    ),
    Phrase(
        "parents_find_club",
        Area.TALENTS,
        Owner.PARENTS,
        N_("Look for a sports club or music lessons that suit your child."),
    ),
    Phrase(
        "parents_club_costs",
        Area.TALENTS,
        Owner.PARENTS,
        N_("Ask the school about help with the cost of a club."),
    ),
    Phrase(
        "parents_outings",
        Area.TALENTS,
        Owner.PARENTS,
        N_("Take your child to a museum, a park or the zoo."),
    ),
    Phrase(
        "school_interest_tasks",
        Area.TALENTS,
        Owner.SCHOOL,
        N_("Give your child tasks that fit their interests."),
    ),
    Phrase(
        "school_activities_info",
        Area.TALENTS,
        Owner.SCHOOL,
        N_("Tell you about activities for children after school."),
    ),
    Phrase(
        "school_show_talent",
        Area.TALENTS,
        Owner.SCHOOL,
        N_("Give your child a chance to show their talent in class."),
    ),
    # School career
    Phrase(
        "pupil_open_day_questions",
        Area.SCHOOL_CAREER,
        Owner.PUPIL,
        N_("Write down questions for the open days of secondary schools."),
    ),
    Phrase(
        "pupil_likes_list",
        Area.SCHOOL_CAREER,
        Owner.PUPIL,
        N_("Make a list of what they like and what they are good at."),
    ),
    Phrase(
        "parents_open_days",
        Area.SCHOOL_CAREER,
        Owner.PARENTS,
        N_("Go to the open days of secondary schools with your child."),
    ),
    Phrase(
        "parents_info_evening",
        Area.SCHOOL_CAREER,
        Owner.PARENTS,
        N_("Come to the information evening about secondary school."),
    ),
    Phrase(
        "parents_share_hopes",
        Area.SCHOOL_CAREER,
        Owner.PARENTS,
        N_("Tell the teacher what you hope for your child's future."),
    ),
    Phrase(
        "school_explains_system",
        Area.SCHOOL_CAREER,
        Owner.SCHOOL,
        N_("Explain the Dutch school system and the choices ahead."),
    ),
    Phrase(
        "school_advice_talk",
        Area.SCHOOL_CAREER,
        Owner.SCHOOL,
        N_("Explain the school advice for secondary school in a separate talk."),
    ),
    Phrase(
        "school_care_coordinator",
        Area.SCHOOL_CAREER,
        Owner.SCHOOL,
        N_("Ask the care coordinator to look at how your child learns."),
    ),
    _counted(
        "school_reviews_agreements",
        Area.SCHOOL_CAREER,
        Owner.SCHOOL,
        Nn_(
            "Look at these agreements with you every {count} week.",
            "Look at these agreements with you every {count} weeks.",
        ),
        Count.WEEKS,
    ),
    # Talking points for at home (seed 004 point 6)
    Phrase(
        "talk_liked_today",
        Area.TALKING,
        Owner.PARENTS,
        N_("What your child liked at school today."),
    ),
    Phrase("talk_book", Area.TALKING, Owner.PARENTS, N_("The book your child is reading.")),
    Phrase(
        "talk_learned_today",
        Area.TALKING,
        Owner.PARENTS,
        N_("Something new your child learned today."),
    ),
    Phrase(
        "talk_played_with",
        Area.TALKING,
        Owner.PARENTS,
        N_("Who your child played with at break time."),
    ),
    Phrase(
        "talk_proud", Area.TALKING, Owner.PARENTS, N_("Something your child is proud of this week.")
    ),
    Phrase(
        "talk_difficult",
        Area.TALKING,
        Owner.PARENTS,
        N_("Something that was difficult, and how your child solved it."),
    ),
    Phrase(
        "talk_tomorrow", Area.TALKING, Owner.PARENTS, N_("What will happen at school tomorrow.")
    ),
    Phrase("talk_own_school_days", Area.TALKING, Owner.PARENTS, N_("Your own school days.")),
    Phrase(
        "talk_future",
        Area.TALKING,
        Owner.PARENTS,
        N_("What your child would like to become later."),
    ),
    Phrase(
        "talk_show_work",
        Area.TALKING,
        Owner.PARENTS,
        N_("Work your child made at school, and what went well."),
    ),
)

BY_KEY: dict[str, Phrase] = {phrase.key: phrase for phrase in PHRASES}
