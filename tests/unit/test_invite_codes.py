from bot.domain.invite_codes import derive_code, hash_code, looks_like_code


def test_codes_are_stable_per_person_and_generation_and_fit_a_deep_link():
    first = derive_code(b"secret", "guardian", 7, 1)
    assert first == derive_code(b"secret", "guardian", 7, 1)
    assert looks_like_code(first)
    assert (
        len(
            {first, derive_code(b"secret", "guardian", 7, 2), derive_code(b"secret", "staff", 7, 1)}
        )
        == 3
    )


def test_a_different_secret_gives_a_different_code():
    assert derive_code(b"one", "guardian", 1, 1) != derive_code(b"two", "guardian", 1, 1)


def test_the_stored_hash_does_not_contain_the_code():
    code = derive_code(b"secret", "guardian", 1, 1)
    assert code not in hash_code(code)
    assert len(hash_code(code)) == 64


def test_only_well_formed_payloads_look_like_codes():
    assert not looks_like_code("")
    assert not looks_like_code("a" * 23)
    assert not looks_like_code("' OR 1=1 --aaaaaaaaaaaaaa")
