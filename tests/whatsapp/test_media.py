"""What WhatsApp takes through Twilio, and the reason a rep reads when it does not."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.whatsapp.media import ACCEPTED_TYPES, MAX_BYTES, MAX_IMAGE_BYTES, MB, problem


@pytest.mark.parametrize("mimetype", sorted(ACCEPTED_TYPES))
def test_accepted_types_pass_at_their_limit(mimetype):
    limit = MAX_IMAGE_BYTES if mimetype.startswith("image/") else MAX_BYTES

    assert problem(mimetype, limit) is None
    assert problem(mimetype, 1) is None


@pytest.mark.parametrize("mimetype", [
    "image/jpeg", "image/png", "audio/ogg", "audio/mpeg", "video/mp4", "video/3gpp", "application/pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "text/plain",
])
def test_the_types_reps_send_most_are_accepted(mimetype):
    assert problem(mimetype, 48213) is None


def test_an_image_over_5_mb_is_refused_with_its_size_and_the_limit():
    reason = problem("image/png", MAX_IMAGE_BYTES + 1)

    assert reason is not None and "5.1 MB" in reason and "up to 5 MB" in reason and "images" in reason


def test_a_video_over_16_mb_is_refused_but_one_of_6_mb_is_not():
    assert problem("video/mp4", 6 * MB) is None
    reason = problem("video/mp4", 20 * MB)

    assert reason is not None and "20.0 MB" in reason and "up to 16 MB" in reason


@pytest.mark.parametrize("mimetype", ["image/gif", "image/webp", "image/heic", "application/zip", "text/html",
                                      "video/quicktime", "application/octet-stream", "image/svg+xml"])
def test_other_types_are_refused_naming_the_type_and_what_goes(mimetype):
    reason = problem(mimetype, 1000)

    assert reason is not None and mimetype in reason and "PDF" in reason and "JPEG" in reason


@pytest.mark.parametrize("mimetype", [None, "", "  "])
def test_an_unknown_type_is_refused(mimetype):
    reason = problem(mimetype, 1000)

    assert reason is not None and "what kind of file" in reason


def test_unknown_size_is_judged_by_type_alone():
    assert problem("image/png", None) is None
    assert problem("image/gif", None) is not None


def test_an_empty_file_is_refused():
    assert problem("text/plain", 0) is not None


def test_case_and_parameters_are_ignored():
    assert problem("Text/Plain; charset=utf-8", 10) is None
    assert problem("IMAGE/JPEG", MAX_IMAGE_BYTES) is None


@given(st.one_of(st.none(), st.text()), st.one_of(st.none(), st.integers()))
def test_any_input_gives_none_or_a_sentence(mimetype, size):
    reason = problem(mimetype, size)

    assert reason is None or (isinstance(reason, str) and reason.strip())
