"""The gazetteer is built once into the user's cache folder and read from there by name afterwards."""

from medcoop.articles import gazetteers


def _forget():
    for cached in (gazetteers._gazetteer, gazetteers.city_table, gazetteers.country_table, gazetteers._is_province):
        cached.cache_clear()


def test_built_once_then_looked_up_from_the_cache_file(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    _forget()
    try:
        assert gazetteers.city_table().get("osaka") == "JP"
        files = list((tmp_path / "medcoop").glob("gazetteer-*.sqlite"))
        assert len(files) == 1
        built = files[0].stat().st_mtime_ns
        _forget()
        assert gazetteers.country_table()[("han", "quoc")] == "KR"
        assert gazetteers.city_table().get("no such city at all") is None
        assert files[0].stat().st_mtime_ns == built  # read, not built again
    finally:
        monkeypatch.undo()
        _forget()
