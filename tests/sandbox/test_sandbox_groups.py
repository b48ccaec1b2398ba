"""Groups, supergroups and channels behave for the bot as Telegram's do: negative ids, the
privacy mode, my_chat_member on joining and leaving, leaveChat, and other bots' accounts."""

from __future__ import annotations

import pytest
from telegram import (
    Bot,
    ChatMemberAdministrator,
    ChatMemberLeft,
    ChatMemberMember,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
)
from telegram.error import BadRequest, Forbidden

from bot.sandbox import Sandbox, SimGroup, SimUser


@pytest.fixture
async def anna(sandbox: Sandbox) -> SimUser:
    return sandbox.create_user("Anna", last_name="Jansen")


@pytest.fixture
async def group(sandbox: Sandbox) -> SimGroup:
    return sandbox.create_group("Ouders groep 5")


async def test_groups_have_negative_ids_and_supergroups_and_channels_start_with_minus_100(
    sandbox: Sandbox,
) -> None:
    group = sandbox.create_group("Ouders")
    supergroup = sandbox.create_group("School", kind="supergroup")
    channel = sandbox.create_group("Nieuws", kind="channel")

    assert group.id < 0
    assert not str(group.id).startswith("-100")
    assert str(supergroup.id).startswith("-100")
    assert str(channel.id).startswith("-100")
    assert len({group.id, supergroup.id, channel.id}) == 3
    with pytest.raises(ValueError, match="one of group, supergroup, channel"):
        sandbox.create_group("Chat", kind="private")


async def test_a_group_the_bot_is_not_in_sends_it_nothing(
    group: SimGroup, anna: SimUser, bot: Bot
) -> None:
    await group.send(anna, "/start abc")

    assert await bot.get_updates() == ()
    with pytest.raises(BadRequest, match="Chat not found"):
        await bot.send_message(group.id, "hallo")


async def test_being_added_gives_my_chat_member_and_the_joined_service_message(
    group: SimGroup, anna: SimUser, bot: Bot
) -> None:
    await group.add_bot(by=anna)
    joined, service = await bot.get_updates()

    change = joined.my_chat_member
    assert (change.chat.id, change.chat.type, change.chat.title) == (
        group.id,
        "group",
        "Ouders groep 5",
    )
    assert change.from_user.id == anna.id
    assert isinstance(change.old_chat_member, ChatMemberLeft)
    assert isinstance(change.new_chat_member, ChatMemberMember)
    assert change.new_chat_member.user.id == bot.id
    assert service.message.chat.id == group.id
    assert [member.id for member in service.message.new_chat_members] == [bot.id]
    assert group.bot_is_member


async def test_privacy_mode_lets_through_commands_replies_and_mentions_only(
    group: SimGroup, anna: SimUser, bot: Bot
) -> None:
    await group.add_bot(by=anna)
    offset = (await bot.get_updates())[-1].update_id + 1
    sent = await bot.send_message(group.id, "Ik werk alleen in een privéchat.")
    bots_message = group.find(sent.message_id)
    assert bots_message is not None

    await group.send(anna, "Wie haalt de kinderen op?")  # plain talk: not for the bot
    await group.send(anna, "/start@some_other_bot abc")  # another bot's command
    await group.send(anna, "/talks")
    await group.send(anna, "/start@parentbot_sandbox_bot abc")
    await group.send(anna, "Dank je", reply_to=bots_message)
    await group.send(anna, "Vraag aan @parentbot_sandbox_bot")
    updates = await bot.get_updates(offset=offset)

    assert [update.message.text for update in updates] == [
        "/talks",
        "/start@parentbot_sandbox_bot abc",
        "Dank je",
        "Vraag aan @parentbot_sandbox_bot",
    ]
    talks = updates[0].message
    assert (talks.chat.type, talks.chat.id, talks.from_user.id) == ("group", group.id, anna.id)
    assert talks.entities[0].type == "bot_command"
    assert updates[2].message.reply_to_message.from_user.id == bot.id


async def test_an_administrator_bot_reads_every_message_of_a_supergroup(
    sandbox: Sandbox, anna: SimUser, bot: Bot
) -> None:
    supergroup = sandbox.create_group("Ouderraad", kind="supergroup")
    await supergroup.add_bot(by=anna, admin=True)
    joined, service = await bot.get_updates()
    assert isinstance(joined.my_chat_member.new_chat_member, ChatMemberAdministrator)

    await supergroup.send(anna, "Mijn antwoord: hij leest graag")
    (update,) = await bot.get_updates(offset=service.update_id + 1)

    assert update.message.text == "Mijn antwoord: hij leest graag"
    assert update.message.chat.type == "supergroup"


