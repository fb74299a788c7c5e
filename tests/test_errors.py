"""The output-file check the deck, narrative and notice commands share."""

from pathlib import Path

import pytest

from dashboard.errors import TuopinError, check_output_file


def test_a_wrong_ending_names_the_endings_in_both_languages(tmp_path: Path):
    with pytest.raises(TuopinError) as caught:
        check_output_file(tmp_path / "notice.txt", (".docx", ".pdf"))
    assert caught.value.message_zh == f"输出文件应以 .docx 或 .pdf 结尾：{tmp_path / 'notice.txt'}"
    assert caught.value.message_en.startswith("The output file should end in .docx or .pdf: ")


def test_a_missing_folder_is_refused_whatever_the_ending(tmp_path: Path):
    out = tmp_path / "nowhere" / "deck.pptx"
    with pytest.raises(TuopinError) as caught:
        check_output_file(out, (".pptx",))
    assert caught.value.message_zh == f"输出目录不存在：{out.parent}。请先创建它。"
    with pytest.raises(TuopinError):
        check_output_file(out)  # no ending asked for: the folder still must exist


def test_a_good_path_comes_back_and_nothing_is_written(tmp_path: Path):
    out = tmp_path / "DECK.PPTX"
    assert check_output_file(out, (".pptx",)) == out
    assert list(tmp_path.iterdir()) == []
