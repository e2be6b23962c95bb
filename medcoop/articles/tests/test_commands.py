"""The batch importer goes on past a bad file and never stores an article twice."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from medcoop.articles.models import Article

GOOD = "Bệnh viện K ký kết hợp tác với Viện Gustave Roussy tại Pháp về đào tạo ung thư."


def test_a_folder_is_imported_past_bad_files_and_again_adds_nothing(tmp_path, coordinator_a):
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "b.txt").write_bytes(b"")
    (tmp_path / "c.html").write_text("<html><body><nav>menu</nav></body></html>", encoding="utf-8")
    (tmp_path / "d.txt").write_bytes(b"\x00\x01binary" * 50)
    (tmp_path / "e.txt").write_text(GOOD.replace("đào tạo", "nghiên cứu"), encoding="utf-8")
    out, err = StringIO(), StringIO()
    call_command("import_articles", str(tmp_path), "--as", coordinator_a.username, stdout=out, stderr=err)
    assert out.getvalue().strip() == "2 new, 0 already imported, 3 failed"
    assert "b.txt: failed: Tệp rỗng." in err.getvalue() and "[5/5]" in err.getvalue()
    assert Article.objects.count() == 2
    out = StringIO()
    call_command(
        "import_articles", str(tmp_path / "a.txt"), "--as", coordinator_a.username, stdout=out, stderr=StringIO()
    )
    assert out.getvalue().strip() == "0 new, 1 already imported, 0 failed"
    assert Article.objects.count() == 2


def test_a_50_megabyte_file_is_refused_without_reading_it_in(tmp_path, coordinator_a):
    big = tmp_path / "big.txt"
    big.write_bytes(b"a" * (50 * 1024 * 1024))
    err = StringIO()
    with pytest.raises(CommandError, match="No article could be imported"):
        call_command("import_articles", str(big), "--as", coordinator_a.username, stdout=StringIO(), stderr=err)
    assert "lớn hơn" in err.getvalue()
    assert not Article.objects.exists()