async def test_the_bot_writes_in_a_group_and_people_press_its_buttons_there(
    group: SimGroup, anna: SimUser, bot: Bot, sandbox: Sandbox
) -> None:
    piet = sandbox.create_user("Piet")
    await group.add_bot(by=anna)
    offset = (await bot.get_updates())[-1].update_id + 1
    markup = InlineKeyboardMarkup([[InlineKeyboardButton("Plan", callback_data="plan")]])
    await bot.send_message(group.id, "Kies", reply_markup=markup)
    shown = await group.expect_message("Kies")

    await group.press(piet, "Plan")
    (update,) = await bot.get_updates(offset=offset)
    query = update.callback_query
    assert (query.from_user.id, query.data) == (piet.id, "plan")
    assert (query.message.chat.id, query.message.chat.type) == (group.id, "group")
    assert query.message.message_id == shown.message_id
    await query.answer("Alleen in een privéchat.")
    assert piet.callback_answers == ["Alleen in een privéchat."]
    assert "bot: Kies" in group.transcript()


async def test_leave_chat_takes_the_bot_out_and_tells_it_so(
    group: SimGroup, anna: SimUser, bot: Bot
) -> None:
    await group.add_bot(by=anna)
    offset = (await bot.get_updates())[-1].update_id + 1

    assert await bot.leave_chat(group.id)
    (update,) = await bot.get_updates(offset=offset)
    left = update.my_chat_member
    assert left.from_user.id == bot.id
    assert isinstance(left.old_chat_member, ChatMemberMember)
    assert isinstance(left.new_chat_member, ChatMemberLeft)
    assert not group.bot_is_member

    with pytest.raises(Forbidden, match="bot is not a member of the group chat"):
        await bot.send_message(group.id, "nog iets")
    with pytest.raises(Forbidden, match="bot is not a member of the group chat"):
        await bot.leave_chat(group.id)
    await group.send(anna, "/start abc")
    assert await bot.get_updates(offset=offset + 1) == ()


async def test_a_private_chat_cannot_be_left_and_an_unknown_chat_is_not_found(
    anna: SimUser, bot: Bot
) -> None:
    await anna.start()
    with pytest.raises(BadRequest, match="can't be changed in private chats"):
        await bot.leave_chat(anna.id)
    with pytest.raises(BadRequest, match="Chat not found"):
        await bot.leave_chat(-4_123_456_789)


async def test_a_bot_removed_from_a_supergroup_is_kicked(
    sandbox: Sandbox, anna: SimUser, bot: Bot
) -> None:
    supergroup = sandbox.create_group("Ouderraad", kind="supergroup")
    await supergroup.add_bot(by=anna)
    await supergroup.remove_bot(by=anna)

    with pytest.raises(Forbidden, match="bot was kicked from the supergroup chat"):
        await bot.send_message(supergroup.id, "hallo")


async def test_a_channel_post_comes_from_the_channel_itself(
    sandbox: Sandbox, anna: SimUser, bot: Bot
) -> None:
    channel = sandbox.create_group("Nieuws van school", kind="channel")
    await channel.add_bot(by=anna)
    await channel.post("/start abc")
    joined, posted = await bot.get_updates()

    assert isinstance(joined.my_chat_member.new_chat_member, ChatMemberAdministrator)
    assert joined.my_chat_member.new_chat_member.can_post_messages
    post = posted.channel_post
    assert (post.chat.id, post.chat.type, post.text) == (channel.id, "channel", "/start abc")
    assert post.from_user is None
    assert post.sender_chat.id == channel.id
    with pytest.raises(ValueError, match="post"):
        await channel.send(anna, "hallo")
    with pytest.raises(ValueError, match="channels"):
        await sandbox.create_group("Ouders").post("hallo")


async def test_another_bot_s_account_is_marked_as_a_bot_and_cannot_be_written_to(
    sandbox: Sandbox, bot: Bot
) -> None:
    mallory = sandbox.create_user("Mallory", is_bot=True, username="mallory_bot")
    await mallory.send("/start abc")
    (update,) = await bot.get_updates()

    assert update.message.from_user.is_bot
    with pytest.raises(Forbidden, match="bot can't send messages to bots"):
        await bot.send_message(mallory.id, "hallo")


async def test_an_edit_arrives_as_edited_message_with_the_new_text(anna: SimUser, bot: Bot) -> None:
    sent = await anna.send("Hij leest graag")
    (first,) = await bot.get_updates()

    await anna.edit(sent, "Hij leest graag /strips")
    (update,) = await bot.get_updates(offset=first.update_id + 1)

    edited = update.edited_message
    assert update.message is None
    assert (edited.message_id, edited.text) == (sent.message_id, "Hij leest graag /strips")
    assert edited.edit_date is not None
    assert edited.entities[0].type == "bot_command"
    assert "(edited)" in anna.transcript()
    with pytest.raises(ValueError, match="keeps the text"):
        await anna.edit(sent, "Hij leest graag /strips")


async def test_a_group_can_start_with_the_bot_already_in_it(
    sandbox: Sandbox, anna: SimUser, bot: Bot
) -> None:
    group = sandbox.create_group("Ouders", bot_status="member")

    assert await bot.get_updates() == ()  # it joined before anyone listened
    await group.send(anna, "/talks")
    (update,) = await bot.get_updates()
    assert update.message.chat.id == group.id
    await bot.send_message(group.id, "Ik werk alleen in een privéchat.")
    assert group.messages[-1].text == "Ik werk alleen in een privéchat."
    with pytest.raises(ValueError, match="left, member or administrator"):
        sandbox.create_group("Ouders", bot_status="kicked")
