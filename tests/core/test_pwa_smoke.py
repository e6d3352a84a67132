import pytest


@pytest.mark.django_db
def test_smoke(client):
    for url in [
        "/sw.js",
        "/manifest.webmanifest?lang=es",
        "/favicon.ico",
        "/offline/es/",
        "/offline/en/",
    ]:
        r = client.get(url)
        assert r.status_code == 200, url
    assert "BASEWORK" in client.get("/sw.js").content.decode()
    assert client.get("/offline/xx/").status_code == 404
