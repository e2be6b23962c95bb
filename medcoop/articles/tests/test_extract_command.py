"""`medcoop extract FILE` answers without starting Django's apps; a problem falls back to the full command."""

import json

from medcoop.articles.command_line import quick


def test_quick_extract_prints_one_json_object(tmp_path, capsys):
    article = tmp_path / "a.txt"
    article.write_text("Tin hợp tác\nBệnh viện Đa khoa tỉnh Hải Sơn ký biên bản ghi nhớ với Đại học Westmark.\n")
    assert quick([str(article)]) is True
    printed = json.loads(capsys.readouterr().out)
    assert {o["name"] for o in printed["organizations"]} >= {"Bệnh viện Đa khoa tỉnh Hải Sơn", "Đại học Westmark"}
    assert "text" not in printed


def test_a_missing_file_is_left_to_the_full_command(tmp_path, capsys):
    assert quick([str(tmp_path / "missing.txt")]) is False
    assert capsys.readouterr().out == ""
